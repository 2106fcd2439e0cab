"""The training loop: one `fit`, reporting through callbacks (as fastai, Lightning, ignite).

    trainer = fit(spec, TrainConfig(epochs=2, train_limit=500), [ProgressBar()])
    trainer.history[-1]["val_acc"]

The page, the CLI's progress bar, checkpoints, early stopping and NaN detection are all
callbacks (`core.training.callbacks`). A callback stops the run by raising `StopTraining`; the loop
then ends cleanly, calls `on_fit_end` and keeps the last good weights. Any other exception
goes to `on_exception` and is re-raised.

Threads: `torch.set_num_threads` is process-global. Each `fit` counts itself among the
active fits and sets the thread count to `config.threads`, or else to
max(1, threads // active fits), at its start and whenever a fit ends; so two concurrent runs
share the cores instead of oversubscribing them (the last setting wins for everybody). The
threads to share are torch's own count at start-up: the cores, or OMP_NUM_THREADS where the
machine's owner (or the test suite's parallel workers) set it lower.
"""

from __future__ import annotations

import contextlib
import math
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch
from torch import nn

from core.device import autocast, grad_scaler, resolve
from core.i18n import _
from core.model import outputs
from core.model.build import build_model, check_outputs
from core.model.memory import check_memory
from core.model.specs import ModelSpec
from core.model.summary import summarize
from core.training.config import RunSpec, TrainConfig
from core.training.data import Batches, prepare_data
from core.training.optimizers import make_optimizer
from core.training.reuse import load_reused_weights
from core.training.schedules import LrSchedule

# 001:389: after unlocking reused layers, a smaller rate keeps their weights from harm.
UNFROZEN_LR_FACTOR = 0.1


class StopTraining(Exception):
    """Raised by a callback to end the run cleanly; its message is the reason."""


class TrainingDiverged(RuntimeError):
    """The loss became NaN or infinite; the message explains what to change."""


class Callback:
    """No-op hooks; subclass and override the ones you need."""

    def on_fit_start(self, trainer: Trainer) -> None: ...
    def on_batch_end(self, trainer: Trainer, record: dict) -> None: ...
    def on_epoch_end(self, trainer: Trainer, record: dict) -> None: ...
    def on_fit_end(self, trainer: Trainer) -> None: ...
    def on_exception(self, trainer: Trainer, error: BaseException) -> None: ...


_THREADS_LOCK = threading.Lock()
_ACTIVE_FITS: list[int | None] = []  # each active fit's requested thread count
_DEFAULT_THREADS = torch.get_num_threads()


