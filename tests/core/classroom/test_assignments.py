"""The teacher hands out one assignment at a time; the leaderboard ranks the finished runs
made for it by their accuracy on the test split."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from core.classroom.assignments import current, push, withdraw
from core.classroom.leaderboard import leaderboard
from core.identity.people import NotAllowed, join, teacher_login
from core.runs.run import TrainingRun
from core.training.evaluate import evaluate_run
from core.training.store import list_runs
from tests.core.short_runs import SMALL, SPEC, finished
from tests.core.zips import with_member

CLAIM = "run/evaluation.json"  # a bundle's own evaluation: here, a claim of 100%


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
        scores[name] = evaluate_run(run.run_dir).accuracy  # the whole test split
    TrainingRun(SPEC, SMALL, name="never started", owner=student)  # not finished: left out
    rows = leaderboard(assignment, list_runs(), lambda d: pytest.fail("already evaluated"))
    assert [row["student"] for row in rows] == sorted(scores, key=lambda n: -scores[n])
    assert [row["rank"] for row in rows] == [1, 2]
    assert [row["test_acc"] for row in rows] == sorted(scores.values(), reverse=True)
    assert {(row["split"], row["count"]) for row in rows} == {("test", 10_000)}
    assert all(row["measured"][:4].isdigit() for row in rows)  # when: a date


def test_a_forged_score_never_ranks_the_server_measures_it(classroom: Path) -> None:
    """A bundle claiming 100% for weights that score far less, a run whose evaluation.json
    says "hacked", one evaluated on 500 images only: each run trained here is measured here
    and ranked by what this server measured; one that cannot be measured is listed,
    unranked, with why; the restored bundle, not trained here under the assignment, is
    listed unranked (its weights, measured, still score what its source run scores)."""
    from core.portable.bundle import bundle_bytes
    from core.portable.unbundle import import_bundle

    teacher, _ = teacher_login("correct horse")
    assignment = push(teacher, "MNIST", {"dataset": "mnist", "preset": "mnist_fast"})
    assignment = replace(assignment, created=assignment.created - 1)
    mina, _ = join("Mina", "KQ7M2P")
    jun, _ = join("Jun", "KQ7M2P")
    poor = finished(TrainingRun(SPEC, replace(SMALL, lr=1e-6, epochs=1), owner=mina))
    good = finished(TrainingRun(SPEC, replace(SMALL, lr=3e-3, epochs=1), owner=mina))
    restored = import_bundle(
        with_member(bundle_bytes(poor.run_dir), CLAIM, b'{"accuracy": 1.0}'), actor=jun
    ).run_dir
    (poor.run_dir / "evaluation.json").write_text('{"accuracy": "hacked"}')
    evaluate_run(good.run_dir, limit=500)  # part of the split: measured again, whole
    broken = finished(TrainingRun(SPEC, replace(SMALL, epochs=1), owner=jun))
    (broken.run_dir / "best.pt").write_bytes(b"not weights")
    measured = []

    def evaluate(run_dir: Path) -> object:
        measured.append(run_dir)
        return evaluate_run(run_dir)

    rows = leaderboard(assignment, list_runs(), evaluate)
    assert len(measured) == 3  # the runs trained here under the assignment
    by_folder = {row["folder"]: row for row in rows}
    forged = by_folder[restored.name]
    assert forged["rank"] is None and forged["test_acc"] is None  # never the claimed 100%
    assert "under this assignment" in forged["problem"]
    assert evaluate_run(restored).accuracy == by_folder[poor.run_dir.name]["test_acc"] < 0.5
    assert by_folder[good.run_dir.name]["rank"] == 1
    assert by_folder[poor.run_dir.name]["rank"] == 2
    assert by_folder[broken.run_dir.name]["rank"] is None
    assert "best.pt" in by_folder[broken.run_dir.name]["problem"]
    assert [row["rank"] for row in rows] == [1, 2, None, None]
    again = leaderboard(assignment, list_runs(), lambda d: measured.append(d))
    assert [row["test_acc"] for row in again][:2] == [row["test_acc"] for row in rows][:2]
    assert len(measured) == 4  # only the broken one is tried again
