"""A bounded pool of training slots: runs beyond the limit wait in line, first come first
served, and can show their place ("queued, position 2").

One server hosts a whole classroom; two cores cannot train thirty models at once. The
number of slots is a setting (`CNNLAB_MAX_RUNS`), by default one per core (at most four),
and each running run gets an equal share of the cores (see core/training/loop.py).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

POLL_SECONDS = 0.2
# Nice 10 gives a waiting page rerun about 10x the CPU share of a training thread.
DEFAULT_NICE = 10


def training_nice() -> int:
    """How much lower than the pages a training thread runs (`CNNLAB_TRAIN_NICE`, 0..19)."""
    configured = os.environ.get("CNNLAB_TRAIN_NICE", "").strip()
    return min(19, int(configured)) if configured.isdigit() else DEFAULT_NICE


def lower_this_thread() -> None:
    """Let page reruns go first: the calling (training) thread gets a higher nice value.

    On Linux a thread has its own nice value, so the server's other threads keep theirs;
    the kernel then hands a busy CPU to a student's click before the next training batch.
    Elsewhere (or if refused) this does nothing: training just competes as before.
    """
    nice = training_nice()
    if nice <= 0:
        return
    try:
        current = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), max(current, nice))
    except (AttributeError, OSError):
        pass


def _nobody_waits() -> bool:
    return False


_pages_waiting: Callable[[], bool] = _nobody_waits


def let_pages_go_first(waiting: Callable[[], bool]) -> None:
    """Tell training how to see that page runs are going or waiting (the dashboard's
    turns): a run then gives way to them between its batches (core.training's GiveWay)."""
    global _pages_waiting
    _pages_waiting = waiting


def pages_waiting() -> bool:
    """Whether a page run is going or waiting now (never, without a dashboard)."""
    return _pages_waiting()


def default_slots() -> int:
    configured = os.environ.get("CNNLAB_MAX_RUNS", "")
    if configured.strip().isdigit() and int(configured) > 0:
        return int(configured)
    return max(1, min(4, os.cpu_count() or 1))


def _owner_of(holder: object) -> str:
    """Whose run it is (a TrainingRun's owner); holders without one share one line."""
    owner = getattr(holder, "owner", None)
    return str(getattr(owner, "id", owner))


class RunQueue:
    """At most `slots` holders at once; the others wait, fairly between owners: the next
    slot goes to the waiting run whose owner has started the fewest runs so far (then the one
    that came first), round-robin, so a student who queues ten runs cannot go ahead of the
    others."""

    def __init__(self, slots: int) -> None:
        self.slots = max(1, slots)
        self._active = 0
        self._started_by: dict[str, int] = {}
        self._waiting: list[object] = []
        self._changed = threading.Condition()

    def _order(self) -> list[object]:
        """The waiting holders in the order they will get a slot."""
        arrival = {id(h): i for i, h in enumerate(self._waiting)}
        return sorted(
            self._waiting,
            key=lambda h: (self._started_by.get(_owner_of(h), 0), arrival[id(h)]),
        )

    def acquire(self, holder: object, cancelled: Callable[[], bool] = lambda: False) -> bool:
        """Wait for a slot; False (and out of the line) if `cancelled()` turns true first."""
        with self._changed:
            self._waiting.append(holder)
            self._changed.notify_all()  # the line changed: position() and wait_for() see it
            while self._order()[0] is not holder or self._active >= self.slots:
                if cancelled():
                    self._waiting.remove(holder)
                    self._changed.notify_all()
                    return False
                self._changed.wait(POLL_SECONDS)
            self._waiting.remove(holder)
            owner = _owner_of(holder)
            self._active += 1
            self._started_by[owner] = self._started_by.get(owner, 0) + 1
            self._changed.notify_all()
            return True

    def release(self) -> None:
        with self._changed:
            self._active = max(0, self._active - 1)
            self._changed.notify_all()

    def position(self, holder: object) -> int | None:
        """1 for the next in line; None when not waiting."""
        with self._changed:
            order = self._order()
            return order.index(holder) + 1 if holder in order else None

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 10.0) -> bool:
        """Block until `predicate()` holds, checked each time the line changes (someone
        joins, gets a slot, leaves or releases one); False after `timeout` seconds."""
        with self._changed:
            return self._changed.wait_for(predicate, timeout)

    @property
    def active(self) -> int:
        """How many holders have a slot now."""
        return self._active

    @property
    def waiting(self) -> int:
        """How many holders wait in line now."""
        return len(self._waiting)


# The server's one pool, shared by every session's runs.
TRAINING_SLOTS = RunQueue(default_slots())
