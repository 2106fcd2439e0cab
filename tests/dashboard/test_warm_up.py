"""A class server starts importing torch once, in the background; a lone student's lab does
not (its first page would wait, and the test suite's servers would all pay)."""

from __future__ import annotations

import sys
import threading

import pytest

from dashboard import warm_up


def _warm_up_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "cnnlab-warm-up"]


def test_a_class_server_imports_torch_once_in_the_background(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CNNLAB_CLASSROOM", "1")
    monkeypatch.setattr(warm_up, "_started", threading.Event())
    assert [warm_up.warm_up() for _ in range(3)] == [True, False, False]  # every session calls
    for thread in _warm_up_threads():  # (already over where torch was imported before)
        assert thread.daemon  # never keeps a stopping server alive
        thread.join(timeout=120)
    assert "torch" in sys.modules


def test_a_lone_students_lab_does_not(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CNNLAB_CLASSROOM", raising=False)
    monkeypatch.setattr(warm_up, "_started", threading.Event())
    assert warm_up.warm_up() is False and not warm_up._started.is_set()
