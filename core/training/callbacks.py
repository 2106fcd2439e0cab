"""The callbacks of the lab's training loop: metrics, checkpoints, early stop, NaN guard, CLI
bar, and giving way to the pages a class waits for.

Each is a small class with one job, hooked on `core.training.loop.Callback` events.
"""

from __future__ import annotations

import copy
import json
import math
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import torch

from core.atomic import atomic_path
from core.i18n import _, ngettext
from core.training.config import epoch_log_line
from core.training.loop import Callback, StopTraining, Trainer, TrainingDiverged
from core.training.progress import MetricsLog
from core.training.store import append_text, saving


class MetricsCallback(Callback):
    """Feeds every batch and epoch record to a `core.training.progress.MetricsLog` (thread-safe)."""

    def __init__(self, log: MetricsLog) -> None:
        self.log = log

    def on_batch_end(self, trainer: Trainer, record: dict) -> None:
        self.log.append_batch(record)

    def on_epoch_end(self, trainer: Trainer, record: dict) -> None:
        self.log.append_epoch(record)


class RunFiles(Callback):
    """Appends epochs to `metrics.jsonl` and batches to `batches.jsonl` (once per epoch)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.pending: list[str] = []

    def on_batch_end(self, trainer: Trainer, record: dict) -> None:
        self.pending.append(json.dumps(record))

    def on_epoch_end(self, trainer: Trainer, record: dict) -> None:
        self.flush()
        append_text(self.folder / "metrics.jsonl", json.dumps(record) + "\n")

    def flush(self) -> None:
        if self.pending:
            append_text(self.folder / "batches.jsonl", "\n".join(self.pending) + "\n")
            self.pending = []

    def on_fit_end(self, trainer: Trainer) -> None:
        self.flush()

    def on_exception(self, trainer: Trainer, error: BaseException) -> None:
        self.flush()


class EarlyStopping(Callback):
    """Stops after `patience` epochs without a better `monitor`; restores the best weights."""

    def __init__(
        self,
        patience: int,
        monitor: str = "val_loss",
        restore_best: bool = True,
        min_delta: float = 0.0,
    ) -> None:
        self.patience, self.monitor, self.restore_best = patience, monitor, restore_best
        self.min_delta = min_delta  # a smaller improvement does not count
        self.best = math.inf
        self.best_epoch = 0
        self.best_state: dict[str, torch.Tensor] | None = None
        self.bad_epochs = 0

    def _score(self, record: dict) -> float:
        value = record[self.monitor]
        return -value if "acc" in self.monitor else value  # lower is better

    def on_epoch_end(self, trainer: Trainer, record: dict) -> None:
        score = self._score(record)
        if score < self.best - self.min_delta:
            self.best, self.best_epoch, self.bad_epochs = score, record["epoch"], 0
            if self.restore_best:
                self.best_state = copy.deepcopy(trainer.model.state_dict())
            return
        self.bad_epochs += 1
        if self.bad_epochs >= self.patience:
            raise StopTraining(
                ngettext(
                    "early stopping: {monitor} has not improved for {patience} epoch; "
                    "keeping the weights of epoch {best}",
                    "early stopping: {monitor} has not improved for {patience} epochs; "
                    "keeping the weights of epoch {best}",
                    self.patience,
                ).format(monitor=self.monitor, patience=self.patience, best=self.best_epoch)
            )

    def on_fit_end(self, trainer: Trainer) -> None:
        if self.restore_best and self.best_state is not None:
            trainer.model.load_state_dict(self.best_state)


def checkpoint_dict(trainer: Trainer) -> dict[str, Any]:
    """What a checkpoint holds: enough to rebuild, evaluate and continue the model."""
    return {
        "spec": trainer.spec.to_json(),
        "config": trainer.config.to_json(),
        "state_dict": trainer.model.state_dict(),
        "optimizer": trainer.optimizer.state_dict(),
        "history": list(trainer.history),
        "classes": list(trainer.classes),
    }


class _Writer:
    """A file for torch.save that keeps the OSError a write met (torch reports only its own
    RuntimeError, e.g. 'unexpected pos 704 vs 598', when the disk is full)."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self.error: OSError | None = None

    def write(self, data: bytes) -> int:
        try:
            return self.out.write(data)
        except OSError as error:
            self.error = self.error or error
            raise

    def flush(self) -> None:
        self.out.flush()


def save_atomic(obj: Any, path: Path) -> None:
    """torch.save to a temporary name, then rename: a reader never sees half a file.

    A full disk raises `RunSaveError` (with the reason) and leaves no temporary file.
    """
    with saving(path), atomic_path(path) as temp, temp.open("wb") as out:
        writer = _Writer(out)
        try:
            # torch.save only writes and flushes; its annotation asks for a whole IO[bytes].
            torch.save(obj, writer)  # type: ignore[arg-type]
        except RuntimeError:
            if writer.error is None:
                raise
            raise writer.error from None


