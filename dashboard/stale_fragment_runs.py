"""A fragment's rerun asked for the page a session has just left is dropped.

A student's page checks for the teacher's moves with a fragment that reruns every half
second. Her browser keeps asking for those reruns, naming the page it shows, until the
server's next page reaches it. Streamlit 1.67 ran such a late request after the new page had
run, on the old page's name: the browser, told the page had changed, cleared the new page's
elements and left it blank (seen after "Set it up" under load;
tests/e2e/test_stale_fragment_runs.py makes it happen every time). A fragment belongs to
the page that drew it, so a request naming any other page is dropped; the new page draws
its own fragments.
"""

from __future__ import annotations

from typing import Any

from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.runtime.app_session import AppSession
from streamlit.runtime.scriptrunner_utils.script_requests import ScriptRequestType

_ORIGINAL = AppSession.request_rerun


def page_now(session: Any) -> str | None:
    """The page this session is on or going to: a pending whole-app rerun's page (a page
    switch), else the page of the run going on or the last one, as st.navigation chose it;
    None before the first run."""
    runner = session._scriptrunner
    if runner is not None:
        requests = runner._requests
        pending = requests._rerun_data
        if (
            requests._state == ScriptRequestType.RERUN
            and not pending.fragment_id_queue
            and not pending.is_fragment_scoped_rerun
        ):
            return pending.page_script_hash or None
    return session._pages_manager.current_page_script_hash or None


def is_stale(session: Any, client_state: ClientState | None) -> bool:
    """A rerun of one fragment, asked for a page other than the session's."""
    if client_state is None or not client_state.fragment_id:
        return False
    page = page_now(session)
    return bool(page and client_state.page_script_hash and client_state.page_script_hash != page)


def _request_rerun(self: AppSession, client_state: ClientState | None) -> None:
    try:
        stale = is_stale(self, client_state)
    except AttributeError:  # another Streamlit's insides: run every request, as before
        stale = False
    if not stale:
        _ORIGINAL(self, client_state)


def drop_stale_fragment_runs() -> None:
    """Install the check once per process (every run calls it; the first one counts)."""
    if AppSession.request_rerun is not _request_rerun:
        AppSession.request_rerun = _request_rerun  # type: ignore[method-assign]
