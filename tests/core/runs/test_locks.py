"""An assignment's locked settings hold in core, for every way a student trains under it:
the Train page and the CLI's TrainingRun, a race, k-fold, Continue, Model B on A and
fine-tuning; the teacher is never refused, and only runs that followed the locks are
recorded for the assignment's leaderboard."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from core.classroom.assignments import push
from core.identity.ownership import under_assignment
from core.identity.people import NotAllowed, join, teacher_login
from core.model.presets import get_preset
from core.runs.locks import broken_locks, check_locks
from core.runs.race import KFOLD, race_variants
from core.runs.run import TrainingRun, continue_run
from core.training.config import TrainConfig
from core.training.reuse import reuse_spec
from core.transfer.net import TransferSpec
from tests.core.short_runs import finished

FAST = get_preset("mnist_fast")
FOLLOWS = TrainConfig(dataset="mnist", preset="mnist_fast", epochs=1, lr=0.003, train_limit=200)


@pytest.fixture
def lesson(classroom: Path):
    """A class with Mina, Jun, the teacher and an assignment that locks the model, the
    dataset, the learning rate and the epochs (the optimizer stays open)."""
    mina, _ = join("Mina", "KQ7M2P")
    jun, _ = join("Jun", "KQ7M2P")
    teacher, _ = teacher_login("correct horse")
    settings = {"preset": "mnist_fast", "dataset": "mnist", "lr": 0.003, "epochs": 1}
    assignment = push(teacher, "Fast MNIST", settings, locked=tuple(settings))
    return mina, jun, teacher, assignment


def _runs(classroom: Path) -> set[Path]:
    return set((classroom / "runs").glob("*")) if (classroom / "runs").is_dir() else set()


def test_a_run_that_follows_the_locks_starts_and_is_recorded(lesson) -> None:
    mina, _jun, _teacher, assignment = lesson
    open_setting = dataclasses.replace(FOLLOWS, optimizer="sgd")  # not locked
    run = TrainingRun(FAST, open_setting, owner=mina)
    assert run.run_dir.name in under_assignment(assignment.id)


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"lr": 0.1}, "the learning rate"),
        ({"epochs": 30}, "the epochs"),
        ({"dataset": "fashion_mnist"}, "the dataset"),
        ({"preset": "mnist_32_64"}, "the model"),
    ],
)
def test_a_student_run_that_breaks_a_lock_is_refused_and_leaves_nothing(
    lesson, classroom: Path, change: dict, named: str
) -> None:
    mina, *_ = lesson
    before = _runs(classroom)
    spec = get_preset(change["preset"]) if "preset" in change else FAST
    with pytest.raises(NotAllowed, match=named):
        TrainingRun(spec, dataclasses.replace(FOLLOWS, **change), owner=mina)
    assert _runs(classroom) == before


def test_a_forged_preset_label_does_not_pass_for_the_locked_model(lesson) -> None:
    mina, *_ = lesson
    other = get_preset("mnist_32_64")  # its config still says "mnist_fast"
    with pytest.raises(NotAllowed, match="the model"):
        TrainingRun(other, FOLLOWS, owner=mina)


def test_a_race_of_learning_rates_or_k_fold_under_the_locks(lesson) -> None:
    mina, _jun, _teacher, assignment = lesson
    optimizers = race_variants("Optimizers", ["adam", "sgd"], FAST, FOLLOWS, None)
    assert all(broken_locks(assignment, s, c) == ["lr"] for s, c in optimizers.values())
    with pytest.raises(NotAllowed, match="the learning rate"):
        for spec, config in optimizers.values():
            TrainingRun(spec, config, owner=mina)
    models = race_variants("Models", ["mnist_fast", "mnist_32_64"], FAST, FOLLOWS, None)
    assert [broken_locks(assignment, s, c) for s, c in models.values()] == [[], ["preset"]]
    folds = race_variants(KFOLD, ["3"], FAST, FOLLOWS, None)
    assert all(check_locks(mina, s, c) == assignment.id for s, c in folds.values())


def test_model_b_on_a_and_fine_tuning_change_the_locked_model(lesson) -> None:
    mina, *_ = lesson
    b_on_a = reuse_spec(FAST, units=5)
    with pytest.raises(NotAllowed, match="the model"):
        TrainingRun(b_on_a, FOLLOWS, owner=mina)
    photos = TransferSpec("efficientnet_lite0", ("monkey", "human"))
    finetune = dataclasses.replace(FOLLOWS, preset="transfer", dataset="monkeys")
    with pytest.raises(NotAllowed):
        check_locks(mina, photos, finetune)


def test_continue_cannot_go_past_the_locked_epochs(lesson) -> None:
    mina, *_ = lesson
    run = finished(TrainingRun(FAST, FOLLOWS, owner=mina))
    assert run.status == "finished"
    with pytest.raises(NotAllowed, match="the epochs"):
        continue_run(run.run_dir, 2, mina)


def test_the_teacher_is_never_refused_but_only_followed_runs_count(lesson) -> None:
    _mina, _jun, teacher, assignment = lesson
    demo = TrainingRun(FAST, dataclasses.replace(FOLLOWS, lr=0.1), owner=teacher)
    assert demo.run_dir.name not in under_assignment(assignment.id)
    kept = TrainingRun(FAST, FOLLOWS, owner=teacher)
    assert kept.run_dir.name in under_assignment(assignment.id)


def test_a_model_lock_from_build_a_cnn_compares_the_whole_spec(classroom: Path) -> None:
    mina, _ = join("Mina", "KQ7M2P")
    teacher, _ = teacher_login("correct horse")
    mine = get_preset("mnist_32_64")
    push(teacher, "Your own", {"spec": mine.to_json()}, locked=("spec",))
    config = dataclasses.replace(FOLLOWS, preset=None)
    TrainingRun(mine, config, owner=mina)
    with pytest.raises(NotAllowed, match="Build a CNN"):
        TrainingRun(FAST, config, owner=mina)