class GiveWay(Callback):
    """Between batches, wait while `busy()` says people are waiting for a page, at most
    `max_wait` seconds a batch.

    A lower nice value gives a page run the CPU, not Python's interpreter lock: a training
    thread's Python between torch's operations holds it, and the page waits for it. When
    the teacher brings thirty students to a page while two runs train, their pages came
    about a fifth sooner with this (bench/class_lesson.py: arrival p95 1.18 and 1.36 s
    without, 0.98 and 1.05 s with, the runs' batches late by at most `max_wait`)."""

    def __init__(self, busy: Callable[[], bool], max_wait: float = 0.25) -> None:
        self.busy, self.max_wait = busy, max_wait

    def on_batch_end(self, trainer: Trainer, record: dict) -> None:
        deadline = time.monotonic() + self.max_wait
        while self.busy() and time.monotonic() < deadline:
            time.sleep(0.005)


class Checkpoint(Callback):
    """Writes `last.pt` after every epoch and at the end, `best.pt` when `monitor` improves."""

    def __init__(self, folder: Path, monitor: str = "val_acc") -> None:
        self.folder, self.monitor = Path(folder), monitor
        self.best: float | None = None

    def on_fit_start(self, trainer: Trainer) -> None:
        values = [r[self.monitor] for r in trainer.history]  # a continued run keeps its best
        self.best = max(values) if values else None

    def save(self, state: dict[str, Any], which: str) -> None:
        """Keep `state` as `which` ("last", "best"); a cluster worker's keeps it to send."""
        save_atomic(state, self.folder / f"{which}.pt")

    def on_epoch_end(self, trainer: Trainer, record: dict) -> None:
        state = checkpoint_dict(trainer)
        self.save(state, "last")
        value = record[self.monitor]
        if self.best is None or value > self.best:
            self.best = value
            self.save(state, "best")

    def on_fit_end(self, trainer: Trainer) -> None:
        # A stop mid-epoch keeps the weights of the last finished batch.
        self.save(checkpoint_dict(trainer), "last")


def _lr_advice(lr: float) -> float:
    return lr / 10 if lr <= 1e-3 else min(lr / 100, 1e-3)


class NanGuard(Callback):
    """Ends the run with an explanation as soon as the loss is NaN or infinite."""

    # A loss this many times the first batch's has diverged even while it is still finite
    # (cross-entropy starts near ln(classes) and should only fall).
    EXPLODED = 1e4

    def __init__(self) -> None:
        self.first_loss: float | None = None

    def on_batch_end(self, trainer: Trainer, record: dict) -> None:
        loss = record["loss"]
        if self.first_loss is None and math.isfinite(loss):
            self.first_loss = max(loss, 1e-3)
        if math.isfinite(loss) and loss < self.EXPLODED * (self.first_loss or 1.0):
            return
        what = "NaN" if math.isnan(loss) else _("infinite") if math.isinf(loss) else f"{loss:.3g}"
        lr = record["lr"]
        raise TrainingDiverged(
            _(
                "the loss became {what} at epoch {epoch} batch {batch}: the learning rate "
                "{lr:g} is probably too high; try {advice:g}"
            ).format(
                what=what,
                epoch=record["epoch"],
                batch=record["batch"],
                lr=lr,
                advice=_lr_advice(lr),
            )
        )

    def on_epoch_end(self, trainer: Trainer, record: dict) -> None:
        # Weights can blow up without a NaN batch loss; the validation loss then shows it.
        if not math.isfinite(record["val_loss"]):
            lr = record["lr"]
            raise TrainingDiverged(
                _(
                    "the validation loss became NaN at epoch {epoch}: the learning rate "
                    "{lr:g} is probably too high; try {advice:g}"
                ).format(epoch=record["epoch"], lr=lr, advice=_lr_advice(lr))
            )


class ProgressBar(Callback):
    """Plain-text progress on stderr: a redrawn bar on a terminal, epoch lines otherwise."""

    def __init__(self, stream: IO[str] | None = None, every_s: float = 0.25) -> None:
        self.stream = stream or sys.stderr
        self.every_s = every_s
        self._last = 0.0
        self.live = hasattr(self.stream, "isatty") and self.stream.isatty()

    def on_batch_end(self, trainer: Trainer, record: dict) -> None:
        now = time.monotonic()
        if not self.live or now - self._last < self.every_s:
            return
        self._last = now
        done = record["batch"] / trainer.steps_per_epoch
        bar = "#" * int(done * 20)
        line = _(
            "epoch {epoch}/{total} [{bar:<20}] {batch}/{steps} loss {loss:.4f} {speed:.0f} img/s "
        ).format(
            epoch=record["epoch"],
            total=trainer.epochs_total,
            bar=bar,
            batch=record["batch"],
            steps=trainer.steps_per_epoch,
            loss=record["loss"],
            speed=record["images_per_s"],
        )
        self.stream.write("\r" + line)
        self.stream.flush()

    def on_epoch_end(self, trainer: Trainer, record: dict) -> None:
        prefix = "\r" + " " * 78 + "\r" if self.live else ""
        self.stream.write(prefix + epoch_log_line(record) + "\n")
        self.stream.flush()

    def on_fit_end(self, trainer: Trainer) -> None:
        if trainer.stopped_reason:
            self.stream.write(_("stopped: {reason}").format(reason=trainer.stopped_reason) + "\n")
