"""Background training runs: a worker thread per run, a thread-safe metrics log, run history.

    run = TrainingRun(spec, TrainConfig(epochs=5))
    run.start()                 # returns at once; training goes on in a daemon thread
    run.snapshot()              # what the page draws, any time, from any thread
    run.stop()                  # cooperative: ends after the current batch, keeps last.pt

The worker never touches Streamlit. Every failure (a NaN loss, a missing or deleted dataset,
a full disk, a bug) ends as status "failed" with `error` set; it never escapes the thread.
Once a run has ended it lets go of its model, optimiser and data (`run.model` is None): the
weights are in best.pt / last.pt, for `core.training.trained.load_trained`.
"""

from __future__ import annotations

import json
import logging
import math
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.augment.specs import AugmentError
from core.cluster.errors import ClusterError, WorkerLost
from core.cluster.settings import ray_address
from core.data.builtin import BUILTIN
from core.data.errors import DatasetUnavailable
from core.errors import ArchitectureError
from core.i18n import _, get_language, set_language
from core.identity.names import tidy
from core.identity.ownership import claim, require, require_visible
from core.identity.people import LOCAL, Actor
from core.model.build import build_model
from core.model.specs import ModelSpec
from core.paths import runs_dir
from core.runs.locks import check_locks
from core.runs.queue import TRAINING_SLOTS, lower_this_thread, pages_waiting
from core.training import records
from core.training.config import RunSpec, TrainConfig
from core.training.progress import MetricsLog, RunSnapshot
from core.training.store import (
    LIVE_RUNS,
    RunSaveError,
    load_checkpoint,
    model_spec,
    new_run_dir,
    read_json,
    read_jsonl,
    write_json,
)

if TYPE_CHECKING:
    from torch import nn

    from core.runs.remote_run import RemoteTrainer
    from core.training.data import Batches
    from core.training.loop import Callback, Trainer
    from core.training.progress import DataProgress

LOG = logging.getLogger(__name__)


def _make_recorder(run: TrainingRun) -> Callback:
    """The callback that shows the worker's model and position on the run object."""
    from core.training.loop import Callback  # lazy: it imports torch

    class Recorder(Callback):
        def on_fit_start(self, trainer: Trainer | RemoteTrainer) -> None:
            run.model, run._trainer = trainer.model, trainer
            run._batches_per_epoch = trainer.steps_per_epoch

    return Recorder()


def _require_inputs(owner: Actor, config: TrainConfig) -> None:
    """Refuse a run on another student's dataset, or starting from her run's weights."""
    if config.dataset not in BUILTIN:
        require_visible(owner, "dataset", config.dataset)
    if config.init_from:
        require_visible(owner, "run", Path(config.init_from).name)


