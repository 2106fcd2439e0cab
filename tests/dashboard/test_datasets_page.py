"""The Datasets page runs headlessly: MNIST by default, a missing dataset explains itself,
an imported dataset is listed and can be explored."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from core.data.importers import import_zip
from tests.core.zips import make_zip
from tests.dashboard.apptest import default_value_warnings, open_page, page_file


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path))


def _open_tab(at, label: str) -> None:
    at.session_state["data.explorer_tab"] = label
    at.run()
    assert not at.exception, at.exception


def test_mnist_is_the_default_and_shows_its_numbers() -> None:
    at = open_page("datasets")
    assert not at.exception, at.exception
    assert at.selectbox(key="data.picker").value == "mnist"
    assert not at.code and not at.get("plotly_chart")  # only the open tab, Samples, is drawn
    _open_tab(at, "Class counts")
    captions = " ".join(c.value for c in at.caption)
    assert "60,000" in captions and "10,000" in captions  # images per split
    _open_tab(at, "One batch")
    code = " ".join(c.value for c in at.code)
    assert "(1, 28, 28)" in code and "(1, 1, 28, 28)" in code and "(8, 1, 28, 28)" in code


def test_cifar_without_a_copy_says_how_to_get_it() -> None:
    at = open_page("datasets")
    at.selectbox(key="data.picker").set_value("cifar10").run()
    assert not at.exception, at.exception
    warning = " ".join(w.value for w in at.warning)
    assert "not on this computer" in warning and "train/<class>" in warning


def test_imported_dataset_is_listed_explored_and_checked() -> None:
    import_zip(make_zip({"cats": 6, "dogs": 4}), "Pets", val_fraction=0.25)
    at = open_page("datasets")
    at.selectbox(key="data.picker").set_value("pets").run()
    assert not at.exception, at.exception
    assert any("Pets" in m.value and "2 classes" in m.value for m in at.markdown)
    at.button(key="data.run_quality").click().run()
    assert not at.exception, at.exception
    assert any("Checked 10 images" in c.value for c in at.caption)


def test_settings_survive_a_visit_to_another_page() -> None:
    at = open_page("datasets")
    with default_value_warnings() as warnings:
        at.radio(key="data.split").set_value("test")
        at.number_input(key="data.seed").set_value(5)
        _open_tab(at, "One batch")
        at.select_slider(key="data.batch_size").set_value(4)
        at.radio(key="data.quality_limit").set_value("5,000 per split")
        at.text_input(key="data.import_name.folder.0").input("/tmp/my-pictures")
        at.run()
        assert not at.exception, at.exception
        at.switch_page(page_file("home")).run()
        assert at.title[0].value == "CNN Lab"
        at.switch_page(page_file("datasets")).run()
        assert not at.exception, at.exception
        assert at.selectbox(key="data.picker").value == "mnist"
        assert at.radio(key="data.split").value == "test"
        assert at.number_input(key="data.seed").value == 5
        _open_tab(at, "One batch")  # the batch size was kept while its tab was not drawn
        assert at.select_slider(key="data.batch_size").value == 4
        assert at.radio(key="data.quality_limit").value == "5,000 per split"
        assert at.text_input(key="data.import_name.folder.0").value == "/tmp/my-pictures"
        assert any("(4, 1, 28, 28)" in code.value for code in at.code)  # the batch follows
    assert not warnings


def test_a_panorama_in_the_samples_keeps_the_strip_a_size_any_image_format_takes() -> None:
    from PIL import Image

    from dashboard.datasets.figures import MAX_TILE_ASPECT, strip

    panorama = Image.new("RGB", (1024, 5), "red")  # how a 10000x50 photo was once stored
    picture = strip([panorama] * 8 + [Image.new("RGB", (28, 28))], 72)
    assert picture.height == 72
    assert picture.width <= 9 * 72 * MAX_TILE_ASPECT + 8 * 4
    picture.save(io.BytesIO(), format="JPEG")  # was: "broken data stream" past 65,535 px


def test_a_dataset_another_session_just_deleted_leaves_the_page_working() -> None:
    from core.data.custom import delete_custom

    info = import_zip(make_zip({"cats": 4, "dogs": 4}), "Twice", val_fraction=0.25)
    at = open_page("datasets")
    assert delete_custom(info.name)  # the other session's Delete, while this page is open
    at.button(key=f"data.delete.{info.name}").click().run()  # was: KeyError on the page
    assert not at.exception, at.exception
    assert not any(info.name in b.key for b in at.button if b.key)
