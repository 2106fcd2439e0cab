"""000's analysis checklist for a run: what is done, and the baseline it must beat."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.data.stats import class_counts
from core.training.checklist import analysis_checklist, baseline_accuracy
from core.training.config import TrainConfig
from core.training.store import RunInfo

pytestmark = pytest.mark.usefixtures("engine_home")


def _run(test_acc: float | None, best_val: float | None, **config: object) -> RunInfo:
    settings = TrainConfig(**config).to_json()
    return RunInfo(
        Path("r"), "r", "", "finished", "mnist", "mnist_fast", 3, best_val, test_acc, settings
    )


def test_the_baseline_is_the_most_frequent_class() -> None:
    counts = class_counts("mnist")
    assert baseline_accuracy("mnist") == max(counts.values()) / sum(counts.values())
    assert baseline_accuracy("mnist") == pytest.approx(6742 / 60000)  # the digit 1
    assert baseline_accuracy("no-such-set") is None


def test_each_step_says_whether_it_is_done() -> None:
    fresh = analysis_checklist(_run(None, 0.05), quality_checked=False, errors_studied=False)
    assert [s.done for s in fresh] == [False, True, False, False, False]
    assert "10% of the training images held out" in fresh[1].detail
    done = analysis_checklist(_run(0.98, 0.97), quality_checked=True, errors_studied=True)
    assert all(s.done for s in done) and "test accuracy 98.00%" in done[3].detail
    folds = analysis_checklist(_run(None, None, folds=5, fold=2), False, False)
    assert folds[1].detail == "5-fold cross-validation, fold 3"
