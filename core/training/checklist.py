"""000's machine-learning analysis, as a checklist for one run: look at the data, split it,
know the baseline to beat, measure on the test set, study the errors. Each step says what
this run has done and what is left."""

from __future__ import annotations

from dataclasses import dataclass

from core.data.errors import DatasetUnavailable
from core.data.stats import class_counts
from core.training.store import RunInfo


@dataclass(frozen=True)
class Step:
    title: str
    done: bool
    detail: str
    where: str  # the page (file in pages/) where the step is done


def baseline_accuracy(dataset: str) -> float | None:
    """Always answering the most frequent class: the accuracy any model must beat."""
    try:
        counts = class_counts(dataset)
    except (DatasetUnavailable, KeyError, OSError):
        return None
    total = sum(counts.values())
    return max(counts.values()) / total if total else None


def analysis_checklist(run: RunInfo, quality_checked: bool, errors_studied: bool) -> list[Step]:
    """The five steps for `run`; the two the lab cannot see on disk are passed in."""
    config = run.config
    folds = config.get("folds")
    split = (
        f"{folds}-fold cross-validation, fold {config.get('fold', 0) + 1}"
        if folds
        else f"{config.get('val_fraction', 0.1):.0%} of the training images held out "
        "for validation; the test set kept apart"
    )
    baseline = baseline_accuracy(run.dataset)
    score = run.test_acc if run.test_acc is not None else run.best_val_acc
    beaten = baseline is not None and score is not None and score > baseline
    baseline_text = (
        "the data set is not here to count its classes"
        if baseline is None
        else f"guessing the most frequent class scores {baseline:.1%}"
        + (f"; this run: {score:.1%}" if score is not None else "")
    )
    return [
        Step(
            "Look at the data",
            quality_checked,
            "run the quality report of the data set (balance, duplicates, odd images)",
            "datasets.py",
        ),
        Step("Split the data", True, split, "training.py"),
        Step("Beat a baseline", beaten, baseline_text, "runs.py"),
        Step(
            "Measure on the test set",
            run.test_acc is not None,
            f"test accuracy {run.test_acc:.2%}" if run.test_acc is not None else "not yet",
            "runs.py",
        ),
        Step(
            "Study the errors",
            errors_studied,
            "open a confusion-matrix cell to see the images it gets wrong",
            "runs.py",
        ),
    ]
