"""The class's leaderboard for an assignment: every finished run on its data set, ranked by
accuracy on the test split, which training never sees (the teacher's held-back split).

Only numbers this server measured rank: an evaluation.json written by `evaluate_run` here,
on the lab's whole test split of the assignment's data set, for the weights the run has now
(their SHA-256 matches). Anything else (a restored bundle's claim, a run continued since, an
evaluation on part of the split) is measured again with the `evaluate` it is given; a run
that cannot be measured is listed, unranked, with the reason.

Only runs this server trained under the assignment, each checked against its locks when it
started (core.runs.locks, recorded in core.identity.ownership), rank at all: a restored
bundle or a run made otherwise is listed, unranked, saying so."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from core.classroom.assignments import Assignment
from core.classroom.report import class_rows
from core.i18n import _
from core.identity.ownership import under_assignment

LOG = logging.getLogger(__name__)


def _whole_test_split(accuracy: Any, measured: Any, dataset: str) -> bool:
    measured = measured if isinstance(measured, dict) else {}
    return bool(
        isinstance(accuracy, float | int)
        and 0 <= accuracy <= 1
        and measured.get("by") == "server"
        and measured.get("split") == "test"
        and measured.get("limit") is None
        and measured.get("dataset") == dataset
    )


def server_measured(run: Any) -> bool:
    """Whether `run.test_acc` is this server's measurement of its current weights (the
    fingerprint checked by core.training.records) on the whole test split of its data set."""
    return run.test_verified and _whole_test_split(run.test_acc, run.measured, run.dataset)


def _measure(run: Any, evaluate: Any) -> tuple[float, dict[str, Any]] | tuple[None, str]:
    """The run's test accuracy as this server measures it and how; else None and why not."""
    if server_measured(run):
        return run.test_acc, run.measured
    try:
        result = evaluate(run.run_dir)
    except Exception as error:  # one run's broken weights must not take the board down
        LOG.warning("could not measure %s", run.run_dir.name, exc_info=True)
        return None, _("Could not be measured on this server: {error}").format(error=error)
    accuracy, measured = getattr(result, "accuracy", None), getattr(result, "measured", None)
    if not (
        isinstance(accuracy, float | int)
        and isinstance(measured, dict)
        and _whole_test_split(accuracy, measured, run.dataset)
    ):
        return None, _("Not measured on this lab's test split.")
    return accuracy, measured


def leaderboard(assignment: Assignment, runs: list[Any], evaluate: Any) -> list[dict[str, Any]]:
    """Rows of the runs made for `assignment` (on its data set, after it was handed out,
    finished): those this server measured, best test accuracy first, each with its `rank`,
    the split, image count and date of the measurement; then those it could not measure,
    with `rank` None and the `problem`.

    `evaluate(run_dir)` measures a run on the whole test split and returns the result with
    its `accuracy` and `measured` (the server's own core.training.evaluate.evaluate_run,
    which keeps it in the run folder for next time)."""
    since = datetime.fromtimestamp(assignment.created).isoformat(timespec="seconds")
    dataset = assignment.settings.get("dataset")
    followed = under_assignment(assignment.id)
    ranked, unranked = [], []
    for run, row in zip(runs, class_rows(runs), strict=True):
        if run.status not in ("finished", "stopped") or not run.epochs_done:
            continue
        if (dataset and run.dataset != dataset) or run.created < since:
            continue
        if run.run_dir.name not in followed:  # not measured: it would not rank anyway
            problem = _(
                "Not trained on this server under this assignment (restored, or made otherwise)."
            )
            unranked.append({**row, "test_acc": None, "rank": None, "problem": problem})
            continue
        measurement = _measure(run, evaluate)
        if measurement[0] is None:
            unranked.append({**row, "test_acc": None, "rank": None, "problem": measurement[1]})
            continue
        accuracy, how = measurement
        ranked.append(
            {
                **row,
                "test_acc": accuracy,
                "split": how["split"],
                "count": how["count"],
                "measured": how["date"].replace("T", " "),
            }
        )
    ranked.sort(key=lambda row: -row["test_acc"])
    for rank, row in enumerate(ranked, start=1):
        row["rank"] = rank
    return ranked + unranked
