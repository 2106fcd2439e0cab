"""The server gives memory back: every 30 s one thread ends the closed sessions that still
hold uploads, collects Python's cyclic garbage and asks glibc to return the freed pages.

Streamlit keeps a closed tab's session 2 minutes for a reconnect, and with it every file
that tab uploaded (in its upload store and in the session's widget state): thirty students'
largest photos were still 578 MB two minutes after they left (bench/upload_memory.py). A
session gone for one whole round (30-60 s) that still holds uploads is ended instead, with
Streamlit's public `Runtime.clear_user_info_for_session`; one without uploads keeps its 2
minutes. A student whose phone slept that long is still signed in (her cookie) and finds
her runs; she picks her photo again.

`.streamlit/config.toml` turns Streamlit's collection after every script run off (it was
45% of the CPU under a class's load), so an idle server never collected; and glibc kept the
freed memory of those uploads in its arenas (5.8 GB free inside the process, 0.7 GB in
use). Both are cheap every 30 s.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging
import threading

# Imported here, with the app: a first import inside the new thread met an import deadlock.
from streamlit.runtime import Runtime

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


def _closed_with_uploads(runtime: Runtime) -> set[str]:
    """The sessions that hold uploaded files but have no browser connected."""
    store = getattr(runtime.uploaded_file_mgr, "file_storage", {})  # the in-memory store
    return {
        session_id
        for session_id, files in list(store.items())
        if files and not runtime.is_active_session(session_id)
    }


def end_closed_upload_sessions(runtime: Runtime, seen_closed: set[str]) -> set[str]:
    """End the sessions found closed, with uploads, in this round and the last
    (`seen_closed`); return those closed only now, for the next round. Ending a session
    frees its uploads and its state (Streamlit's session shutdown)."""
    closed = _closed_with_uploads(runtime)
    for session_id in closed & seen_closed:
        if not runtime.is_active_session(session_id):  # it may have just come back
            runtime.clear_user_info_for_session(session_id)
    return closed - seen_closed


def _loop() -> None:
    event, seen_closed = threading.Event(), set[str]()
    while not event.wait(INTERVAL_S):
        try:
            if Runtime.exists():
                seen_closed = end_closed_upload_sessions(Runtime.instance(), seen_closed)
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
