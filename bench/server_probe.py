"""The lab's server, run as `streamlit run` does, with a probe thread that logs where its
memory is, for bench/upload_memory.py's diagnosis: every few seconds one JSON line with the
bytes Streamlit's uploaded-file manager holds (and for how many sessions), the sessions that
are connected and those kept for a reconnect, and glibc's own account (mallinfo2: bytes in
use, bytes free but not returned to the system).

Candidate fixes, to measure their effect (BENCH_FIX, comma-separated; none by default):
  nonresumable  every session is marked non-resumable when it connects (Runtime's public
                `mark_session_nonresumable`): a closed tab's session is shut down at once,
                which frees its uploads. Otherwise Streamlit keeps it 2 minutes for a
                reconnect (MemorySessionStorage's TTL) and frees it only when the expired
                entry is reaped (on a later disconnect) and the AppSession collected
  trim          `malloc_trim(0)` after each probe: glibc returns free memory to the system
  gc            a full `gc.collect()` every 30 s (the lab turned Streamlit's after-run
                collection off, runner.postScriptGC): cyclic garbage holding arrays is freed
                even when the server is idle and allocates nothing

    BENCH_PROBE_LOG=probe.jsonl .venv/bin/python -m bench.server_probe run dashboard/app.py
"""

from __future__ import annotations

import ctypes
import gc
import json
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

PROBE_SECONDS = 2.0
GC_SECONDS = 30.0


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena", "ordblks", "smblks", "hblks", "hblkhd",
            "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost",
        )
    ]  # fmt: skip


LIBC = ctypes.CDLL("libc.so.6")
LIBC.mallinfo2.restype = _MallInfo2


def _snapshot(runtime: Any) -> dict[str, Any]:
    """Where the server's memory is, read from Streamlit's own objects (private names of
    Streamlit 1.67: this is a diagnosis, not the lab)."""
    uploads = runtime._uploaded_file_mgr
    manager = runtime._session_mgr
    stored = getattr(manager._session_storage, "_cache", None)
    info = LIBC.mallinfo2()
    with uploads._lock:
        by_session = {sid: sum(len(f.data) for f in files.values())
                      for sid, files in uploads.file_storage.items()}  # fmt: skip
    active = set(manager._active_session_info_by_id)
    return {
        "t": time.time(),
        "upload_bytes": sum(by_session.values()),
        "upload_sessions": len(by_session),
        "upload_sessions_gone": len(set(by_session) - active),
        "active_sessions": len(active),
        "stored_sessions": len(getattr(stored, "_data", ())),
        "malloc_in_use": info.uordblks + info.hblkhd,
        "malloc_free": info.fordblks,
    }


def _probe(log: Path, fixes: set[str]) -> None:
    from streamlit.runtime import Runtime

    while not Runtime.exists():
        time.sleep(0.5)
    runtime = Runtime.instance()
    collected = time.monotonic()
    while True:
        time.sleep(PROBE_SECONDS)
        try:
            line = _snapshot(runtime)
        except (AttributeError, RuntimeError) as error:  # another Streamlit
            line = {"t": time.time(), "error": repr(error)}
        if "gc" in fixes and time.monotonic() - collected > GC_SECONDS:
            line["gc_freed"], collected = gc.collect(), time.monotonic()
        if "trim" in fixes:
            LIBC.malloc_trim(0)
        with log.open("a") as out:
            out.write(json.dumps(line) + "\n")


def _nonresumable() -> None:
    from streamlit.runtime import Runtime
    from streamlit.runtime.websocket_session_manager import WebsocketSessionManager

    connect = WebsocketSessionManager.connect_session

    def connect_session(self: Any, *args: Any, **kwargs: Any) -> str:
        session_id = connect(self, *args, **kwargs)
        Runtime.instance().mark_session_nonresumable(session_id)
        return session_id

    WebsocketSessionManager.connect_session = connect_session


def main() -> None:
    fixes = {f for f in os.environ.get("BENCH_FIX", "").split(",") if f}
    if "nonresumable" in fixes:
        _nonresumable()
    if log := os.environ.get("BENCH_PROBE_LOG"):
        threading.Thread(target=_probe, args=(Path(log), fixes), daemon=True).start()
    from streamlit.web.cli import main as streamlit_main

    sys.argv = ["streamlit", *sys.argv[1:]]
    streamlit_main()


if __name__ == "__main__":
    main()
