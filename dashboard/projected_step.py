"""On the projector, the step the class is on: in presentation mode, the page the teacher
brought the class to shows, above it, the lesson's step (its number, title, what to point
at and the document's figure), so the room reads what the teacher is showing."""

from __future__ import annotations

import streamlit as st

from core.i18n import _
from core.identity.settings import classroom_mode
from core.lessons.handout import minutes_text
from core.lessons.plans import LESSONS
from dashboard.following import class_now
from dashboard.identity import actor
from dashboard.plain import plain
from dashboard.presentation import presentation_mode


def projected_step(page_id: str) -> None:
    """The teacher's, in presentation mode, on the page of the class's lesson step."""
    if not (classroom_mode() and presentation_mode() and actor().is_teacher):
        return
    place = class_now()[0]
    if place is None or place.page != page_id or place.lesson not in LESSONS:
        return
    steps = LESSONS[place.lesson].steps
    if place.step is None or not 0 <= place.step < len(steps):
        return
    step = steps[place.step]
    with st.container(border=True, key="projected_step"):
        st.markdown(
            _("**Lesson {lesson} · step {n} of {total}: {title}** ({minutes})").format(
                lesson=place.lesson,
                n=place.step + 1,
                total=len(steps),
                title=plain(_(step.title)),
                minutes=minutes_text(step.minutes),
            )
        )
        st.markdown(_(step.point_at))
        if step.figure:
            st.caption(
                _("The document: {figure} ({source})").format(
                    figure=_(step.figure), source=step.source
                )
            )
