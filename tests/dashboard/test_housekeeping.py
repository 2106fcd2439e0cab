"""The server's memory housekeeping: one thread per process, and a round frees garbage."""

from __future__ import annotations

import gc
import threading

from dashboard import housekeeping


def test_one_thread_however_many_sessions_start_it() -> None:
    for _ in range(5):
        housekeeping.start_housekeeping()
    names = [t.name for t in threading.enumerate() if t.name == "cnnlab-housekeeping"]
    assert names == ["cnnlab-housekeeping"]


def test_a_round_collects_cycles() -> None:
    class Node:
        pass

    gc.collect()
    gc.disable()  # as the server runs: Streamlit's own collection after each run is off
    try:
        for _ in range(1000):
            a, b = Node(), Node()
            a.other, b.other = b, a
        del a, b
        before = sum(type(o) is Node for o in gc.get_objects())
        housekeeping.tidy_memory()
        after = sum(type(o) is Node for o in gc.get_objects())
    finally:
        gc.enable()
    assert before == 2000 and after == 0
