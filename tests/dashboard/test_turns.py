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
        with line.turn() as holds:
            log.append(f"{name} starts {'holding' if holds else 'without'}")
            release.wait(WAIT)
            log.append(f"{name} ends")

    thread = threading.Thread(target=work)
    thread.start()
    return thread


def test_runs_go_one_at_a_time_in_the_order_they_came() -> None:
    line, log = Turns(slow_seconds=WAIT), []
    first, second, third = threading.Event(), threading.Event(), threading.Event()
    threads = [_run(line, "first", log, first)]
    _until(lambda: log == ["first starts holding"])
    assert line.busy()
    threads.append(_run(line, "second", log, second))
    _until(lambda: line.waiting == 1)
    threads.append(_run(line, "third", log, third))
    _until(lambda: line.waiting == 2)
    first.set()
    _until(lambda: len(log) == 3)
    assert log[2] == "second starts holding" and line.waiting == 1  # third still waits
    third.set()  # third may end once it starts; it has not
    assert "third starts holding" not in log
    second.set()
    for thread in threads:
        thread.join(WAIT)
    assert log == [
        "first starts holding",
        "first ends",
        "second starts holding",
        "second ends",
        "third starts holding",
        "third ends",
    ]


def test_a_slow_run_holds_nobody_for_longer_than_its_limit() -> None:
    line, log = Turns(slow_seconds=0.05), []
    slow, quick = threading.Event(), threading.Event()
    quick.set()
    holder = _run(line, "slow", log, slow)
    _until(lambda: log == ["slow starts holding"])
    _run(line, "quick", log, quick).join(WAIT)  # done while the slow one still runs
    assert log == ["slow starts holding", "quick starts without", "quick ends"]
    assert not line.busy()  # training does not wait for a slow run either
    slow.set()
    holder.join(WAIT)
    with line.turn() as holds:  # the turn was given back: the next run holds it
        assert holds


def test_a_run_that_stops_early_gives_its_turn_back() -> None:
    line = Turns()

    class Rerun(BaseException):  # as Streamlit's st.rerun() and st.stop() end a run
        pass

    with pytest.raises(Rerun), line.turn():
        raise Rerun
    with line.turn() as holds:
        assert holds


def test_every_run_of_the_app_takes_its_turn(monkeypatch: pytest.MonkeyPatch) -> None:
    held: list[bool] = []

    class Recording(Turns):
        @contextmanager
        def turn(self) -> Iterator[bool]:
            with super().turn() as holds:
                held.append(holds)
                yield holds

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
