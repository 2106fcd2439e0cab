"""A class server imports PyTorch, torchvision and its pages' modules in the background from
its first page (the join form) on.

Importing torch takes 4 to 6 s on two cores, and the interpreter's lock goes with it: the
first student who opened Train (or Inside, Test a photo) waited that long, and every other
student's page with her. Measured with 30 students following lesson 004 and none training
(`python -m bench.class_lesson --training 0`): the class's arrival at the Train step went
from 4.0-4.5 s to that of the other steps. A lone student's lab does not import it before
it is needed: its first page would wait, and the test suite's servers would all pay.

torchvision too: the first training imports it, and with it torch._dynamo (through
torchvision.ops), another 3 to 4 s under the lock; in the lesson bench the first students
pressing Start held the class's first step back by that much (py-spy).
"""

from __future__ import annotations

import ast
import importlib
import logging
import threading
from pathlib import Path

from core.identity.settings import classroom_mode
from dashboard.navigation import PAGES, page_file

LOG = logging.getLogger(__name__)
_started = threading.Event()
_lock = threading.Lock()


MODULES = ("torch", "torchvision")


def page_modules() -> list[str]:
    """The modules the lab's page files import (their `from X import render` lines)."""
    found: list[str] = []
    for info in PAGES:
        tree = ast.parse(Path(page_file(info.id)).read_text(encoding="utf-8"))
        found += [node.module for node in tree.body if isinstance(node, ast.ImportFrom)]
    return [name for name in dict.fromkeys(found) if name]


def _import_torch() -> None:
    """torch and torchvision, then every page's modules: thirty students' first visits to a
    page imported its modules together, each waiting on the others' import locks (the
    lesson bench's first step, py-spy)."""
    try:
        for name in (*MODULES, *page_modules()):
            importlib.import_module(name)
    except Exception:  # the page that needs it will say so in words
        LOG.exception("importing torch in the background failed")


def warm_up() -> bool:
    """Start the import once per server process, on a class server only (every session's
    script calls this); True for the call that started it."""
    if _started.is_set() or not classroom_mode():
        return False
    with _lock:
        if _started.is_set():
            return False
        _started.set()
    threading.Thread(target=_import_torch, name="cnnlab-warm-up", daemon=True).start()
    return True
