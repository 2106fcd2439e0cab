"""The remote control of a running fit: the page (or the Ray worker's message loop) stops
it, pauses it, or asks for a new learning rate; the loop obeys between batches."""

from __future__ import annotations

import threading
import time

from core.i18n import _
from core.training.loop import Callback, StopTraining, Trainer


class RunControl(Callback):
    """The page's remote control of a running fit: stop (an Event), pause (an Event) and a
    new learning rate, each checked between batches."""

    def __init__(
        self, stop: threading.Event | None = None, pause: threading.Event | None = None
    ) -> None:
        self.stop = stop or threading.Event()
        self.pause = pause or threading.Event()
        self._lock = threading.Lock()
        self._pending_lr: float | None = None

    def request_lr(self, lr: float) -> None:
        with self._lock:
            self._pending_lr = lr

    def take_lr(self) -> float | None:
        """The rate asked for since the last call, once (None when none was)."""
        with self._lock:
            lr, self._pending_lr = self._pending_lr, None
        return lr

    def _check(self, trainer: Trainer) -> None:
        lr = self.take_lr()
        if lr is not None:
            trainer.set_lr(lr)
        if self.pause.is_set() and not self.stop.is_set():
            started = time.perf_counter()
            while self.pause.is_set() and not self.stop.is_set():
                self.stop.wait(0.05)
            trainer.paused_seconds += time.perf_counter() - started
        if self.stop.is_set():
            raise StopTraining(_("stopped by the user"))

    def on_fit_start(self, trainer: Trainer) -> None:
        self._check(trainer)

    def on_batch_end(self, trainer: Trainer, record: dict) -> None:
        self._check(trainer)
