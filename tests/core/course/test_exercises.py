"""The course's exercises: each points at a real section of its document, and each training
exercise is a valid set-up with the document's settings."""

from __future__ import annotations

import dataclasses

import pytest

from core.course.exercises import DOCUMENTS, EXERCISES, exercise, listing, matching_runs
from core.data.datasets import BUILTIN, get_info
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
    from core.model.build import check_outputs
    from core.model.spec_io import spec_from_json

    settings = item.settings
    spec = PRESETS[settings["preset"]].spec() if "preset" in settings else None
    spec = spec or spec_from_json(settings["spec"])  # a model the card puts in the builder
    assert settings["dataset"] in BUILTIN
    model_keys = ("preset", "spec", "reuse", "race")
    config = TrainConfig(**{k: v for k, v in settings.items() if k not in model_keys})
    assert config.batch_size == settings["batch_size"]
    check_outputs(spec, len(config.classes or get_info(config.dataset).classes))
    if "reuse" in settings:  # model B on A: A's card, whose layers B's model starts from
        assert exercise(settings["reuse"]).kind == "train"
    for name in settings.get("race", {}).get("choices", []):  # the same input as the card's
        assert PRESETS[name].spec().input_shape == spec.input_shape


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
    # 000:473 optimises net.parameters(): the whole network, the "full" strategy.
    assert "optim = Adam(net.parameters(), lr=0.00001)" in path.read_text()
    assert item.settings["strategy"] == "full"


def _document(item) -> str:
    path = COURSE / item.file
    if not path.is_file():
        pytest.skip(f"needs the course documents at {COURSE}")
    return path.read_text()


def test_004s_cards_train_on_every_image_with_the_documents_scaling() -> None:
    """004:250 fits MNIST's raw pixels with no validation split (004:320: 300/300 steps of
    200 = all 60,000 images); 004:548 divides CIFAR-10's by 255 (250/250 = all 50,000)."""
    text = _document(exercise("004-mnist-32-64"))
    assert "history = model.fit(x, y, epochs=MY_EPOCH, batch_size=MY_BATCHSIZE)" in text
    assert "validation_split" not in text and "validation_data" not in text
    assert "300/300" in text and "250/250" in text and "    x = x / 255\n" in text
    for card in ("004-mnist-1-filter", "004-mnist-32-64", "004-fashion-mnist"):
        settings = exercise(card).settings
        assert (settings["val_fraction"], settings["scaling"]) == (0, "none")
        assert 60_000 // settings["batch_size"] == 300
    for card in ("004-cifar10-cnn", "004-cifar10-bn-dropout"):
        settings = exercise(card).settings
        assert (settings["val_fraction"], settings["scaling"]) == (0, "divide_255")
        assert 50_000 // settings["batch_size"] == 250
    # Early stopping needs a validation split ("검증 데이터", 004:666), so it keeps one.
    assert exercise("004-early-stopping").settings["val_fraction"] == 0.1


def test_settings_a_document_does_not_give_are_named_on_the_card() -> None:
    """000's CNN_sum gives Adam, not epochs or batch; 001's dropout MLP gives only the
    model; 004's mini project names only Fashion-MNIST."""
    from core.course.exercises import lab_choices_text

    assert set(exercise("000-feature-extractor").lab_choices) == {"epochs", "batch_size"}
    assert "compile(loss='categorical_crossentropy', optimizer='adam'" in _document(
        exercise("000-feature-extractor")
    )
    assert {"dataset", "batch_size", "epochs"} <= set(exercise("001-dropout").lab_choices)
    assert "epochs" in exercise("004-fashion-mnist").lab_choices
    assert lab_choices_text(exercise("004-mnist-32-64")) == ""  # all of it is 004's
    assert lab_choices_text(exercise("000-feature-extractor")) == (
        "Not given in the document; the lab uses: epochs 10, batch size 64."
    )


def test_what_the_lab_cannot_do_cites_the_documents_own_words() -> None:
    from core.course.out_of_reach import OUT_OF_REACH

    for item in OUT_OF_REACH:
        document, line = item.where.split(":")
        path = COURSE / DOCUMENTS[document]
        if not path.is_file():
            pytest.skip(f"needs the course documents at {COURSE}")
        assert item.quote in path.read_text().splitlines()[int(line) - 1], item.where
