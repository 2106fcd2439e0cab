"""000's machine-learning analysis, as a checklist for one run: look at the data, split it,
know the baseline to beat, measure on the test set, study the errors. Each step says what
this run has done and what is left."""

from __future__ import annotations

from dataclasses import dataclass

from core.data.errors import DatasetUnavailable
from core.data.stats import class_counts
from core.i18n import _
from core.pages import page
from core.training.store import RunInfo


@dataclass(frozen=True)
class Step:
    title: str
    done: bool
    detail: str
    where: str  # the page (its id in core.pages) where the step is done

    def __post_init__(self) -> None:
        page(self.where)  # a page the lab has: a KeyError names the known ones


def baseline_accuracy(dataset: str) -> float | None:
    """Always answering the most frequent class: the accuracy any model must beat."""
    try:
        counts = class_counts(dataset)
    except (DatasetUnavailable, KeyError, OSError):
        return None
    total = sum(counts.values())
    return max(counts.values()) / total if total else None


def analysis_checklist(run: RunInfo, quality_checked: bool, errors_studied: bool) -> list[Step]:
    """The five steps for `run`; the two the lab cannot see on disk are passed in. Titles and
    details are in the session's language."""
    config = run.config
    folds = config.get("folds")
    split = (
        _("{folds}-fold cross-validation, fold {fold}").format(
            folds=folds, fold=config.get("fold", 0) + 1
        )
        if folds
        else _(
            "{share:.0%} of the training images held out for validation; the test set kept apart"
        ).format(share=config.get("val_fraction", 0.1))
    )
    baseline = baseline_accuracy(run.dataset)
    score = run.test_acc if run.test_acc is not None else run.best_val_acc
    beaten = baseline is not None and score is not None and score > baseline
    if baseline is None:
        baseline_text = _("the data set is not here to count its classes")
    elif score is None:
        baseline_text = _("guessing the most frequent class scores {baseline:.1%}").format(
            baseline=baseline
        )
    else:
        baseline_text = _(
            "guessing the most frequent class scores {baseline:.1%}; this run: {score:.1%}"
        ).format(baseline=baseline, score=score)
    tested = (
        _("test accuracy {accuracy:.2%}").format(accuracy=run.test_acc)
        if run.test_acc is not None
        else _("not yet")
    )
    return [
        Step(
            _("Look at the data"),
            quality_checked,
            _("run the quality report of the data set (balance, duplicates, odd images)"),
            "datasets",
        ),
        Step(_("Split the data"), True, split, "training"),
        Step(_("Beat a baseline"), beaten, baseline_text, "runs"),
        Step(_("Measure on the test set"), run.test_acc is not None, tested, "runs"),
        Step(
            _("Study the errors"),
            errors_studied,
            _("open a confusion-matrix cell to see the images it gets wrong"),
            "runs",
        ),
    ]
