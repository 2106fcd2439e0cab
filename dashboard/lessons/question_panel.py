"""A step's question: on one's own, "Show the answer"; in a class, the teacher asks it (or
one of her own), watches the answers arrive as a histogram, then shows the right one with
the lab's own computation beside it."""

from __future__ import annotations

import streamlit as st

from core.classroom.questions import (
    ask,
)
from core.i18n import _
from core.lessons.handout import answer_text
from core.lessons.plan import Lesson, Question, ask_step
from dashboard.class_answers import live_answers
from dashboard.following import class_changed
from dashboard.identity import actor
from dashboard.plain import plain

MESSAGE = "lesson.question_message"


def _ask_plan(item: Lesson, index: int) -> None:
    ask_step(actor(), item, index)
    class_changed()


def _ask_own() -> None:
    state = st.session_state
    kind = "choice" if state.get("lesson.own.kind") == _("Choice") else "number"
    options = tuple(str(state.get("lesson.own.options") or "").splitlines())
    try:
        ask(
            actor(),
            state.get("lesson.own.prompt", ""),
            kind,
            state.get("lesson.own.answer", ""),
            options,
        )
    except ValueError as error:
        state[MESSAGE] = str(error)
    class_changed()


def render_question(item: Lesson, index: int, question: Question, teaching: bool) -> None:
    st.subheader(_("Ask the class"))
    st.markdown(_(question.prompt))
    for option in question.options:
        st.markdown(f"- {_(option)}")
    if not teaching:
        with st.expander(_("Show the answer")):
            st.markdown(_("Answer: **{answer}**").format(answer=answer_text(question)))
            if question.explain:
                st.markdown(_(question.explain))
        return
    st.button(
        _("Ask the class"),
        key="lesson.ask",
        icon=":material/quiz:",
        on_click=_ask_plan,
        args=(item, index),
        help=_("The question appears on every student's screen, phones included."),
    )


def render_live() -> None:
    """The teacher's: the question the class sees, its answers arriving, and her own."""
    live_answers()
    with st.expander(_("Ask your own question")), st.form("lesson.own"):
        st.text_input(_("Question"), key="lesson.own.prompt", max_chars=200)
        st.radio(_("Kind"), (_("Choice"), _("Number")), key="lesson.own.kind", horizontal=True)
        st.text_area(_("Options (one per line, for a choice)"), key="lesson.own.options")
        st.text_input(_("The right answer"), key="lesson.own.answer", max_chars=80)
        st.form_submit_button(_("Ask this question"), on_click=_ask_own)
    if message := st.session_state.pop(MESSAGE, None):
        st.error(plain(message))
