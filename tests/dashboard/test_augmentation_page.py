"""The augmentation page headless (AppTest): preview, editing, seeds, JSON loading, sources."""

from __future__ import annotations

from core.augment.geometry import Rotation, Translate
from core.augment.pipeline import Pipeline
from dashboard.augment.preview_panel import PHOTOS
from dashboard.keys import AugmentKeys as K
from tests.dashboard.apptest import default_value_warnings, open_page, page_file


def _tile_captions(at) -> list[str]:
    return [c.value for c in at.caption if c.value.startswith("shift:")]


def test_preview_edit_and_seed() -> None:
    at = open_page("augmentation")
    assert not at.exception
    assert at.session_state[K.STEPS] == []  # nothing to remove before one's own pipeline
    assert any("No steps" in i.value for i in at.info)
    at.button(key="aug.recipe.Shift + rotation").click().run()
    assert [s for _, s in at.session_state[K.STEPS]] == [Translate(), Rotation(degrees=10.0)]

    at.button(key="aug.preview").click().run()
    assert not at.exception
    captions = _tile_captions(at)
    assert len(captions) == 8
    assert all("rotation:" in caption for caption in captions)
    shape = [c.value for c in at.caption if "float32 tensor of shape" in c.value]
    assert shape == ["Each tile is the float32 tensor of shape (1×28×28) that training receives."]

    at.number_input(key=K.SEED).set_value(5).run()
    assert _tile_captions(at) != captions
    at.number_input(key=K.SEED).set_value(0).run()
    assert _tile_captions(at) == captions

    # A slider edits the spec; the preview follows.
    uid = at.session_state[K.STEPS][1][0]
    at.slider(key=f"{K.STEP}.{uid}.p").set_value(0.0).run()
    assert at.session_state[K.STEPS][1][1] == Rotation(degrees=10.0, p=0.0)
    assert all(c.endswith("rotation: skipped (p=0)") for c in _tile_captions(at))

    # Add a Normalise step: it starts from MNIST's statistics and the note appears.
    at.selectbox(key=K.ADD_TYPE).set_value("normalize").run()
    at.button(key="aug.add").click().run()
    assert not at.exception
    normalise = at.session_state[K.STEPS][-1][1]
    assert (normalise.mean, normalise.std) == ((0.1307,), (0.3081,))
    assert any("un-normalised (x · std + mean)" in c.value for c in at.caption)


def test_bad_and_good_json() -> None:
    at = open_page("augmentation")
    at.text_area(key=K.JSON_TEXT).input('[{"type": "warp"}]').run()
    at.button(key="aug.load_json").click().run()
    assert not at.exception
    assert "unknown augmentation 'warp'" in at.error[0].value

    good = Pipeline((Rotation(degrees=30.0, p=0.5),)).to_json()
    at.text_area(key=K.JSON_TEXT).input(good).run()
    at.button(key="aug.load_json").click().run()
    assert at.success[0].value == "Loaded 1 step(s) from the pasted JSON."
    assert [s for _, s in at.session_state[K.STEPS]] == [Rotation(degrees=30.0, p=0.5)]
    assert any("v2.RandomApply([v2.RandomRotation(degrees=30.0" in c.value for c in at.code)


def test_photo_source_and_order_advice() -> None:
    at = open_page("augmentation")
    at.button_group(key=K.SOURCE).set_value("Photo").run()
    at.selectbox(key=K.ADD_TYPE).set_value("normalize").run()
    at.button(key="aug.add").click().run()
    at.selectbox(key=K.ADD_TYPE).set_value("brightness").run()
    at.button(key="aug.add").click().run()
    at.button(key="aug.preview").click().run()
    assert not at.exception
    assert at.session_state[K.STEPS][0][1].mean == (0.485, 0.456, 0.406)
    assert "comes after normalise" in at.warning[0].value
    assert any("3 channel(s)" in c.value for c in at.caption)


def test_settings_survive_a_visit_to_another_page() -> None:
    at = open_page("augmentation")
    with default_value_warnings() as warnings:
        at.number_input(key=K.SEED).set_value(3)
        at.select_slider(key=K.TILES).set_value(12)
        at.selectbox(key=K.ADD_TYPE).set_value("brightness")
        at.button_group(key=K.SOURCE).set_value("Photo").run()
        at.selectbox(key=K.PHOTO).set_value(PHOTOS[1]).run()
        at.button(key="aug.recipe.Shift + rotation").click().run()
        assert not at.exception, at.exception
        at.switch_page(page_file("home")).run()
        assert at.title[0].value == "CNN Lab"
        at.switch_page(page_file("augmentation")).run()
        assert not at.exception, at.exception
        assert at.number_input(key=K.SEED).value == 3
        assert at.select_slider(key=K.TILES).value == 12
        assert at.selectbox(key=K.ADD_TYPE).value == "brightness"
        assert at.button_group(key=K.SOURCE).value == "Photo"
        assert at.selectbox(key=K.PHOTO).value == PHOTOS[1]
        at.button(key="aug.preview").click().run()
        assert len(_tile_captions(at)) == 12
    assert not warnings


def test_a_new_crop_takes_the_chosen_datasets_size(tmp_path, monkeypatch) -> None:
    from core.data.importers import import_zip
    from tests.core.zips import make_zip

    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path))
    info = import_zip(make_zip({"cats": 4, "dogs": 4}), "pets")  # 20 pixels high
    at = open_page("augmentation")
    at.selectbox(key=K.DATASET).set_value(info.name).run()
    at.selectbox(key=K.ADD_TYPE).set_value("random_crop").run()
    at.button(key="aug.add").click().run()
    assert not at.exception, at.exception
    assert at.session_state[K.STEPS][-1][1].size == info.input_shape[1] == 20  # not 28


def test_recipes_replace_the_pipeline_and_colour_jitter_is_one_step() -> None:
    at = open_page("augmentation")
    at.button(key="aug.recipe.000's ImageDataGenerator").click().run()
    assert [s.type for _, s in at.session_state[K.STEPS]] == ["keras_affine", "horizontal_flip"]
    at.button(key="aug.recipe.Empty").click().run()
    assert at.session_state[K.STEPS] == []
    at.selectbox(key=K.ADD_TYPE).set_value("color_jitter").run()
    at.button(key="aug.add").click().run()
    at.button(key="aug.preview").click().run()
    assert not at.exception, at.exception
    jitter = [c.value for c in at.caption if "jitter: b×" in c.value]
    assert len(jitter) == 8 and len(set(jitter)) > 1  # each tile its own draw
    assert any("v2.ColorJitter(brightness=0.2, contrast=0.2" in c.value for c in at.code)
