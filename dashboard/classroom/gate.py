"""The door of a class: a student joins with a name and the class code (and may choose a
PIN to come back with on another browser, or types the teacher's re-join code), the teacher
signs in with the teacher's password; the sidebar then says who is signed in."""

from __future__ import annotations

import streamlit as st

from core.i18n import _, get_language
from core.identity.people import NotAllowed, join, teacher_login
from dashboard.identity import check_sign_in, current_actor, sign_in, sign_out, write_cookie
from dashboard.plain import plain

JOIN_ERROR = "app.join_error"  # (language, why the last try was refused)
TEACHER_RETRY = "app.teacher_retry"  # the teacher's password was refused: keep her box open


def _refuse(error: Exception) -> None:
    # Kept with its language: the sentence is already translated, and after a language
    # switch it would be the only line in the other language.
    st.session_state[JOIN_ERROR] = (get_language(), str(error))


def _forget_refusal() -> None:
    """A new try clears the last refusal. The refusal stays until then: a rerun that comes
    for another reason (the cookie's script) must not hide it."""
    st.session_state.pop(JOIN_ERROR, None)
    st.session_state.pop(TEACHER_RETRY, None)


def _join() -> None:
    _forget_refusal()
    try:
        person, token = join(
            st.session_state["join.name"],
            st.session_state["join.code"],
            pin=st.session_state.get("join.pin"),
            rejoin_code=st.session_state.get("join.rejoin"),
            address=st.context.ip_address,  # None from the server's own computer
        )
    except (NotAllowed, ValueError) as error:
        _refuse(error)
    else:
        sign_in(person, token)


def _teacher() -> None:
    _forget_refusal()
    try:
        person, token = teacher_login(st.session_state["join.password"])
    except NotAllowed as error:
        _refuse(error)
        st.session_state[TEACHER_RETRY] = True
    else:
        sign_in(person, token)


def _join_form() -> None:
    st.title(_("Join the class"))
    st.markdown(
        _(
            "Type your name and the class code from the teacher's screen. Your runs and "
            "datasets are yours: others see them only on the teacher's board."
        )
    )
    language, error = st.session_state.get(JOIN_ERROR, ("", ""))
    if error and language == get_language():
        st.error(plain(error))
    # A phone that scanned the teacher's QR code has the class code in its address.
    st.session_state.setdefault("join.code", str(st.query_params.get("code", ""))[:12])
    with st.form("join.student"):
        st.text_input(_("Your name"), key="join.name", max_chars=40)
        st.text_input(_("Class code"), key="join.code", max_chars=12)
        st.text_input(
            _("PIN (optional, 4 to 8 digits)"),
            key="join.pin",
            max_chars=8,
            type="password",
            help=_(
                "Choose one now to get back to your name and your runs on another browser: "
                "type your name, the class code and this PIN there."
            ),
        )
        st.text_input(
            _("Re-join code (from the teacher, if you lost your PIN)"),
            key="join.rejoin",
            max_chars=12,
        )
        st.form_submit_button(_("Join"), type="primary", on_click=_join)
    retry = st.session_state.get(TEACHER_RETRY, False)
    with st.expander(_("I am the teacher"), expanded=retry), st.form("join.teacher"):
        st.text_input(_("Teacher's password"), key="join.password", type="password")
        st.form_submit_button(_("Sign in"), on_click=_teacher)


def gate() -> bool:
    """True when someone is signed in (the page may run); else draws the join form."""
    write_cookie()
    check_sign_in()
    person = current_actor()
    if person is None:
        _join_form()
        return False
    if person.role != "local":
        role = _("teacher") if person.is_teacher else _("student")
        st.sidebar.caption(
            _("Signed in as **{name}** ({role})").format(name=plain(person.name), role=role)
        )
        st.sidebar.button(_("Sign out"), key="app.sign_out", on_click=sign_out)
    return True
