"""Background runs on real short MNIST trainings: lifecycle, files, history, failures."""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path
from typing import Any

import pytest
import torch

from core.paths import runs_dir
from core.runs.run import TrainingRun, continue_run
from core.training.config import TrainConfig
from core.training.loop import Callback
from core.training.progress import MetricsLog
from core.training.store import delete_run, list_runs, rename_run
from core.training.trained import load_trained
from tests.core.short_runs import SMALL, SPEC, finished

pytestmark = pytest.mark.usefixtures("engine_home")


def test_metrics_log_is_thread_safe_and_hands_out_copies() -> None:
    log = MetricsLog()

    def write(worker: int) -> None:
        for i in range(500):
            log.append_batch({"worker": worker, "i": i})

    threads = [threading.Thread(target=write, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    snapshots = [log.snapshot() for _ in range(20)]  # read while they write
    for thread in threads:
        thread.join()
    assert len(log.snapshot()["batches"]) == 2000
    assert all(len(s["batches"]) <= 2000 for s in snapshots)
    copy = log.snapshot()
    record = {
        "epoch": 1,
        "train_loss": 1,
        "train_acc": 0.5,
        "val_loss": 1,
        "val_acc": 0.5,
        "seconds": 1.0,
    }
    log.append_epoch(record)
    assert copy["epochs"] == [] and log.snapshot()["lines"][0].startswith("Iter: 1 >> ")


def test_a_run_trains_in_the_background_and_leaves_its_folder(tmp_path: Path) -> None:
    run = TrainingRun(SPEC, SMALL, root=tmp_path)
    assert run.status == "created" and run.run_dir.parent == tmp_path
    finished(run)
    assert run.status == "finished" and run.error is None
    snap = run.snapshot()
    assert (snap.epoch, snap.epochs_total, snap.batch) == (2, 2, snap.batches_per_epoch)
    assert len(snap.epochs) == 2 and len(snap.lines) == 2 and snap.eta_seconds is None
    assert len(snap.batches) == 2 * snap.batches_per_epoch and snap.images_per_s > 0
    assert snap.best_val_acc == max(e["val_acc"] for e in snap.epochs)
    names = {p.name for p in run.run_dir.iterdir()}
    assert names == {
        "config.json",
        "spec.json",
        "status.json",
        "metrics.jsonl",
        "batches.jsonl",
        "best.pt",
        "last.pt",
    }
    assert json.loads((run.run_dir / "status.json").read_text())["status"] == "finished"
    assert len((run.run_dir / "batches.jsonl").read_text().splitlines()) == len(snap.batches)
    [info] = list_runs(tmp_path)
    assert (info.status, info.dataset, info.preset, info.epochs_done) == (
        "finished",
        "mnist",
        "mnist_fast",
        2,
    )
    assert info.best_val_acc == snap.best_val_acc and info.config == SMALL.to_json()
    trained = load_trained(run.run_dir)
    spec = trained.spec
    model = trained.model
    classes = trained.classes
    assert spec == SPEC and classes[9] == "9 - nine" and not model.training
    # Normalised as in training: MNIST's own mean/std for a 1-channel model.
    assert (trained.dataset, trained.mean, trained.std) == ("mnist", (0.1307,), (0.3081,))


def test_stop_mid_epoch_keeps_a_usable_last_checkpoint(tmp_path: Path) -> None:
    holder: dict[str, Any] = {}

    class StopInEpochTwo(Callback):
        def on_batch_end(self, trainer, record: dict) -> None:
            if record["epoch"] == 2 and record["batch"] == 3:
                holder["run"].stop()

        def on_fit_end(self, trainer) -> None:
            holder["weights"] = {k: v.clone() for k, v in trainer.model.state_dict().items()}

    run = TrainingRun(SPEC, SMALL, root=tmp_path, callbacks=[StopInEpochTwo()])
    holder["run"] = run
    finished(run)
    assert run.status == "stopped" and run.stopped_reason == "stopped by the user"
    checkpoint = torch.load(run.run_dir / "last.pt", weights_only=True)
    assert len(checkpoint["history"]) == 1
    assert all(torch.equal(checkpoint["state_dict"][k], v) for k, v in holder["weights"].items())
    trained = load_trained(run.run_dir, "last")
    model = trained.model
    assert torch.isfinite(model(torch.zeros(1, 1, 28, 28))).all()

    more = continue_run(run.run_dir, 1)  # resumes from last.pt into the same folder
    more.join(120)
    assert more.status == "finished" and [e["epoch"] for e in more.snapshot().epochs] == [1, 2]
    assert len((run.run_dir / "metrics.jsonl").read_text().splitlines()) == 2


def test_nan_loss_fails_the_run_with_the_explanation(tmp_path: Path) -> None:
    config = TrainConfig(epochs=2, train_limit=300, optimizer="sgd", lr=1e4)
    run = finished(TrainingRun(SPEC, config, root=tmp_path))
    # NaN, or a finite loss 10,000 times the first batch's: diverged either way.
    assert run.status == "failed" and re.match(
        r"the loss became (NaN|inf|[0-9.e+]+) at epoch 1", run.error
    )
    assert "learning rate 10000 is probably too high" in run.error
    assert json.loads((run.run_dir / "status.json").read_text())["status"] == "failed"


def test_errors_in_the_worker_fail_the_run_not_the_process(tmp_path: Path) -> None:
    class Boom(Callback):
        def on_batch_end(self, trainer, record: dict) -> None:
            raise RuntimeError("boom")

    run = finished(TrainingRun(SPEC, SMALL, root=tmp_path, callbacks=[Boom()]))
    assert (run.status, run.error) == ("failed", "RuntimeError: boom")
    missing = TrainConfig(dataset="no-such-set", epochs=1)
    run = finished(TrainingRun(SPEC, missing, root=tmp_path))
    assert run.status == "failed" and "'no-such-set' is not available" in run.error


def test_pause_resume_and_set_lr(tmp_path: Path) -> None:
    seen = threading.Event()

    class Mark(Callback):
        def on_batch_end(self, trainer, record: dict) -> None:
            seen.set()

    run = TrainingRun(SPEC, SMALL, root=tmp_path, callbacks=[Mark()])
    run.pause()  # not running yet: ignored
    assert run.status == "created"
    run.start()
    assert seen.wait(60)
    run.pause()
    assert run.status == "paused"
    run.set_lr(0.0042)
    with pytest.raises(ValueError):
        run.set_lr(float("nan"))
    count = len(run.snapshot().batches)
    run.join(0.3)
    assert run.alive and len(run.snapshot().batches) <= count + 1  # at most the batch in flight
    run.resume()
    run.join(120)
    assert run.status == "finished" and run.snapshot().batches[-1]["lr"] == 0.0042


def test_list_runs_lists_damaged_runs_with_their_problem_and_marks_interrupted_ones(
    tmp_path: Path,
) -> None:
    good = finished(TrainingRun(SPEC, TrainConfig(epochs=1, train_limit=100), root=tmp_path))
    (tmp_path / "empty").mkdir()
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "status.json").write_text("{not json")
    orphan = tmp_path / "orphan"
    orphan.mkdir()
    for name in ("config.json", "spec.json"):
        (orphan / name).write_text((good.run_dir / name).read_text())
    (orphan / "status.json").write_text(json.dumps({"status": "running", "created": "0"}))
    skipped: list[str] = []
    infos = {i.run_dir.name: i for i in list_runs(tmp_path, skipped)}
    assert sorted(infos) == sorted([good.run_dir.name, "orphan", "broken"])
    assert infos["orphan"].status == "interrupted" and infos["orphan"].epochs_done == 0
    # A run folder whose status.json is damaged is still listed, so it can be deleted.
    assert infos["broken"].status == "failed" and "status.json" in infos["broken"].problem
    assert infos[good.run_dir.name].problem is None
    assert [s.split(":")[0] for s in skipped] == ["empty"]  # not a run folder at all


def test_rename_and_delete_stay_inside_the_runs_folder(tmp_path: Path) -> None:
    run = finished(TrainingRun(SPEC, TrainConfig(epochs=1, train_limit=100)))
    assert run.run_dir.parent == runs_dir()
    rename_run(run.run_dir, "  my   first run ")
    assert {i.name for i in list_runs() if i.run_dir == run.run_dir} == {"my first run"}
    with pytest.raises(ValueError):
        delete_run(tmp_path)
    with pytest.raises(ValueError):
        delete_run(run.run_dir / "..")
    delete_run(run.run_dir)
    assert not run.run_dir.exists()


def test_a_run_gives_way_to_page_runs_between_its_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server's pages (core.runs.queue.let_pages_go_first) are asked after every batch."""
    from core.runs import queue

    asked = []
    monkeypatch.setattr(queue, "_pages_waiting", lambda: asked.append(1) and False)
    run = finished(TrainingRun(SPEC, SMALL, root=tmp_path))
    assert run.status == "finished"
    assert len(asked) >= run.snapshot().batches_per_epoch * SMALL.epochs
