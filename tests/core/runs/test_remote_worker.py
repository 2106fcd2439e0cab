"""The worker's half of a cluster run, here in this process (no Ray needed): it trains with
the lab's own loop, answers the lab's controls from another thread, and hands over its
records with each epoch's checkpoint beside the epoch's record."""

from __future__ import annotations

import io
import threading
import time
from typing import Any

import pytest
import torch

from core.i18n import get_language
from core.model.build import build_model
from core.runs.remote_worker import WorkerTraining, to_bytes
from core.training.config import TrainConfig
from tests.core.short_runs import SMALL, SPEC

pytestmark = pytest.mark.usefixtures("engine_home")


def _load(data: bytes) -> dict[str, Any]:
    return torch.load(io.BytesIO(data), map_location="cpu", weights_only=True)


def _train_in_thread(worker: WorkerTraining) -> tuple[threading.Thread, dict]:
    out: dict[str, Any] = {}

    def train() -> None:
        try:
            out["reason"] = worker.train()
        except Exception as error:  # the test reads it
            out["error"] = error

    thread = threading.Thread(target=train, daemon=True)
    thread.start()
    return thread, out


def _exchange_until_done(worker: WorkerTraining, thread: threading.Thread, **controls) -> list:
    drained = []
    while True:
        ended = not thread.is_alive()
        drained.append(worker.exchange(controls.get("stop", False), False, controls.get("lr")))
        controls["lr"] = None
        if ended:
            return drained
        time.sleep(0.05)


def test_the_worker_trains_and_hands_over_records_and_checkpoints() -> None:
    worker = WorkerTraining(SPEC.to_json(), SMALL.to_json(), [], None, get_language())
    assert worker.where()["pid"] > 0
    thread, out = _train_in_thread(worker)
    drained = _exchange_until_done(worker, thread)
    assert "error" not in out and out["reason"] is None
    events = [event for news in drained for event in news["events"]]
    kinds = [kind for kind, _record in events]
    assert kinds[0] == "start" and kinds.count("epoch") == 2
    start = events[0][1]
    assert start["device"].startswith("cpu") and start["classes"][9] == "9 - nine"
    assert kinds.count("batch") == 2 * start["steps_per_epoch"]
    # Each epoch's record leaves with its checkpoint: nothing is written without its weights.
    for news in drained:
        epochs = [record for kind, record in news["events"] if kind == "epoch"]
        if epochs:
            last = _load(news["files"]["last"])
            assert len(last["history"]) == epochs[-1]["epoch"]
    files = {which: data for news in drained for which, data in news["files"].items()}
    best = _load(files["best"])
    assert best["spec"] == SPEC.to_json() and set(best) >= {"state_dict", "optimizer", "history"}
    assert len(_load(files["last"])["history"]) == 2


def test_the_labs_controls_reach_the_worker_between_batches() -> None:
    config = TrainConfig(epochs=3, train_limit=600, batch_size=32, preset="mnist_fast")
    worker = WorkerTraining(SPEC.to_json(), config.to_json(), [], None, "en")
    thread, out = _train_in_thread(worker)
    batches: list[dict] = []
    deadline = time.monotonic() + 120
    while not batches and time.monotonic() < deadline:
        batches += [
            r for kind, r in worker.exchange(False, False, 2e-4)["events"] if kind == "batch"
        ]
        time.sleep(0.05)
    drained = _exchange_until_done(worker, thread, stop=True)
    assert out["reason"] == "stopped by the user"
    records = [r for news in drained for kind, r in news["events"] if kind == "batch"]
    assert records and records[-1]["lr"] == pytest.approx(2e-4)  # the rate asked for
    assert records[-1]["epoch"] < 3 and "last" in drained[-1]["files"]  # kept at the stop


def test_the_worker_continues_from_the_weights_it_is_given() -> None:
    model = build_model(SPEC)
    weights = to_bytes({"state_dict": model.state_dict(), "optimizer": None})
    history = [{"epoch": 1, "val_acc": 0.5, "val_loss": 1.0}]
    worker = WorkerTraining(SPEC.to_json(), SMALL.to_json(), history, weights, "en")
    thread, out = _train_in_thread(worker)
    drained = _exchange_until_done(worker, thread)
    epochs = [r for news in drained for kind, r in news["events"] if kind == "epoch"]
    assert "error" not in out and [e["epoch"] for e in epochs] == [2]
