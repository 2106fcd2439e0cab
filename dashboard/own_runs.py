"""The run each student last started on the Train page, kept by this server process.

A student's page holds her run in its session; a reload, a new tab or a page that Streamlit's
browser code lost (see self_heal.py) starts a new session, and the Train page would show
"Nothing is training yet" while her run trains on. In a class, the page takes her run back from
here: keyed by who she is on the server, so a student only ever gets her own run.
"""

from __future__ import annotations

import threading
from typing import Any

from core.identity.people import Actor

_LAST_RUN: dict[str, Any] = {}  # person id -> the TrainingRun she started last
_LOCK = threading.Lock()


def remember(person: Actor, run: Any) -> None:
    """`run` is the one `person` started last (a student's; others are not kept)."""
    if person.role != "student":
        return
    with _LOCK:
        _LAST_RUN[person.id] = run


def last_run(person: Actor) -> Any | None:
    """The run `person` (a student) started last on this server, or None."""
    if person.role != "student":
        return None
    with _LOCK:
        return _LAST_RUN.get(person.id)