class TrainingRun:
    """One background training run with its folder under `root` (default: runs_dir())."""

    def __init__(
        self,
        spec: RunSpec,
        config: TrainConfig,
        name: str | None = None,
        root: Path | None = None,
        *,
        run_dir: Path | None = None,
        resume: dict | None = None,
        callbacks: Sequence[Callback] = (),
        model: nn.Module | None = None,
        data: Callable[[], Batches] | None = None,
        owner: Actor = LOCAL,
    ) -> None:
        from core.training.control import RunControl  # lazy: it imports torch

        self.spec, self.config = spec, config
        # A prebuilt model (e.g. a pretrained backbone) and a function that makes its data in
        # the worker thread (feature extraction takes a while); both optional.
        self._data_factory = data
        self.name = (tidy(name, 100) if name else "") or _("{model} on {dataset}").format(
            model=config.preset or spec.name or "model", dataset=config.dataset
        )
        # The worker thread speaks the language of the session (or CLI) that made the run: its
        # messages (a diverged loss, a full disk, early stopping) are shown there.
        self._language = get_language()
        # Before any folder is made: what it trains on is the owner's to use, and a student's
        # run follows the teacher's locked settings (NotAllowed otherwise).
        _require_inputs(owner, config)
        assignment = check_locks(owner, spec, config)
        self.run_dir = Path(run_dir) if run_dir else new_run_dir(root or runs_dir(), self.name)
        self.owner = owner
        if run_dir is None:  # a new run is its maker's (a continued one keeps its owner)
            claim("run", self.run_dir.name, owner, assignment)
        self._resume = resume or {}
        if model is not None:
            self._resume = {**self._resume, "model": model}
        self._extra_callbacks = list(callbacks)  # e.g. the CLI's progress bar
        history = self._resume.get("history", [])
        self.log = MetricsLog(history)
        self.status = "created"
        self.error: str | None = None
        self.model: nn.Module | None = self._resume.get("model")
        self.stopped_reason: str | None = None
        self._signal = RunControl()
        self._thread: threading.Thread | None = None
        self._trainer: Trainer | RemoteTrainer | None = None
        self._batches_per_epoch = 0
        self._created = datetime.now().isoformat(timespec="seconds")
        self._timings: dict[str, Any] = {}  # when, how long, where (device, executor)
        self._restored: str | None = None  # when it came from a .cnnlab bundle
        # Fine-tuning: how far making its data has got (set by core.transfer.finetune).
        self.preparing: DataProgress | None = None
        if run_dir and (self.run_dir / "status.json").is_file():
            kept, _problems = records.check_status(read_json(self.run_dir / "status.json"))
            self._created = kept.get("created", self._created)
            # A continued restored run stays marked: its earlier epochs are the student's word.
            self._restored = kept.get("restored")
        try:
            write_json(self.run_dir / "config.json", config.to_json())
            write_json(self.run_dir / "spec.json", spec.to_json())
            self._write_status()
        except RunSaveError as error:  # a full disk: the run ends before it starts
            self.status, self.error = "failed", str(error)
            self._release()

    def _write_status(self) -> None:
        write_json(
            self.run_dir / "status.json",
            {
                "status": self.status,
                "error": self.error,
                "name": self.name,
                "created": self._created,
                "stopped_reason": self.stopped_reason,
                "timings": self._timings,
                **({"restored": self._restored} if self._restored else {}),
            },
        )

    def _set_status(self, status: str) -> None:
        """Set the status; a status file that cannot be written (full disk) is only logged."""
        self.status = status
        try:
            self._write_status()
        except OSError:
            LOG.warning("run %s: could not write status %r", self.run_dir.name, status)

    def _release(self) -> None:
        """Let go of the model, optimiser and data (the weights are in best.pt / last.pt)."""
        self.model = self._trainer = self._data_factory = None
        self._resume, self._extra_callbacks = {}, []

    def start(self) -> None:
        """Start training in a daemon thread (a no-op once started, or when it already failed)."""
        if self._thread is not None or self.status == "failed":
            return
        LIVE_RUNS[str(self.run_dir.resolve())] = self
        self._set_status("queued")
        self._thread = threading.Thread(target=self._work, name=f"train-{self.run_dir.name}")
        self._thread.daemon = True
        self._thread.start()

    def _work(self) -> None:
        """Wait for one of the server's training slots, train, give the slot back."""
        set_language(self._language)  # a new thread starts without the session's language
        try:
            if not TRAINING_SLOTS.acquire(self, self._signal.stop.is_set):
                self._set_status("stopped")  # stopped while it waited in line
                return
            lower_this_thread()  # a classroom's clicks before training batches
            try:
                self._train()
            finally:
                TRAINING_SLOTS.release()
        finally:
            self._release()
            LIVE_RUNS.pop(str(self.run_dir.resolve()), None)

    def _train(self) -> None:
        from core.device import describe
        from core.training.callbacks import (
            Checkpoint,
            EarlyStopping,
            GiveWay,
            MetricsCallback,
            NanGuard,
            RunFiles,
        )
        from core.training.loop import fit  # lazy: it imports torch

        started, device = time.time(), None
        # Course CNNs train on a Ray cluster when one is set (core.cluster); fine-tuning a
        # backbone, whose data is made here (cached features), stays on this server.
        course_cnn = isinstance(self.spec, ModelSpec) and not self._data_factory
        cluster = ray_address() if course_cnn else None
        # What the lab records itself; on a cluster they replay what the worker records.
        recorded = [MetricsCallback(self.log), _make_recorder(self), RunFiles(self.run_dir)]
        callbacks = [self._signal, NanGuard(), *recorded, Checkpoint(self.run_dir)]
        if self.config.early_stopping:
            callbacks.append(EarlyStopping(self.config.early_stopping))
        trainer: Trainer | RemoteTrainer
        try:
            self._set_status("paused" if self._signal.pause.is_set() else "running")
            # On a cluster a Ray worker trains; its controls, records, checkpoints come here.
            if cluster and isinstance(self.spec, ModelSpec):
                from core.runs.remote_run import train_remotely

                self._timings["executor"] = "ray"  # also when it fails: where it went
                trainer = train_remotely(
                    cluster,
                    self.spec,
                    self.config,
                    [*recorded, *self._extra_callbacks],
                    signal=self._signal,
                    folder=self.run_dir,
                    resume=self._resume,
                    language=self._language,
                )
                device, self._timings["worker"] = trainer.device, trainer.worker
            else:
                data = self._data_factory() if self._data_factory is not None else None
                trainer = fit(
                    self.spec,
                    self.config,
                    [*callbacks, *self._extra_callbacks, GiveWay(pages_waiting)],
                    model=self._resume.get("model"),
                    history=self._resume.get("history", ()),
                    optimizer_state=self._resume.get("optimizer"),
                    data=data,
                )
                device = describe(trainer.device)
            self.stopped_reason = trainer.stopped_reason
            final = "stopped" if self._signal.stop.is_set() else "finished"
        except Exception as error:  # a failed run must never take the app down
            LOG.warning("run %s failed", self.run_dir.name, exc_info=True)
            self.error = error_message(error)
            # The traceback's frames hold the model and data; a kept error must not.
            traceback.clear_frames(error.__traceback__)
            final = "failed"
            if isinstance(error, WorkerLost):  # like a server stopped mid-run: continue it
                final, device, self._timings["worker"] = "interrupted", error.device, error.worker
        self._timings.update(started=started, seconds=time.time() - started, device=device)
        self._set_status(final)

    def stop(self) -> None:
        """Ask the run to end after the current batch (it keeps its last weights)."""
        self._signal.stop.set()
        if self.status in ("running", "paused", "queued"):
            self._set_status("stopping")
        elif self.status == "created":
            self._set_status("stopped")

    def pause(self) -> None:
        if self.status == "running":
            self._signal.pause.set()
            self._set_status("paused")

    def resume(self) -> None:
        if self.status == "paused":
            self._signal.pause.clear()
            self._set_status("running")

    def set_lr(self, lr: float) -> None:
        """Use `lr` (constant) from the next batch on."""
        if not (isinstance(lr, int | float) and math.isfinite(lr) and lr > 0):
            raise ValueError(
                _("The learning rate must be a positive number, not {lr}.").format(lr=repr(lr))
            )
        self._signal.request_lr(float(lr))

    def join(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    @property
    def device(self) -> str | None:
        """Where it trained, in words ("cuda (NVIDIA H200)", "cpu (2 cores)"); None before."""
        return self._timings.get("device")

    @property
    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def snapshot(self) -> RunSnapshot:
        data = self.log.snapshot()
        epochs, batches = data["epochs"], data["batches"]
        last = batches[-1] if batches else None
        per_epoch = self._batches_per_epoch
        best = max(epochs, key=lambda e: e["val_acc"]) if epochs else None
        epoch = last["epoch"] if last else len(epochs)
        batch = last["batch"] if last else 0
        eta = None
        if self.status in ("running", "paused") and per_epoch:
            left = (self.config.epochs - epoch) * per_epoch + (per_epoch - batch)
            if epochs:
                eta = left * epochs[-1]["seconds"] / per_epoch
            elif last and last["images_per_s"] > 0:
                eta = left * self.config.batch_size / last["images_per_s"]
        return RunSnapshot(
            status=self.status,
            epoch=epoch,
            epochs_total=self.config.epochs,
            batch=batch,
            batches_per_epoch=per_epoch,
            epochs=epochs,
            batches=batches,
            lines=data["lines"],
            best_val_acc=best["val_acc"] if best else None,
            best_epoch=best["epoch"] if best else None,
            images_per_s=last["images_per_s"] if last else None,
            eta_seconds=eta,
            error=self.error,
            run_dir=self.run_dir,
            name=self.name,
            queue_position=TRAINING_SLOTS.position(self),
        )


def error_message(error: BaseException) -> str:
    """What the page shows for a failed run: the message alone when it is written for the
    student (diverged loss, dataset gone, disk full, model too large), else with its type."""
    from core.device import DeviceUnavailable
    from core.training.loop import TrainingDiverged  # lazy: it imports torch

    text = str(error) or type(error).__name__
    plain = (
        TrainingDiverged,
        DatasetUnavailable,
        RunSaveError,
        ArchitectureError,
        AugmentError,
        DeviceUnavailable,
        ClusterError,
    )
    return text if isinstance(error, plain) else f"{type(error).__name__}: {text}"


def stop_run(run: TrainingRun, actor: Actor = LOCAL) -> None:
    """Stop a live run: its owner or the teacher."""
    require(actor, "run", run.run_dir.name)
    run.stop()


def continue_run(run_dir: Path, extra_epochs: int, actor: Actor = LOCAL) -> TrainingRun:
    """Train a finished or stopped run `extra_epochs` more, from its last checkpoint (started);
    its owner or the teacher.

    The history and metrics files are extended; the schedule runs over the new total.
    """

    run_dir = Path(run_dir)
    require(actor, "run", run_dir.name)
    if str(run_dir.resolve()) in LIVE_RUNS:
        raise ValueError(_("That run is still training."))
    checkpoint = load_checkpoint(run_dir, "last")
    spec = model_spec(checkpoint)
    history, problems = records.check_epochs(checkpoint["history"], "last.pt")
    if problems:  # its curves would carry a forged number on into metrics.jsonl
        raise ValueError(
            _("This run cannot be continued: {problem}").format(problem=records.summary(problems))
        )
    config = TrainConfig.from_json(checkpoint["config"])
    config = replace(config, epochs=len(history) + int(extra_epochs))
    model = build_model(spec)
    model.load_state_dict(checkpoint["state_dict"])
    # The metrics file must match the checkpoint's history (a stop may have left more).
    if len(read_jsonl(run_dir / "metrics.jsonl")) != len(history):
        (run_dir / "metrics.jsonl").write_text("".join(json.dumps(e) + "\n" for e in history))
    name = read_json(run_dir / "status.json").get("name")
    resume = {"model": model, "history": history, "optimizer": checkpoint.get("optimizer")}
    run = TrainingRun(spec, config, name, run_dir=run_dir, resume=resume, owner=actor)
    run.start()
    return run
