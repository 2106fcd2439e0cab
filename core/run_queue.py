"""A bounded pool of training slots: runs beyond the limit wait in line, first come first
served, and can show their place ("queued, position 2").

One server hosts a whole classroom; two cores cannot train thirty models at once. The
number of slots is a setting (`CNNLAB_MAX_RUNS`), by default one per core (at most four),
and each running run gets an equal share of the cores (see core/training.py).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

POLL_SECONDS = 0.2


def default_slots() -> int:
    configured = os.environ.get("CNNLAB_MAX_RUNS", "")
    if configured.strip().isdigit() and int(configured) > 0:
        return int(configured)
    return max(1, min(4, os.cpu_count() or 1))


class RunQueue:
    """At most `slots` holders at once; the others wait in arrival order."""

    def __init__(self, slots: int) -> None:
        self.slots = max(1, slots)
        self._active = 0
        self._waiting: list[object] = []
        self._changed = threading.Condition()

    def acquire(self, holder: object, cancelled: Callable[[], bool] = lambda: False) -> bool:
        """Wait for a slot; False (and out of the line) if `cancelled()` turns true first."""
        with self._changed:
            self._waiting.append(holder)
            while self._waiting[0] is not holder or self._active >= self.slots:
                if cancelled():
                    self._waiting.remove(holder)
                    self._changed.notify_all()
                    return False
                self._changed.wait(POLL_SECONDS)
            self._waiting.pop(0)
            self._active += 1
            self._changed.notify_all()
            return True

    def release(self) -> None:
        with self._changed:
            self._active = max(0, self._active - 1)
            self._changed.notify_all()

    def position(self, holder: object) -> int | None:
        """1 for the next in line; None when not waiting."""
        with self._changed:
            return self._waiting.index(holder) + 1 if holder in self._waiting else None

    @property
    def active(self) -> int:
        return self._active


# The server's one pool, shared by every session's runs.
TRAINING_SLOTS = RunQueue(default_slots())
