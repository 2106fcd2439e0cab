"""Page runs take turns: one at a time, in the order they came, unless the one running is slow.

The server runs each session's script in its own thread, and Python runs one thread at a time
(the interpreter lock). When the teacher brings thirty students to a page, thirty page runs
start within a second; sharing the interpreter, nearly every one of them finished at the
end of the herd, and each cost about 40 ms of CPU instead of 28 alone, in switching between
thirty threads. Taking turns, the first student's page is done after one page's time, the
median after half the herd's, and the switching is gone. Measured: thirty sessions opening
Build a CNN at once, four times each way, median 0.86-1.21 s and last 0.87-1.30 s (39-45 ms
of CPU a page) before, median 0.44-0.49 s and last 0.81-0.88 s (27-29 ms) taking turns.

A run that takes longer than SLOW_SECONDS (a model evaluated, a file read) stops holding
the others: they go on as before, so a long page delays nobody by more than that.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from core.runs.queue import let_pages_go_first

# A quick page runs in 20-60 ms: a run that has held the turn this long is a slow one (a
# model evaluated, a file read), and the others stop waiting for it. At 0.15 s a run slowed
# by the start of ten trainings let the whole herd in together, which slowed the next holder
# in turn (bench: the herd's median back to its last).
SLOW_SECONDS = 0.5


class Turns:
    """One holder at a time; a waiter goes ahead anyway once the holder is slow."""

    def __init__(self, slow_seconds: float = SLOW_SECONDS) -> None:
        self._slow = slow_seconds
        self._changed = threading.Condition()
        self._since: float | None = None  # when the holder started; None when nobody holds
        self.waiting = 0  # runs waiting for their turn now

    @contextmanager
    def turn(self) -> Iterator[bool]:
        """Wait for the turn (at most until the holder has run `slow_seconds`); yields
        whether this run holds it."""
        with self._changed:
            self.waiting += 1
            try:
                while self._since is not None:
                    left = self._slow - (time.monotonic() - self._since)
                    if left <= 0:
                        break  # the holder is slow: go ahead without the turn
                    self._changed.wait(left)
            finally:
                self.waiting -= 1
            holds = self._since is None
            if holds:
                self._since = time.monotonic()
        try:
            yield holds
        finally:
            if holds:
                with self._changed:
                    self._since = None
                    self._changed.notify()  # the next in line (Condition wakes in order)

    def busy(self) -> bool:
        """Whether quick page runs are going or waiting: a run holds the turn and is not yet
        slow, or runs wait for the next turn. A slow run (an evaluation of minutes) does not
        hold training up either."""
        since = self._since
        if since is not None:
            return time.monotonic() - since < self._slow
        return self.waiting > 0


PAGE_RUNS = Turns()
let_pages_go_first(PAGE_RUNS.busy)  # a training run waits between batches while pages do
