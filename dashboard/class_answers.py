"""The teacher's view of the question the class sees: the answers arriving as a histogram
(the right bar marked once shown), a line of counts for screen readers, and Show the answer
and Close; the Lesson page and Test a photo draw it."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from core.classroom.questions import LiveQuestion, close, is_right, reveal, tally
from core.i18n import _, ngettext
from core.identity.people import students
from dashboard.following import class_changed, class_now
from dashboard.identity import actor
from dashboard.plain import plain

RIGHT = "#0072b2"  # Okabe-Ito blue: the right answer's bar, told apart without colour too
OTHER = "#999999"


def tally_figure(question: LiveQuestion, counts: list[tuple[str, int]]) -> go.Figure:
    """One bar per answer, its count on it; once shown, the right one blue and marked ✓."""
    labels = [question.shown(value) for value, _count in counts]
    right = [question.revealed and is_right(question.kind, question.answer, v) for v, _c in counts]
    bars = {
        "type": "bar",
        "x": [count for _value, count in counts],
        "y": [f"✓ {label}" if ok else label for label, ok in zip(labels, right, strict=True)],
        "orientation": "h",
        "text": [count for _value, count in counts],
        "textposition": "auto",
        "marker": {"color": [RIGHT if ok else OTHER for ok in right]},
    }
    layout = {  # in the one call: update_layout took plotly's slow path, every second
        "height": 80 + 40 * max(len(counts), 1),
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "yaxis": {"autorange": "reversed", "type": "category"},
        "xaxis": {"title": {"text": _("students")}, "dtick": 1},
    }
    return go.Figure({"data": [bars], "layout": layout})


def _reveal() -> None:
    reveal(actor())
    class_changed()


def _close() -> None:
    close(actor())
    class_changed()


@st.fragment(run_every=1)
def live_answers() -> None:
    question = class_now()[1]
    if question is None:
        return
    counts = tally(question)
    given = sum(count for _value, count in counts)
    joined = len(students())
    st.markdown(_("**Asked:** {prompt}").format(prompt=plain(question.shown(question.prompt))))
    st.caption(
        ngettext(
            "{n} of {total} student has answered.",
            "{n} of {total} students have answered.",
            given,
        ).format(n=given, total=joined)
    )
    if counts:
        st.plotly_chart(tally_figure(question, counts), key="lesson.tally")
        st.caption(  # the chart's numbers as text, for a screen reader
            " · ".join(f"{plain(question.shown(value))}: {count}" for value, count in counts)
        )
    if question.revealed:
        right = sum(
            count for value, count in counts if is_right(question.kind, question.answer, value)
        )
        st.success(
            _("Answer: {answer}. {right} of {given} right.").format(
                answer=plain(question.shown(question.answer)), right=right, given=given
            )
        )
        if question.explain:
            st.markdown(plain(question.shown(question.explain)))
    columns = st.columns(2)
    columns[0].button(
        _("Show the answer"),
        key="lesson.reveal",
        on_click=_reveal,
        disabled=question.revealed,
    )
    columns[1].button(_("Close the question"), key="lesson.close", on_click=_close)
