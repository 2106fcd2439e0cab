"""The Test a photo page headlessly: the ImageNet default, then a fine-tuned model listed."""

from __future__ import annotations

import pytest

from tests.dashboard.apptest import open_page


@pytest.fixture(autouse=True)
def lab_home(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path / "home"))


def test_without_a_fine_tuned_model_it_offers_imagenet() -> None:
    at = open_page("test_photo.py")
    assert not at.exception, at.exception
    assert at.selectbox(key="photo.model").value == "imagenet"
    assert at.selectbox(key="photo.backbone").value == "efficientnet_lite0"
    assert any("No fine-tuned model yet" in i.value for i in at.info)
    assert any("Upload one or more photos" in i.value for i in at.info)


def test_a_fine_tuned_run_is_the_default_model(shared_datasets, tmp_path) -> None:
    from core.finetune import default_config, make_run
    from core.transfer import TransferSpec
    from core.transfer_data import photos_from_folder
    from tests.core.transfer_photos import photo_folder

    photos = photos_from_folder(photo_folder(shared_datasets, tmp_path / "photos", 4))
    spec = TransferSpec("efficientnet_lite0", tuple(photos.classes), "head")
    run = make_run(spec, photos, default_config("head", "mini", epochs=1, val_fraction=0.25))
    run.start()
    run.join(300)
    assert run.status == "finished", run.error
    at = open_page("test_photo.py")
    assert not at.exception, at.exception
    assert at.selectbox(key="photo.model").value == str(run.run_dir)
    assert "human, monkey" in at.selectbox(key="photo.model").format_func(str(run.run_dir))