def _share_threads(add: int | None = None, remove: int | None = None, *, adding: bool) -> None:
    with _THREADS_LOCK:
        if adding:
            _ACTIVE_FITS.append(add)
        else:
            _ACTIVE_FITS.remove(remove)
        if not _ACTIVE_FITS:
            torch.set_num_threads(_DEFAULT_THREADS)
            return
        requested = _ACTIVE_FITS[-1]
        torch.set_num_threads(requested or max(1, _DEFAULT_THREADS // len(_ACTIVE_FITS)))


# Mixed precision pays on photo-sized inputs, where big convolutions dominate. On 28x28
# digits it cost time: 2 epochs of the course's MNIST CNN on an H200 took 3.40 s in bfloat16,
# 2.86 s in float32 (bench/bench_device.py).
AMP_MIN_PIXELS = 64 * 64


def _photo_sized(spec: RunSpec) -> bool:
    shape = getattr(spec, "input_shape", (0, 0, 0))
    return shape[-1] * shape[-2] >= AMP_MIN_PIXELS


class Trainer:
    """The state callbacks see: model, optimiser, data, position, history."""

    def __init__(
        self,
        spec: RunSpec,
        config: TrainConfig,
        model: nn.Module,
        data: Batches,
        callbacks: Sequence[Callback],
        history: list[dict],
    ) -> None:
        self.spec, self.config, self.data = spec, config, data
        # On the run's device before the optimiser is made: its state follows the weights.
        self.device = resolve(config.device)
        # Channels-last (NHWC) memory: 28% faster steps for cifar10_cpu on this CPU, a little
        # slower for the MNIST CNNs, so a recipe asks for it (bench/bench_device.py).
        self.memory_format = torch.channels_last if config.channels_last else torch.preserve_format
        # Module.to takes a memory_format with the device; torch's overloads leave that out.
        self.model = model.to(self.device, memory_format=self.memory_format)  # type: ignore[call-overload]
        self.value = outputs.gives_value(model)  # 003:292: the output as it is, with MSE
        self.amp = config.amp and _photo_sized(spec)
        self.scaler = grad_scaler(self.device, self.amp)
        self.callbacks = list(callbacks)
        self.history = list(history)
        self.classes = data.classes
        # A value's class is its nearest class number, counted as evaluation counts it.
        self.value_classes = len(data.classes) if self.value else None
        self.optimizer = make_optimizer(model, config)
        self.steps_per_epoch = data.steps_per_epoch
        self.schedule = LrSchedule(config, self.steps_per_epoch)
        self.epochs_total = config.epochs
        self.epoch = len(history)  # 1-based number of the epoch running (0 before the first)
        self.batch = 0  # 1-based within the epoch
        self.step = len(history) * self.steps_per_epoch
        self.lr = self.schedule.lr(self.step)
        self.lr_override: float | None = None  # set_lr: a constant rate from then on
        self.paused_seconds = 0.0  # time spent paused, left out of epoch timings
        self.stopped_reason: str | None = None
        self.error: BaseException | None = None
        self._kernels = [p for p in model.parameters() if p.requires_grad and p.dim() > 1]
        if config.unfreeze_after and self.epoch >= config.unfreeze_after:
            # A run continued past the unlocking: unlocked again before its optimizer's
            # saved state (which holds the unlocked layers' group) is loaded into it.
            self._unlock_reused()

    def train_also(self, params: Sequence[nn.Parameter]) -> None:
        """From the next step on, also train `params` (frozen until now): the optimizer
        updates them, and L1 and max-norm reach their kernels."""
        for parameter in params:
            parameter.requires_grad_(True)
        if params:
            self.optimizer.add_param_group({"params": list(params)})
            self._kernels += [p for p in params if p.dim() > 1]

    def _unlock_reused(self) -> None:
        """001:383-389, model B on A: the reused layers, locked for `unfreeze_after` epochs
        (the new output layer's first large errors would wreck their weights), now train,
        at the rate times UNFROZEN_LR_FACTOR so their weights come to no harm."""
        self.train_also([p for p in self.model.parameters() if not p.requires_grad])
        self.set_lr(self.config.lr * UNFROZEN_LR_FACTOR)

    def set_lr(self, lr: float) -> None:
        """Use `lr` from the next batch on, replacing the schedule."""
        self.lr_override = float(lr)

    def _emit(self, event: str, *args: Any) -> None:
        for callback in self.callbacks:
            getattr(callback, event)(self, *args)

    def _to_device(self, x: torch.Tensor) -> torch.Tensor:
        """A batch where the model is, in its memory format (images only: cached feature
        vectors have no channels to put last)."""
        layout = self.memory_format if x.dim() == 4 else torch.preserve_format
        return x.to(self.device, non_blocking=True, memory_format=layout)

    def _train_step(self, x: torch.Tensor, y: torch.Tensor) -> tuple[float, int]:
        config = self.config
        self.lr = self.lr_override if self.lr_override is not None else self.schedule.lr(self.step)
        for group in self.optimizer.param_groups:
            group["lr"] = self.lr
        x, y = self._to_device(x), y.to(self.device, non_blocking=True)
        with autocast(self.device, self.amp):
            logits = self.model.logits(x).float()  # the loss in full precision
        loss = outputs.loss(logits, y, label_smoothing=config.label_smoothing, value=self.value)
        total = loss
        if config.l1:
            total = loss + config.l1 * sum(p.abs().sum() for p in self._kernels)
        self.optimizer.zero_grad(set_to_none=True)
        if self.scaler is not None:  # float16: scale the loss so small gradients survive
            self.scaler.scale(total).backward()
            self.scaler.unscale_(self.optimizer)
        else:
            total.backward()
        if config.grad_clip:
            nn.utils.clip_grad_norm_(self.model.parameters(), config.grad_clip)
        if self.scaler is not None:
            self.scaler.step(self.optimizer)
            self.scaler.update()
        else:
            self.optimizer.step()
        if config.max_norm:
            with torch.no_grad():  # each unit's / filter's incoming weights, as Keras max_norm
                for p in self._kernels:
                    p.copy_(torch.renorm(p, 2, 0, config.max_norm))
        correct = int((outputs.predictions(logits, self.value_classes) == y).sum())
        return loss.item(), correct

    def validate(self) -> tuple[float, float]:
        """Mean loss and accuracy on the validation subset (eval mode, no gradients)."""
        self.model.eval()
        loss_sum, correct, n = 0.0, 0, 0
        with torch.inference_mode(), autocast(self.device, self.amp):
            for x, y in self.data.val_batches():
                x, y = self._to_device(x), y.to(self.device, non_blocking=True)
                logits = self.model.logits(x).float()
                loss_sum += float(outputs.loss(logits, y, reduction="sum", value=self.value))
                correct += int((outputs.predictions(logits, self.value_classes) == y).sum())
                n += len(y)
        self.model.train()
        return loss_sum / max(1, n), correct / max(1, n)

    def _run_epoch(self, epoch: int) -> None:
        self.epoch, self.batch = epoch + 1, 0
        self.model.train()
        started, paused_before = time.perf_counter(), self.paused_seconds
        loss_sum, correct, seen = 0.0, 0, 0
        for x, y in self.data.train_batches(epoch):
            loss, right = self._train_step(x, y)
            self.batch += 1
            self.step += 1
            loss_sum += loss * len(y)
            correct += right
            seen += len(y)
            elapsed = time.perf_counter() - started - (self.paused_seconds - paused_before)
            record = {
                "epoch": self.epoch,
                "batch": self.batch,
                "step": self.step,
                "loss": loss,
                "acc": right / len(y),
                "lr": self.lr,
                "images_per_s": seen / max(elapsed, 1e-9),
            }
            self._emit("on_batch_end", record)
        val_loss, val_acc = self.validate()
        seconds = time.perf_counter() - started - (self.paused_seconds - paused_before)
        record = {
            "epoch": self.epoch,
            "train_loss": loss_sum / max(1, seen),
            "train_acc": correct / max(1, seen),
            "val_loss": val_loss,
            "val_acc": val_acc,
            "lr": self.lr,
            "seconds": seconds,
        }
        self.history.append(record)
        if math.isfinite(val_loss):
            self.schedule.epoch_end(val_loss)
        if self.epoch == self.config.unfreeze_after:
            self._unlock_reused()
        self._emit("on_epoch_end", record)

    def run(self) -> None:
        """Train from the current epoch to `config.epochs`, with every callback."""
        _share_threads(add=self.config.threads, adding=True)
        try:
            try:
                self._emit("on_fit_start")
                for epoch in range(len(self.history), self.config.epochs):
                    self._run_epoch(epoch)
            except StopTraining as stop:
                self.stopped_reason = str(stop) or _("stopped")
            self._emit("on_fit_end")
        except BaseException as error:
            self.error = error
            for callback in self.callbacks:
                # The original error is the one to report, not a callback's own failure.
                with contextlib.suppress(Exception):
                    callback.on_exception(self, error)
            raise
        finally:
            _share_threads(remove=self.config.threads, adding=False)


def fit(
    spec: RunSpec,
    config: TrainConfig,
    callbacks: Sequence[Callback] = (),
    model: nn.Module | None = None,
    *,
    history: Sequence[dict] = (),
    optimizer_state: dict | None = None,
    data: Batches | None = None,
) -> Trainer:
    """Train `spec` (or the given `model`) under `config`; returns the finished Trainer.

    `history` and `optimizer_state` continue an earlier run from epoch len(history)+1.
    `data` replaces the dataset named in the config (e.g. cached features from
    core.transfer.feature_cache).
    Same seed, same config -> same weights and metrics (in a single-run process).
    """
    if isinstance(spec, ModelSpec):  # refuse a model that cannot fit before loading anything
        check_memory(summarize(spec), config.batch_size, training=True)
    if data is None:
        data = prepare_data(config, spec)
    if isinstance(spec, ModelSpec):
        check_outputs(spec, len(data.classes))
    # Seeded per start epoch so a continued run is reproducible too; dropout and
    # augmentation draw from torch's global generator.
    torch.manual_seed(config.seed + len(history))
    if model is None:
        if not isinstance(spec, ModelSpec):  # a TransferSpec's network is built by its maker
            raise TypeError(f"fit needs the model for a {type(spec).__name__}")
        model = build_model(spec)
        if config.init_from and not history:  # model B on model A: A's layers, trained
            load_reused_weights(model, spec, Path(config.init_from))
    trainer = Trainer(spec, config, model, data, callbacks, list(history))
    if optimizer_state:
        trainer.optimizer.load_state_dict(optimizer_state)
    trainer.run()
    return trainer
