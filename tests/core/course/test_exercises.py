"""The course's exercises: each points at a real section of its document, and each training
exercise is a valid set-up with the document's settings."""

from __future__ import annotations

import dataclasses

import pytest

from core.course.exercises import EXERCISES, exercise, listing, matching_runs
from core.data.datasets import BUILTIN
from core.model.presets import PRESETS
from core.pages import page
from core.training.config import TrainConfig
from core.training.store import RunInfo
from tests.conftest import ROOT

COURSE = ROOT.parent / "shared" / "course"
TRAIN = [item for item in EXERCISES if item.kind == "train"]


def test_ids_are_unique_and_listed_one_per_line() -> None:
    ids = [item.id for item in EXERCISES]
    assert len(set(ids)) == len(ids)
    lines = listing()
    assert [line.split("\t")[0] for line in lines] == ids
    assert all(line.split("\t")[1].startswith(line[:3]) for line in lines)  # 004-... -> 004_...


@pytest.mark.parametrize("item", EXERCISES, ids=lambda item: item.id)
def test_each_exercise_names_a_section_of_its_document(item) -> None:
    path = COURSE / item.file
    if not path.is_file():
        pytest.skip(f"needs the course documents at {COURSE}")
    assert item.section in path.read_text()
    assert (ROOT / "pages" / page(item.page).file).is_file()


def test_the_cifar10_card_cites_the_section_that_holds_the_code() -> None:
    """004:494 "모델 구현" holds make_model(); "모델 설계" (004:486) above it lists blocks."""
    item = exercise("004-cifar10-cnn")
    path = COURSE / item.file
    if not path.is_file():
        pytest.skip(f"needs the course documents at {COURSE}")
    text = path.read_text()
    heading = f"\n{item.section}\n"
    after = text[text.index(heading) + len(heading) :].lstrip()
    assert after.startswith("```\ndef make_model():"), after[:80]


@pytest.mark.parametrize("item", TRAIN, ids=lambda item: item.id)
def test_each_training_exercise_is_a_valid_set_up(item) -> None:
    settings = item.settings
    assert settings["preset"] in PRESETS and settings["dataset"] in BUILTIN
    config = TrainConfig(**{k: v for k, v in settings.items() if k != "preset"})
    assert config.batch_size == settings["batch_size"]


def test_004s_recipe_is_adam_batch_200_and_its_epochs() -> None:
    item = exercise("004-mnist-32-64")
    assert item.settings["optimizer"] == "adam" and item.settings["batch_size"] == 200
    assert item.settings["epochs"] == 7 and item.reported_accuracy == 0.9864
    assert exercise("004-mnist-1-filter").reported_accuracy == 0.9488
    with pytest.raises(KeyError):
        exercise("no-such-exercise")


def test_runs_are_matched_on_model_data_optimizer_and_batch(tmp_path) -> None:
    item = exercise("004-mnist-32-64")
    config = TrainConfig(dataset="mnist", preset="mnist_32_64", batch_size=200).to_json()
    run = RunInfo(tmp_path, "run", "", "finished", "mnist", "mnist_32_64", 7, 0.98, None, config)
    other = dataclasses.replace(run, config={**config, "batch_size": 64})
    assert matching_runs(item, [run, other]) == [run]
    assert matching_runs(exercise("004-convolution"), [run]) == []


def test_a_korean_heading_is_shown_in_english_on_an_english_page() -> None:
    import re

    from core.course.exercises import section_heading
    from core.i18n import using_language

    assert not any(re.search("[가-힣]", section_heading(item)) for item in EXERCISES)
    with using_language("ko"):
        assert [section_heading(item) for item in EXERCISES] == [e.section for e in EXERCISES]


def test_the_resnet18_card_gives_the_documents_best_validation_accuracy() -> None:
    """000:512: "Best val Acc: 1.000000"."""
    item = exercise("000-resnet18-transfer")
    assert (item.reported_accuracy, item.reported_metric) == (1.0, "val")
    path = COURSE / item.file
    if not path.is_file():
        pytest.skip(f"needs the course documents at {COURSE}")
    assert (
        "Best val Acc: 1.000000" in path.read_text() and "Best val Acc: 1.000000" in item.reported
    )
