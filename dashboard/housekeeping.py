"""The server gives memory back: every 30 s one thread collects Python's cyclic garbage and
asks glibc to return the freed pages to the system.

`.streamlit/config.toml` turns Streamlit's collection after every script run off (it was
45% of the CPU under a class's load), so an idle server never collected; and glibc kept the
freed memory of thirty students' uploads in its arenas (5.8 GB free inside the process, 0.7
GB in use: bench/upload_memory.py). Both are cheap every 30 s.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging
import threading

INTERVAL_S = 30.0
LOG = logging.getLogger(__name__)
_started = threading.Lock()
_thread: threading.Thread | None = None


def _libc_trim() -> None:
    """glibc's malloc_trim(0), where there is one (Linux); nothing elsewhere."""
    name = ctypes.util.find_library("c")
    try:
        trim = ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):  # macOS, Windows, musl: no malloc_trim
        trim = None
    if trim is not None:
        trim(0)


def tidy_memory() -> None:
    """One round: Python's cycles, then glibc's free pages."""
    gc.collect()
    _libc_trim()


def _loop() -> None:
    event = threading.Event()
    while not event.wait(INTERVAL_S):
        try:
            tidy_memory()
        except Exception:  # never take the server down for housekeeping
            LOG.exception("memory housekeeping failed")


def start_housekeeping() -> None:
    """Start the thread, once per server process (every session's script calls this)."""
    global _thread
    with _started:
        if _thread is None or not _thread.is_alive():
            _thread = threading.Thread(target=_loop, name="cnnlab-housekeeping", daemon=True)
            _thread.start()
