"""The teacher's assignment in every student's sidebar, with one click to set it up."""

from __future__ import annotations

import streamlit as st

from core.classroom.assignments import Assignment
from core.i18n import _
from core.runs.locks import LOCK_NAMES
from dashboard.assignment import active_assignment, fill
from dashboard.identity import actor
from dashboard.navigation import go_to
from dashboard.plain import plain


def _set_up(assignment: Assignment) -> None:
    fill(assignment.settings)
    st.session_state["app.go_train"] = True


def assignment_banner() -> None:
    """In the sidebar of a student's every page, while an assignment is handed out."""
    assignment = active_assignment()
    if assignment is None or actor().is_teacher:
        return
    with st.sidebar.container(border=True, key="assignment"):
        st.markdown(_("**Assignment:** {title}").format(title=plain(assignment.title)))
        if assignment.locked:
            names = ", ".join(_(LOCK_NAMES[n]) for n in assignment.locked)
            st.caption(_("Fixed by the teacher: {names}.").format(names=names))
        st.button(_("Set it up"), key="assignment.set_up", on_click=_set_up, args=(assignment,))
    if st.session_state.pop("app.go_train", False):
        go_to("training")
