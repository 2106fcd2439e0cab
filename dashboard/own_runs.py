"""The run each student last started on the Train and Transfer pages, kept by this server.

A student's page holds her run in its session; a reload, a new tab or a page that Streamlit's
browser code lost (see self_heal.py) starts a new session, and the page would show
"Nothing is training yet" while her run trains on. In a class, the page takes her run back from
here: keyed by who she is on the server, so a student only ever gets her own run.
"""

from __future__ import annotations

import threading
from typing import Any

import streamlit as st

from core.identity.people import Actor
from dashboard.identity import actor

TRAIN, TRANSFER = "train", "transfer"  # the pages that start runs
_LAST_RUN: dict[tuple[str, str], Any] = {}  # (person id, page) -> the run she started last
_LOCK = threading.Lock()


def remember(person: Actor, run: Any, page: str = TRAIN) -> None:
    """`run` is the one `person` started last on `page` (a student's; others are not kept)."""
    if person.role != "student":
        return
    with _LOCK:
        _LAST_RUN[(person.id, page)] = run


def last_run(person: Actor, page: str = TRAIN) -> Any | None:
    """The run `person` (a student) started last on `page` on this server, or None."""
    if person.role != "student":
        return None
    with _LOCK:
        return _LAST_RUN.get((person.id, page))


def session_run(key: str, page: str = TRAIN) -> Any | None:
    """The session's run under `key`; in a new session (a reload, a new tab), the student's
    last run on `page`, kept under `key` from now on."""
    run = st.session_state.get(key)
    if run is None and (run := last_run(actor(), page)) is not None:
        st.session_state[key] = run
    return run
