"""The loop's callbacks on real short MNIST runs: NaN guard, early stop, checkpoints, bar."""

from __future__ import annotations

import io
import re
import threading
from pathlib import Path

import pytest
import torch

from core.model.presets import get_preset
from core.training.callbacks import (
    Checkpoint,
    EarlyStopping,
    GiveWay,
    MetricsCallback,
    NanGuard,
    ProgressBar,
)
from core.training.config import TrainConfig
from core.training.control import RunControl
from core.training.loop import Callback, TrainingDiverged, fit
from core.training.progress import MetricsLog

SPEC = get_preset("mnist_fast")
TINY = TrainConfig(epochs=1, train_limit=200, batch_size=32)


pytestmark = pytest.mark.usefixtures("engine_home")


def test_nan_guard_stops_with_an_explanation() -> None:
    config = TrainConfig(epochs=2, train_limit=300, optimizer="sgd", lr=1e4)
    with pytest.raises(TrainingDiverged) as caught:
        fit(SPEC, config, [NanGuard()])
    message = str(caught.value)
    # NaN, or a finite loss 10,000 times the first one: diverged either way.
    assert re.match(r"the loss became (NaN|inf|[0-9.e+]+) at epoch 1 batch ", message)
    assert message.endswith(": the learning rate 10000 is probably too high; try 0.001")


def test_early_stopping_stops_and_restores_the_best_weights() -> None:
    class Keep(Callback):
        def __init__(self) -> None:
            self.states: list[dict] = []

        def on_epoch_end(self, trainer, record: dict) -> None:
            self.states.append({k: v.clone() for k, v in trainer.model.state_dict().items()})

    keep = Keep()
    # An improvement must be 100 (impossible), so epoch 1 stays the best and epoch 2 stops.
    early = EarlyStopping(patience=1, min_delta=100.0)
    trainer = fit(SPEC, TrainConfig(epochs=5, train_limit=200), [keep, early])
    assert len(trainer.history) == 2 and "early stopping" in trainer.stopped_reason
    assert early.best_epoch == 1
    restored = trainer.model.state_dict()
    assert all(torch.equal(restored[k], v) for k, v in keep.states[0].items())
    assert not all(torch.equal(restored[k], v) for k, v in keep.states[1].items())


def test_checkpoint_writes_best_and_last_atomically(tmp_path: Path) -> None:
    fit(SPEC, TrainConfig(epochs=2, train_limit=200), [Checkpoint(tmp_path)])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["best.pt", "last.pt"]  # no temp files
    last = torch.load(tmp_path / "last.pt", weights_only=True)
    assert set(last) >= {"spec", "config", "state_dict", "history", "classes"}
    assert len(last["history"]) == 2 and last["classes"][0] == "0 - zero"
    assert last["spec"] == SPEC.to_json() and last["config"]["epochs"] == 2


def test_progress_bar_prints_the_course_lines() -> None:
    stream = io.StringIO()
    fit(SPEC, TrainConfig(epochs=2, train_limit=200), [ProgressBar(stream)])
    lines = stream.getvalue().splitlines()
    assert [line.split(" >> ")[0] for line in lines] == ["Iter: 1", "Iter: 2"]


def test_metrics_callback_feeds_the_log() -> None:
    log = MetricsLog()
    trainer = fit(SPEC, TINY, [MetricsCallback(log)])
    snap = log.snapshot()
    assert len(snap["batches"]) == trainer.steps_per_epoch and len(snap["epochs"]) == 1
    assert snap["lines"][0].startswith("Iter: 1 >> T_loss ")


def test_stop_signal_stops_before_anything_when_already_set() -> None:
    stop = threading.Event()
    stop.set()
    trainer = fit(SPEC, TINY, [RunControl(stop)])
    assert trainer.stopped_reason == "stopped by the user" and trainer.step == 0


def test_stop_signal_applies_a_pending_rate_and_stops_on_request() -> None:
    signal = RunControl()
    lrs: list[float] = []

    class Drive(Callback):
        def on_batch_end(self, trainer, record: dict) -> None:
            lrs.append(record["lr"])
            if record["batch"] == 1:
                signal.request_lr(0.005)
            if record["batch"] == 3:
                signal.stop.set()

    trainer = fit(SPEC, TINY, [Drive(), signal])
    assert lrs == [0.001, 0.005, 0.005] and trainer.stopped_reason == "stopped by the user"


def test_stop_signal_waits_while_paused() -> None:
    signal = RunControl()
    signal.pause.set()
    threading.Timer(0.3, signal.pause.clear).start()
    trainer = fit(SPEC, TINY, [signal])
    assert trainer.paused_seconds >= 0.25 and len(trainer.history) == 1


def test_give_way_waits_while_pages_are_busy_and_no_longer_than_its_limit() -> None:
    answers = iter([True, True, True, False])
    asked: list[bool] = []

    def busy() -> bool:
        asked.append(next(answers))
        return asked[-1]

    GiveWay(busy).on_batch_end(None, {})  # type: ignore[arg-type]
    assert asked == [True, True, True, False]  # waited until the pages were done
    always = [0]

    def never_done() -> bool:
        always[0] += 1
        return True

    GiveWay(never_done, max_wait=0.02).on_batch_end(None, {})  # type: ignore[arg-type]
    assert always[0] >= 1  # it came back although the pages never were done
