"""A run trained on a real Ray cluster: a head of our own on 127.0.0.1 with 2 CPUs.

Live metrics reach the page, pause / resume / a new learning rate reach the worker, the run
store gets the metrics and checkpoints, and a worker killed mid-run leaves the run
"interrupted" with its last checkpoint, continued (through the cluster again) to its end.
"""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Callable
from typing import Any

import pytest

from core.cluster.settings import ADDRESS_VARIABLE
from core.runs.run import TrainingRun, continue_run
from core.training.config import TrainConfig
from core.training.loop import Callback
from core.training.store import load_checkpoint, read_json, read_jsonl, run_info
from tests.core.cluster.ray_head import local_head
from tests.core.short_runs import SPEC

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("engine_home")]

# Six epochs of 5,400 images: long enough to pause, change the rate and kill it mid-run.
CONFIG = TrainConfig(epochs=6, train_limit=6000, batch_size=32, preset="mnist_fast")


def wait_for(what: Callable[[], Any], seconds: float = 120, every: float = 0.1) -> Any:
    """Poll until `what()` is true; its value. Fails after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = what()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"still not true after {seconds} s: {what}")


def batch_count(run: TrainingRun) -> int:
    return len(run.snapshot().batches)


def wait_until_still(run: TrainingRun, quiet: float = 2.0) -> int:
    """Wait until no batch has arrived for `quiet` seconds (a paused run); the count then."""
    last, since = batch_count(run), time.monotonic()
    while time.monotonic() - since < quiet:
        time.sleep(0.2)
        now = batch_count(run)
        if now != last:
            last, since = now, time.monotonic()
        assert time.monotonic() - since < 60, "the run never stood still"
    return last


class Worker(Callback):
    """Replayed on the lab server: which process on the cluster trains the run."""

    def __init__(self) -> None:
        self.pid: int | None = None

    def on_fit_start(self, trainer: Any) -> None:
        self.pid = trainer.worker["pid"]


def test_a_run_on_a_ray_cluster_survives_its_worker_and_continues(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pytest.importorskip("ray")
    started = time.monotonic()
    with local_head() as address:
        monkeypatch.setenv(ADDRESS_VARIABLE, address)
        worker = Worker()
        run = TrainingRun(SPEC, CONFIG, callbacks=[worker])
        run.start()

        # Live metrics, as the page reads them.
        wait_for(lambda: batch_count(run) >= 3)
        snap = run.snapshot()
        assert snap.status == "running" and snap.batches_per_epoch == 169
        assert snap.images_per_s > 0 and worker.pid and worker.pid != os.getpid()

        # Pause stops the worker's batches; resume starts them again.
        run.pause()
        paused_at = wait_until_still(run)
        assert run.snapshot().status == "paused"
        run.resume()
        wait_for(lambda: batch_count(run) > paused_at)

        # A new learning rate from the next batch.
        run.set_lr(3e-4)
        wait_for(lambda: any(b["lr"] == pytest.approx(3e-4) for b in run.snapshot().batches))

        # After an epoch's checkpoint has come, the worker is killed while the run is paused.
        wait_for(lambda: (run.run_dir / "last.pt").is_file())
        run.pause()
        wait_until_still(run)
        os.kill(worker.pid, signal.SIGKILL)
        run.join(120)
        assert not run.alive and run.status == "interrupted"
        assert "continue the run on the Runs page" in run.error
        kept = load_checkpoint(run.run_dir, "last")["history"]
        assert 1 <= len(kept) < CONFIG.epochs
        assert len(read_jsonl(run.run_dir / "metrics.jsonl")) == len(kept)
        assert run_info(run.run_dir).status == "interrupted"
        status = read_json(run.run_dir / "status.json")
        assert status["timings"]["executor"] == "ray" and status["timings"]["device"]

        # Continued from the Runs page: through the cluster again, to its end.
        more = continue_run(run.run_dir, 1)
        more.join(300)
        assert more.status == "finished", more.error
        epochs = read_jsonl(run.run_dir / "metrics.jsonl")
        assert [e["epoch"] for e in epochs] == list(range(1, len(kept) + 2))
        assert len(load_checkpoint(run.run_dir, "last")["history"]) == len(kept) + 1
        assert (run.run_dir / "best.pt").is_file()
        timings = read_json(run.run_dir / "status.json")["timings"]
        assert timings["executor"] == "ray" and timings["worker"]["pid"] != worker.pid
        assert more.device == timings["device"]
    print(json.dumps({"seconds": round(time.monotonic() - started, 1), "epochs": len(epochs)}))
