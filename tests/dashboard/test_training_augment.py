"""The Train page with the Augmentation lab's pipeline: it builds a config and trains, and
says whether the pipeline runs batched (crops and flips) or image by image."""

import pytest

from core.augment.geometry import HorizontalFlip, RandomCrop
from dashboard.keys import AugmentKeys, TrainKeys
from tests.dashboard.apptest import open_page, page_file


@pytest.fixture(autouse=True)
def lab_home(tmp_path, monkeypatch):
    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path))
    return tmp_path


def _captions(at) -> str:
    return " ".join(caption.value for caption in at.caption)


def test_the_labs_pipeline_trains_and_says_how_it_runs() -> None:
    at = open_page("augmentation")
    at.button(key="aug.recipe.Shift + rotation").click().run()
    at.switch_page(page_file("training")).run()
    at.checkbox(key=TrainKeys.AUGMENT).check().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert "Augmented image by image" in _captions(at)

    at.session_state[AugmentKeys.STEPS] = [
        (100, RandomCrop(size=28, padding=2)),
        (101, HorizontalFlip(p=0.5)),
    ]
    at.select_slider(key=TrainKeys.LIMIT).set_value(500)
    at.number_input(key=TrainKeys.EPOCHS).set_value(1)
    at.run()
    assert "Crops and flips only" in _captions(at)
    at.button(key="train_start").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    run = at.session_state[TrainKeys.RUN]
    assert run.config.augment["steps"][0]["type"] == "random_crop"
    run.join(timeout=120)
    snapshot = run.snapshot()
    assert snapshot.status == "finished", snapshot.error


def test_a_pipeline_the_model_cannot_take_is_refused_before_start() -> None:
    at = open_page("augmentation")
    at.session_state[AugmentKeys.STEPS] = [(100, RandomCrop(size=24, padding=2))]
    at.switch_page(page_file("training")).run()
    at.checkbox(key=TrainKeys.AUGMENT).check().run()
    assert not at.exception, at.exception
    assert at.button(key="train_start").disabled  # was: failed after 6 s, mat1 and mat2 ...
    errors = " ".join(e.value for e in at.error)
    assert "Step 1 (Random crop with padding) makes 24×24 images" in errors.replace("\\", "")
