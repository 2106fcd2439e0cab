"""A run beside the document's figure is measured like the document's (004:565 prints
training accuracy, 0.7757: a run's validation or test accuracy beside it compared two
different things)."""

from __future__ import annotations

import pytest

from core.course.exercises import exercise, our_figure
from core.runs.run import TrainingRun
from core.training.records import read_epochs
from core.training.store import list_runs
from tests.core.short_runs import SMALL, SPEC, finished


def test_training_accuracy_beside_training_accuracy(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path))
    finished(TrainingRun(SPEC, SMALL, name="short"))
    (run,) = list_runs()
    cifar = exercise("004-cifar10-cnn")
    assert (cifar.reported_metric, cifar.reported_accuracy) == ("train", 0.7757)
    last = read_epochs(run.run_dir)[-1]["train_acc"]
    assert our_figure(cifar, run) == ("train", pytest.approx(last))
    mnist = exercise("004-mnist-1-filter")  # 004 prints test accuracy there
    assert mnist.reported_metric == "test"
    kind, value = our_figure(mnist, run)
    assert (kind, value) == (
        ("test", run.test_acc) if run.test_acc is not None else ("val", run.best_val_acc)
    )
