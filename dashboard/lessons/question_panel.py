"""A step's question: on one's own, "Show the answer"; in a class, the teacher asks it (or
one of her own), watches the answers arrive as a histogram, then shows the right one with
the lab's own computation beside it."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from core.classroom.questions import (
    LiveQuestion,
    ask,
    close,
    current,
    is_right,
    reveal,
    tally,
)
from core.i18n import _, ngettext
from core.identity.people import names
from core.lessons.handout import answer_text
from core.lessons.plan import Lesson, Question
from dashboard.following import class_changed
from dashboard.identity import actor
from dashboard.plain import plain

MESSAGE = "lesson.question_message"
RIGHT = "#0072b2"  # Okabe-Ito blue: the right answer's bar, told apart without colour too
OTHER = "#999999"


def _ask_plan(item: Lesson, index: int, question: Question) -> None:
    ask(
        actor(),
        question.prompt,
        question.kind,
        question.answer,
        question.options,
        question.explain,
        from_plan=True,
        lesson=item.id,
        step=index,
    )
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


def _text(question: LiveQuestion, text: str) -> str:
    return _(text) if question.from_plan else text


def tally_figure(question: LiveQuestion, counts: list[tuple[str, int]]) -> go.Figure:
    """One bar per answer, its count on it; once shown, the right one blue and marked ✓."""
    labels = [_text(question, value) for value, _count in counts]
    right = [question.revealed and is_right(question.kind, question.answer, v) for v, _c in counts]
    figure = go.Figure(
        go.Bar(
            x=[count for _value, count in counts],
            y=[f"✓ {label}" if ok else label for label, ok in zip(labels, right, strict=True)],
            orientation="h",
            text=[count for _value, count in counts],
            textposition="auto",
            marker_color=[RIGHT if ok else OTHER for ok in right],
        )
    )
    figure.update_layout(
        height=80 + 40 * max(len(counts), 1),
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        yaxis={"autorange": "reversed", "type": "category"},
        xaxis={"title": _("students"), "dtick": 1},
    )
    return figure


def _reveal() -> None:
    reveal(actor())
    class_changed()


def _close() -> None:
    close(actor())
    class_changed()


@st.fragment(run_every=1)
def _live() -> None:
    question = current()
    if question is None:
        return
    counts = tally(question)
    given = sum(count for _value, count in counts)
    students = len([person for person in names() if person != "teacher"])
    st.markdown(_("**Asked:** {prompt}").format(prompt=plain(_text(question, question.prompt))))
    st.caption(
        ngettext(
            "{n} of {total} student has answered.",
            "{n} of {total} students have answered.",
            given,
        ).format(n=given, total=students)
    )
    if counts:
        st.plotly_chart(tally_figure(question, counts), key="lesson.tally")
        st.caption(  # the chart's numbers as text, for a screen reader
            " · ".join(f"{plain(_text(question, value))}: {count}" for value, count in counts)
        )
    if question.revealed:
        right = sum(
            count for value, count in counts if is_right(question.kind, question.answer, value)
        )
        st.success(
            _("Answer: {answer}. {right} of {given} right.").format(
                answer=plain(_text(question, question.answer)), right=right, given=given
            )
        )
        if question.explain:
            st.markdown(plain(_text(question, question.explain)))
    columns = st.columns(2)
    columns[0].button(
        _("Show the answer"),
        key="lesson.reveal",
        on_click=_reveal,
        disabled=question.revealed,
    )
    columns[1].button(_("Close the question"), key="lesson.close", on_click=_close)


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
        args=(item, index, question),
        help=_("The question appears on every student's screen, phones included."),
    )


def render_live() -> None:
    """The teacher's: the question the class sees, its answers arriving, and her own."""
    _live()
    with st.expander(_("Ask your own question")), st.form("lesson.own"):
        st.text_input(_("Question"), key="lesson.own.prompt", max_chars=200)
        st.radio(_("Kind"), (_("Choice"), _("Number")), key="lesson.own.kind", horizontal=True)
        st.text_area(_("Options (one per line, for a choice)"), key="lesson.own.options")
        st.text_input(_("The right answer"), key="lesson.own.answer", max_chars=80)
        st.form_submit_button(_("Ask this question"), on_click=_ask_own)
    if message := st.session_state.pop(MESSAGE, None):
        st.error(plain(message))
