"""The Test a photo page headlessly: the ImageNet default, then a fine-tuned model listed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.dashboard.apptest import default_value_warnings, open_page, page_file


@pytest.fixture(autouse=True)
def lab_home(tmp_path, monkeypatch):
    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path / "home"))


def _fine_tune(shared_datasets, folder, name: str | None = None):
    """A finished head-only fine-tuning run on a few photos."""
    from tests.core.transfer_photos import head_run

    return head_run(shared_datasets, folder, 4, name, epochs=1)[0]


def test_without_a_fine_tuned_model_it_offers_imagenet() -> None:
    at = open_page("test_photo")
    assert not at.exception, at.exception
    assert at.selectbox(key="photo.model").value == "imagenet"
    assert at.selectbox(key="photo.backbone").value == "efficientnet_lite0"
    assert any("No fine-tuned model yet" in i.value for i in at.info)
    assert any(
        "Choose one or more photos to test" in i.value for i in at.info
    )  # no side: a phone stacks the columns


def test_a_fine_tuned_run_is_the_default_model(shared_datasets, tmp_path) -> None:
    run = _fine_tune(shared_datasets, tmp_path / "photos")
    at = open_page("test_photo")
    assert not at.exception, at.exception
    assert at.selectbox(key="photo.model").value == str(run.run_dir)
    assert "human, monkey" in at.selectbox(key="photo.model").format_func(str(run.run_dir))


def test_the_model_choice_survives_a_visit_to_another_page(shared_datasets, tmp_path) -> None:
    first = _fine_tune(shared_datasets, tmp_path / "photos", "first")
    with default_value_warnings() as warnings:
        at = open_page("test_photo")
        assert at.selectbox(key="photo.model").value == str(first.run_dir)
        at.selectbox(key="photo.model").set_value("imagenet").run()
        at.slider(key="photo.top_k").set_value(7).run()  # not the default (3)
        at.switch_page(page_file("home")).run()
        at.switch_page(page_file("test_photo")).run()
    assert not warnings  # each widget is drawn without a default (app.py sets its value)
    assert not at.exception, at.exception
    assert not [w.value for w in at.warning if "default value" in w.value]
    assert at.selectbox(key="photo.model").value == "imagenet"
    assert at.selectbox(key="photo.backbone").value == "efficientnet_lite0"
    assert at.slider(key="photo.top_k").value == 7
    # A model fine-tuned meanwhile (the Transfer page links here) becomes the choice.
    second = _fine_tune(shared_datasets, tmp_path / "photos", "second")
    at.switch_page(page_file("home")).run()
    at.switch_page(page_file("test_photo")).run()
    assert not at.exception, at.exception
    assert at.selectbox(key="photo.model").value == str(second.run_dir)
    assert at.slider(key="photo.top_k").value == 7


def test_a_backbone_that_needs_a_download_says_how_and_offers_it() -> None:
    at = open_page("test_photo")
    at.selectbox(key="photo.backbone").set_value("resnet50").run()
    assert not at.exception, at.exception
    assert any("ResNet-50" in w.value and "resnet50-0676ba61.pth" in w.value for w in at.warning)
    assert at.button(key="photo.backbone_download")


def _break_weights(run_dir) -> None:
    """The weights of another model: the saved spec now names three classes."""
    import torch

    checkpoint = torch.load(run_dir / "best.pt", weights_only=True)
    checkpoint["spec"]["classes"] = [*checkpoint["spec"]["classes"], "third"]
    torch.save(checkpoint, run_dir / "best.pt")


def test_a_run_that_cannot_load_is_marked_and_the_page_falls_back(
    shared_datasets, tmp_path
) -> None:
    runs = [_fine_tune(shared_datasets, tmp_path / name).run_dir for name in ("one", "two")]
    default = Path(open_page("test_photo").session_state["photo.model"])
    [good] = [run for run in runs if run != default]
    bad = default  # the newest: everyone's default
    _break_weights(bad)
    at = open_page("test_photo")
    assert not at.exception, at.exception
    model = at.selectbox(key="photo.model")
    assert model.value == str(good)
    assert "cannot be loaded" in model.format_func(str(bad))
    assert any(bad.name in w.value for w in at.warning)
    model.set_value(str(bad)).run()  # chosen on purpose: a message, not a traceback
    assert not at.exception, at.exception
    assert any("do not fit" in e.value for e in at.error)


def _several_photos(run_dir: str) -> None:
    from core.images import open_rgb
    from core.paths import ASSETS_DIR
    from core.transfer.inference import load_model
    from dashboard.transfer.photo_panel import choose_photo

    model = load_model(run_dir)
    photos = [
        (n, open_rgb((ASSETS_DIR / "samples" / n).read_bytes())) for n in ("cat.jpg", "coffee.jpg")
    ]
    choose_photo(model, photos)


def test_several_photos_show_the_answer_the_softmax_and_the_unknown_score_apart(
    shared_datasets, tmp_path
) -> None:
    """A student read "neither │ 81.86%" as "81% sure it is neither": the 81.86% was the
    softmax's share for a class."""
    from streamlit.testing.v1 import AppTest

    run = _fine_tune(shared_datasets, tmp_path / "photos")
    at = AppTest.from_function(_several_photos, args=(str(run.run_dir),), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    rows = at.dataframe[0].value.to_dict("records")
    assert [row["photo"] for row in rows] == ["cat.jpg", "coffee.jpg"]
    for row in rows:
        label, share = row["softmax"].rsplit(" ", 1)
        assert label in ("human", "monkey") and share.endswith("%")
        assert row["answer"] in ("human", "monkey", "neither")
        assert "(threshold " in row["unknown score"]
        assert (row["answer"] == "neither") == (
            float(row["unknown score"].split()[0]) > float(row["unknown score"].split()[-1][:-1])
        )


def test_the_imagenet_exercise_chooses_imagenet_over_her_fine_tuned_model(
    shared_datasets, tmp_path
) -> None:
    """001's "a pretrained ImageNet CNN names a photo" card: her own monkey/human model, the
    page's usual first choice, must not answer it (a browser test saw it do so)."""
    _fine_tune(shared_datasets, tmp_path / "photos")
    at = open_page("course")
    at.button(key="course.001-imagenet-top3").click().run()
    assert not at.exception, at.exception
    assert at.selectbox(key="photo.model").value == "imagenet"
    assert at.slider(key="photo.top_k").value == 3
    at.switch_page(page_file("home")).run()  # chosen as if by her: it stays
    at.switch_page(page_file("test_photo")).run()
    assert at.selectbox(key="photo.model").value == "imagenet"
