"""The class's leaderboard for an assignment: every finished run on its data set, ranked by
accuracy on the test split, which training never sees (the teacher's held-back split)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.classroom.assignments import Assignment
from core.classroom.report import class_rows


def leaderboard(assignment: Assignment, runs: list[Any], evaluate: Any) -> list[dict[str, Any]]:
    """Rows of the runs made for `assignment` (on its data set, after it was handed out,
    finished), best test accuracy first, each with its `rank`.

    `evaluate(run_dir)` gives the run's test accuracy (core.training.evaluate.evaluate_run,
    which caches it in the run folder)."""
    since = datetime.fromtimestamp(assignment.created).isoformat(timespec="seconds")
    dataset = assignment.settings.get("dataset")
    rows = []
    for run, row in zip(runs, class_rows(runs), strict=True):
        if run.status not in ("finished", "stopped") or not run.epochs_done:
            continue
        if (dataset and run.dataset != dataset) or run.created < since:
            continue
        accuracy = run.test_acc if run.test_acc is not None else evaluate(run.run_dir)
        rows.append({**row, "test_acc": accuracy})
    rows.sort(key=lambda row: -row["test_acc"])
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    return rows
