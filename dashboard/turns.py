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
the others: the next in line goes beside it, so a long page delays nobody by more than that.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from core.runs.queue import let_pages_go_first

# A quick page runs in 20-60 ms: a run going this long is a slow one (a model evaluated, a
# file read, the first visit's imports), and the next run in line stops waiting for it.
SLOW_SECONDS = 0.5


class Turns:
    """One quick run at a time: a run waits while another run that is not yet slow goes.

    A slow run lets the next one in line go, and only that one: were every waiter let go at
    once, one slow run (a first visit's imports) would send the whole herd back to sharing
    the interpreter to its end, each run then slow in turn.
    """

    def __init__(
        self, slow_seconds: float = SLOW_SECONDS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._slow, self._clock = slow_seconds, clock
        self._changed = threading.Condition()
        self._going: dict[object, float] = {}  # each run going -> when it started
        self.waiting = 0  # runs waiting for their turn now

    def _quick(self, now: float) -> list[float]:
        """When each run going that is not yet slow started."""
        return [start for start in self._going.values() if now - start < self._slow]

    @contextmanager
    def turn(self) -> Iterator[None]:
        """Wait until no quick run goes (the one going finishes or turns slow), then go."""
        me = object()
        with self._changed:
            self.waiting += 1
            try:
                while quick := self._quick(now := self._clock()):
                    self._changed.wait(self._slow - (now - max(quick)))
            finally:
                self.waiting -= 1
            self._going[me] = self._clock()
        try:
            yield
        finally:
            with self._changed:
                del self._going[me]
                self._changed.notify()  # the next in line (Condition wakes in order)

    def busy(self) -> bool:
        """Whether quick page runs are going or waiting (a slow run, an evaluation of
        minutes, does not hold training up)."""
        with self._changed:
            return bool(self._quick(self._clock())) or self.waiting > 0


PAGE_RUNS = Turns()
let_pages_go_first(PAGE_RUNS.busy)  # a training run waits between batches while pages do
