"""What a live run reports: its metrics log (written by the worker, read by any page) and the
snapshot a page draws from it."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from core.training.config import epoch_log_line


class MetricsLog:
    """Append-only batch and epoch records behind a lock; readers get copies."""

    def __init__(self, epochs: list[dict] | None = None) -> None:
        self._lock = threading.Lock()
        self._batches: list[dict] = []
        self._epochs: list[dict] = list(epochs or [])
        self._lines = [epoch_log_line(e) for e in self._epochs]

    def append_batch(self, record: dict) -> None:
        with self._lock:
            self._batches.append(dict(record))

    def append_epoch(self, record: dict) -> None:
        with self._lock:
            self._epochs.append(dict(record))
            self._lines.append(epoch_log_line(record))

    def snapshot(self) -> dict[str, list]:
        """{"batches", "epochs", "lines"}: new lists (records are never mutated once in)."""
        with self._lock:
            return {
                "batches": list(self._batches),
                "epochs": list(self._epochs),
                "lines": list(self._lines),
            }


class DataProgress(Protocol):
    """How far a run has got making its data before training (core.transfer.finetune's
    Preparing): (done, total, what it is doing, in the reader's language)."""

    def read(self) -> tuple[int, int, str]: ...


@dataclass(frozen=True, kw_only=True)
class RunSnapshot:
    """Everything the page shows about a run at one moment."""

    status: str
    epoch: int
    epochs_total: int
    batch: int
    batches_per_epoch: int
    epochs: list[dict]
    batches: list[dict]
    lines: list[str]
    best_val_acc: float | None
    best_epoch: int | None
    images_per_s: float | None
    eta_seconds: float | None
    error: str | None
    run_dir: Path
    name: str
    queue_position: int | None = None  # 1 = next to start, while waiting for a slot
