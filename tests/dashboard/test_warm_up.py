"""A class server starts importing torch and torchvision once, in the background; a lone
student's lab does not (its first page would wait, and the test suite's servers would all
pay)."""

from __future__ import annotations

import importlib
import sys
import threading
from types import SimpleNamespace

import pytest

from dashboard import warm_up


def _warm_up_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "cnnlab-warm-up"]


def test_a_class_server_imports_torch_once_in_the_background(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CNNLAB_CLASSROOM", "1")
    monkeypatch.setattr(warm_up, "_started", threading.Event())
    imported = []
    real = importlib.import_module

    def recorded(name: str) -> object:
        imported.append(name)
        return real(name)

    monkeypatch.setattr(warm_up, "importlib", SimpleNamespace(import_module=recorded))
    assert [warm_up.warm_up() for _ in range(3)] == [True, False, False]  # every session calls
    for thread in _warm_up_threads():  # (already over where both were imported before)
        assert thread.daemon  # never keeps a stopping server alive
        thread.join(timeout=120)
    # torchvision too: the first training's import of it (and of torch._dynamo) is done,
    # then the modules of every page (thirty first visits importing them together waited
    # on each other's import locks)
    assert imported[:2] == ["torch", "torchvision"]
    assert "dashboard.convlab.convolution_page" in imported[2:]
    assert set(imported[2:]) == set(warm_up.page_modules())
    assert all(name in sys.modules for name in imported)


def test_the_page_modules_are_each_pages_own() -> None:
    from dashboard.navigation import PAGES

    modules = warm_up.page_modules()
    assert len(modules) == len(PAGES)  # one module behind each page's thin file
    assert {"dashboard.builder.page", "dashboard.training.page"} <= set(modules)


def test_a_lone_students_lab_does_not(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CNNLAB_CLASSROOM", raising=False)
    monkeypatch.setattr(warm_up, "_started", threading.Event())
    assert warm_up.warm_up() is False and not warm_up._started.is_set()
