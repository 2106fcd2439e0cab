"""The teacher's assignment in every student's sidebar, with one click to set it up."""

from __future__ import annotations

import streamlit as st

from core.classroom.assignments import Assignment
from core.classroom.follow import bring_class
from core.i18n import _
from core.pages import CLASS_BOARD
from core.runs.locks import LOCK_NAMES
from dashboard.assignment import active_assignment, fill
from dashboard.following import class_changed
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


def _bring(page_id: str) -> None:
    bring_class(actor(), page_id)
    class_changed()
    st.session_state["app.brought"] = True


def bring_class_button(page_id: str) -> None:
    """In the teacher's sidebar: send every following student to this page (the lesson page
    brings them with a step's settings; the board is the teacher's own)."""
    if page_id in (CLASS_BOARD.id, "lesson"):
        return
    st.sidebar.button(
        _("Bring the class here"),
        key="app.bring_class",
        icon=":material/groups:",
        on_click=_bring,
        args=(page_id,),
        help=_("Every student who follows you opens this page within two seconds."),
    )
    if st.session_state.pop("app.brought", False):
        st.toast(_("The class is on its way to this page."))
