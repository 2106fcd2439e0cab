"""The half of a cluster run that runs on a Ray worker: the lab's own `fit`, its records and
checkpoints kept until the lab server fetches them (`core.runs.remote_run`).

Nothing here imports Ray: `core.cluster.remote` makes a `WorkerTraining` on a worker and calls
its methods from the lab server, one call in a thread while `train` runs in another. The
worker reads the dataset itself, so each worker needs the lab installed and the datasets
where the lab server has them (its own `CNNLAB_HOME`, or a shared one).
"""

from __future__ import annotations

import io
import os
import socket
import threading
from pathlib import Path
from typing import Any

import torch

from core.device import describe
from core.i18n import set_language
from core.model.build import build_model
from core.model.spec_io import spec_from_json
from core.training.callbacks import Checkpoint, EarlyStopping, NanGuard
from core.training.config import TrainConfig
from core.training.control import RunControl
from core.training.loop import Trainer, fit


def to_bytes(state: dict[str, Any]) -> bytes:
    """A checkpoint as the bytes of its .pt file (what `torch.save` writes)."""
    buffer = io.BytesIO()
    torch.save(state, buffer)
    return buffer.getvalue()


class Outbox(Checkpoint):
    """The worker's record of training: batch and epoch records, and the latest last and best
    checkpoints as bytes, kept until `drain`. An epoch's record and its checkpoint are drained
    together, so the lab never writes an epoch without the weights that go with it."""

    def __init__(self) -> None:
        super().__init__(Path("."))  # no folder: `save` keeps the bytes instead
        self._lock = threading.RLock()
        self._events: list[tuple[str, dict]] = []
        self._files: dict[str, bytes] = {}
        self._saving: tuple[dict, bytes] | None = None  # last and best of one epoch: one copy

    def _put(self, kind: str, record: dict) -> None:
        with self._lock:
            self._events.append((kind, dict(record)))

    def on_fit_start(self, trainer: Trainer) -> None:
        super().on_fit_start(trainer)
        start = {
            "steps_per_epoch": trainer.steps_per_epoch,
            "device": describe(trainer.device),
            "classes": list(trainer.classes),
        }
        self._put("start", start)

    def on_batch_end(self, trainer: Trainer, record: dict) -> None:
        self._put("batch", record)

    def on_epoch_end(self, trainer: Trainer, record: dict) -> None:
        with self._lock:  # held while the checkpoint is serialised: they leave together
            self._put("epoch", record)
            super().on_epoch_end(trainer, record)
            self._saving = None

    def on_fit_end(self, trainer: Trainer) -> None:
        super().on_fit_end(trainer)
        self._saving = None

    def save(self, state: dict[str, Any], which: str) -> None:
        if self._saving is None or self._saving[0] is not state:
            self._saving = (state, to_bytes(state))
        with self._lock:
            self._files[which] = self._saving[1]

    def drain(self) -> dict[str, Any]:
        """{"events": [(kind, record)...], "files": {"last"|"best": bytes}} since the last call."""
        with self._lock:
            drained = {"events": self._events, "files": self._files}
            self._events, self._files = [], {}
        return drained


class WorkerTraining:
    """One run's training on a cluster worker. Made with the run's spec and config as JSON,
    the history it continues and the weights it starts from (bytes of a .pt, or None)."""

    def __init__(
        self,
        spec: dict,
        config: dict,
        history: list[dict],
        weights: bytes | None,
        language: str,
    ) -> None:
        self._spec, self._config, self._history = spec, config, history
        self._weights, self._language = weights, language
        self.signal, self.outbox = RunControl(), Outbox()

    def where(self) -> dict[str, Any]:
        """The worker's host and process id (an answer also says the object is ready)."""
        return {"host": socket.gethostname(), "pid": os.getpid()}

    def train(self) -> str | None:
        """Train to the config's epochs; returns why it stopped early (None if it did not)."""
        set_language(self._language)  # the run's messages in its maker's language
        spec, config = spec_from_json(self._spec), TrainConfig.from_json(self._config)
        model = optimizer = None
        if self._weights is not None:
            state = torch.load(io.BytesIO(self._weights), map_location="cpu", weights_only=True)
            model = build_model(spec)
            model.load_state_dict(state["state_dict"])
            optimizer, self._weights = state.get("optimizer"), None
        callbacks: list[Any] = [self.signal, NanGuard(), self.outbox]
        if config.early_stopping:
            callbacks.append(EarlyStopping(config.early_stopping))
        trainer = fit(
            spec,
            config,
            callbacks,
            model=model,
            history=self._history,
            optimizer_state=optimizer,
        )
        return trainer.stopped_reason

    def exchange(self, stop: bool, pause: bool, lr: float | None) -> dict[str, Any]:
        """Take the lab's controls (stop, pause, a new learning rate); hand over what was
        recorded since the last exchange (`Outbox.drain`)."""
        if lr is not None:
            self.signal.request_lr(lr)
        if pause:
            self.signal.pause.set()
        else:
            self.signal.pause.clear()
        if stop:
            self.signal.stop.set()
        return self.outbox.drain()
