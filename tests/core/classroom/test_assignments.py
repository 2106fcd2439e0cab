"""The teacher hands out one assignment at a time; the leaderboard ranks the finished runs
made for it by their accuracy on the test split."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from core.classroom.assignments import current, push, withdraw
from core.classroom.leaderboard import leaderboard
from core.classroom.people import NotAllowed, join, teacher_login
from core.training.evaluate import evaluate_run
from core.training.runs import TrainingRun
from core.training.store import list_runs
from tests.core.short_runs import SMALL, SPEC, finished


def test_only_the_teacher_hands_out_and_the_newest_replaces_the_last(classroom: Path) -> None:
    student, _ = join("Mina", "KQ7M2P")
    teacher, _ = teacher_login("correct horse")
    with pytest.raises(NotAllowed):
        push(student, "mine", {"epochs": 1})
    with pytest.raises(ValueError, match="sets and locks only"):
        push(teacher, "bad", {"epochs": 1}, locked=("lr",))  # locks what it does not set
    push(teacher, "first", {"epochs": 1})
    second = push(teacher, "second", {"preset": "mnist_fast", "lr": 0.003}, locked=("preset",))
    assert current() == second and second.locked == ("preset",)
    withdraw(teacher)
    assert current() is None


def test_the_leaderboard_ranks_finished_runs_on_the_test_split(classroom: Path) -> None:
    teacher, _ = teacher_login("correct horse")
    assignment = push(teacher, "MNIST", {"dataset": "mnist", "preset": "mnist_fast"})
    assignment = replace(assignment, created=assignment.created - 1)  # runs start after it
    scores = {}
    for name, lr in (("Mina", 3e-3), ("Jun", 1e-6)):  # a working rate and a useless one
        student, _ = join(name, "KQ7M2P")
        run = finished(TrainingRun(SPEC, replace(SMALL, lr=lr, epochs=1), owner=student))
        scores[name] = evaluate_run(run.run_dir, limit=500).accuracy
    TrainingRun(SPEC, SMALL, name="never started", owner=student)  # not finished: left out
    rows = leaderboard(assignment, list_runs(), lambda d: pytest.fail("already evaluated"))
    assert [row["student"] for row in rows] == sorted(scores, key=lambda n: -scores[n])
    assert [row["rank"] for row in rows] == [1, 2]
    assert [row["test_acc"] for row in rows] == sorted(scores.values(), reverse=True)
