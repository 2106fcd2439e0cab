"""Page runs take turns: in the order they came, one at a time, and nobody waits long for a
slow run; the app's every run takes its turn."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import turns
from dashboard.turns import Turns
from tests.dashboard.apptest import APP

WAIT = 30  # seconds a step may take before the test fails (never reached when it works)


def _until(condition) -> None:
    """Wait for `condition` without sleeping a fixed time (a condition variable's timeout)."""
    flag = threading.Event()
    for _ in range(WAIT * 100):
        if condition():
            return
        flag.wait(0.01)
    raise AssertionError("the state never came")


def _run(line: Turns, name: str, log: list[str], release: threading.Event) -> threading.Thread:
    def work() -> None:
        with line.turn():
            log.append(f"{name} starts")
            release.wait(WAIT)
            log.append(f"{name} ends")

    thread = threading.Thread(target=work)
    thread.start()
    return thread


def test_runs_go_one_at_a_time_in_the_order_they_came() -> None:
    line, log = Turns(slow_seconds=WAIT), []
    first, second, third = threading.Event(), threading.Event(), threading.Event()
    threads = [_run(line, "first", log, first)]
    _until(lambda: log == ["first starts"])
    assert line.busy()
    threads.append(_run(line, "second", log, second))
    _until(lambda: line.waiting == 1)
    threads.append(_run(line, "third", log, third))
    _until(lambda: line.waiting == 2)
    first.set()
    _until(lambda: len(log) == 3)
    assert log[2] == "second starts" and line.waiting == 1  # third still waits
    third.set()  # third may end once it starts; it has not
    assert "third starts" not in log
    second.set()
    for thread in threads:
        thread.join(WAIT)
    assert log == [
        "first starts",
        "first ends",
        "second starts",
        "second ends",
        "third starts",
        "third ends",
    ]


class Clock:
    """The time a Turns reads, moved on by the test (no run turns slow by the test's speed)."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def advance(self, line: Turns, seconds: float) -> None:
        self.now += seconds
        with line._changed:  # the waiters look at the time again
            line._changed.notify_all()


def test_a_slow_run_lets_one_more_run_go_and_only_one() -> None:
    clock = Clock()
    line, log = Turns(slow_seconds=0.5, clock=clock), []
    events = {name: threading.Event() for name in ("slow", "second", "third")}
    threads = [_run(line, "slow", log, events["slow"])]
    _until(lambda: log == ["slow starts"])
    threads += [_run(line, name, log, events[name]) for name in ("second", "third")]
    _until(lambda: line.waiting == 2)
    clock.advance(line, 0.6)  # the first run is slow now: one more goes beside it
    _until(lambda: len(log) == 2)
    gone = log[1].removesuffix(" starts")
    assert line.waiting == 1 and line.busy()  # the other waits while that one is quick
    events[gone].set()
    _until(lambda: len(log) == 4)
    assert log[2:] == [f"{gone} ends", f"{({'second', 'third'} - {gone}).pop()} starts"]
    for event in events.values():
        event.set()
    for thread in threads:
        thread.join(WAIT)
    assert not line.busy()


def test_training_does_not_wait_for_a_slow_run() -> None:
    clock = Clock()
    line, log, slow = Turns(slow_seconds=0.5, clock=clock), [], threading.Event()
    holder = _run(line, "slow", log, slow)
    _until(lambda: log == ["slow starts"])
    assert line.busy()
    clock.advance(line, 0.6)
    assert not line.busy()  # an evaluation of minutes holds training up half a second
    slow.set()
    holder.join(WAIT)


def test_a_run_that_stops_early_gives_its_turn_back() -> None:
    line = Turns()

    class Rerun(BaseException):  # as Streamlit's st.rerun() and st.stop() end a run
        pass

    with pytest.raises(Rerun), line.turn():
        raise Rerun
    assert not line.busy()  # nobody goes: the next run goes at once


def test_every_run_of_the_app_takes_its_turn(monkeypatch: pytest.MonkeyPatch) -> None:
    held: list[bool] = []

    class Recording(Turns):
        @contextmanager
        def turn(self) -> Iterator[None]:
            with super().turn():
                held.append(self.busy())  # this run goes: training gives way
                yield

    monkeypatch.setattr(turns, "PAGE_RUNS", Recording())
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    at.run()
    assert held == [True, True]


def test_training_sees_a_page_run_going() -> None:
    from core.runs.queue import pages_waiting

    assert not pages_waiting()
    with turns.PAGE_RUNS.turn():
        assert pages_waiting()  # a run between its batches waits now
    assert not pages_waiting()
