"""A lesson plan, one step at a time: the page and its settings, what to point at, the
document's figure and minutes; Previous and Next. In a class, "Bring the class here" takes
every following student to the step and "Ask the class" puts its question on their screens.
On one's own it is a guided tour: "Open it" and "Show the answer"."""

from __future__ import annotations

import streamlit as st

from core.classroom.follow import bring_class
from core.course.exercises import DOCUMENTS
from core.i18n import _
from core.identity.settings import classroom_mode
from core.lessons.handout import answer_text, handout, lesson, minutes_text
from core.lessons.plan import Lesson, Step, step_page_title
from core.lessons.plans import LESSONS
from dashboard.following import class_changed, class_now
from dashboard.identity import actor
from dashboard.keys import LessonKeys
from dashboard.lesson_step import open_step
from dashboard.lessons.question_panel import render_live, render_question
from dashboard.navigation import link_to

CHOSEN = LessonKeys.LESSON
STEP = LessonKeys.STEP


def _move(item: Lesson, to: int) -> None:
    """To step `to`, fixed when the button was drawn, not one step on from wherever the
    session is: under load one Next was seen to move the teacher two steps."""
    st.session_state[f"{STEP}.{item.id}"] = min(max(to, 0), len(item.steps) - 1)


def _settings(step: Step) -> dict[str, str]:
    return {**step.settings, **({"exercise": step.exercise} if step.exercise else {})}


def _bring(item: Lesson, index: int) -> None:
    step = item.steps[index]
    bring_class(actor(), step.page, item.id, index, _settings(step))
    class_changed()


def _from_address() -> None:
    """`?lesson=004&step=3` (a teacher's bookmark) opens that step, once per session; any
    other value is ignored."""
    if st.session_state.get("lesson.address_read"):
        return
    st.session_state["lesson.address_read"] = True
    chosen, step = st.query_params.get("lesson"), st.query_params.get("step", "1")
    if chosen in LESSONS and step.isdigit() and 1 <= int(step) <= len(LESSONS[chosen].steps):
        st.session_state[CHOSEN] = chosen
        st.session_state[f"{STEP}.{chosen}"] = int(step) - 1


@st.fragment(run_every=1)
def _where_the_class_is(lesson_id: str, index: int) -> None:
    """Where the server says the class is, checked every second (not this session's memory
    of a click: the teacher sees the class's state, also after a reload)."""
    place = class_now()[0]
    if place is not None and (place.lesson, place.step) == (lesson_id, index):
        st.success(_("The class is on this step: following students have it open."))
    elif place is not None and place.lesson in LESSONS and place.step is not None:
        st.caption(
            _("The class is on step {n} of lesson {lesson}.").format(
                n=place.step + 1, lesson=place.lesson
            )
        )


def _step(item: Lesson, index: int, teaching: bool) -> None:
    step = item.steps[index]
    st.progress(
        (index + 1) / len(item.steps),
        text=_("Step {n} of {total} · {minutes}").format(
            n=index + 1, total=len(item.steps), minutes=minutes_text(step.minutes)
        ),
    )
    st.header(f"{index + 1}. {_(step.title)}")
    st.markdown(_(step.point_at))
    where = _("Page: {page}").format(page=step_page_title(step))
    if step.exercise:
        where += f" · {_('exercise')} `{step.exercise}`"
    st.caption(where)
    if step.figure:
        st.caption(
            _("The document: {figure} ({source})").format(figure=_(step.figure), source=step.source)
        )
    buttons = st.columns(2 if teaching else 1)
    if teaching:
        buttons[0].button(
            _("Bring the class here"),
            key="lesson.bring",
            type="primary",
            icon=":material/groups:",
            on_click=_bring,
            args=(item, index),
            help=_("Every student who follows you opens this page with these settings."),
        )
        _where_the_class_is(item.id, index)
    if buttons[-1].button(_("Open it here"), key="lesson.open", icon=":material/open_in_new:"):
        open_step(step.page, _settings(step))
    if step.question is not None:
        render_question(item, index, step.question, teaching)
    elif not teaching:
        link_to(step.page)


def render() -> None:
    st.title(_("Lesson plans"))
    st.markdown(
        _(
            "One plan per course document: each step opens a page of the lab with the "
            "document's settings, says what to show, and asks the class a question whose "
            "answer the lab computes on that page."
        )
    )
    teaching = classroom_mode() and actor().is_teacher
    if classroom_mode() and not teaching:
        st.error(_("This page is the teacher's."))
        return
    _from_address()
    st.session_state.setdefault(CHOSEN, next(iter(LESSONS)))
    chosen = st.selectbox(
        _("Lesson"),
        list(LESSONS),
        key=CHOSEN,
        format_func=lambda lesson_id: f"{lesson_id} · {_(LESSONS[lesson_id].title)}",
    )
    item = lesson(chosen)
    st.caption(
        _("{goal} Document {file}, {minutes}.").format(
            goal=_(item.goal), file=DOCUMENTS[item.id], minutes=minutes_text(item.minutes)
        )
    )
    index = min(st.session_state.get(f"{STEP}.{item.id}", 0), len(item.steps) - 1)
    moves = st.columns([1, 1, 4])
    moves[0].button(
        _("Previous"),
        key="lesson.previous",
        on_click=_move,
        args=(item, index - 1),
        disabled=index == 0,
        icon=":material/arrow_back:",
    )
    moves[1].button(
        _("Next"),
        key="lesson.next",
        on_click=_move,
        args=(item, index + 1),
        disabled=index == len(item.steps) - 1,
        icon=":material/arrow_forward:",
    )
    with st.container(border=True, key="lesson_step"):
        _step(item, index, teaching)
    if teaching:
        render_live()
    with st.expander(_("The whole plan")):
        st.dataframe(
            [
                {
                    "step": number,
                    "title": _(step.title),
                    "page": step_page_title(step),
                    "question": _(step.question.prompt) if step.question else "—",
                    "answer": answer_text(step.question) if step.question else "—",
                    "minutes": step.minutes,
                }
                for number, step in enumerate(item.steps, start=1)
            ],
            hide_index=True,
            column_config={
                "step": _("Step"),
                "title": _("Title"),
                "page": _("Page"),
                "question": _("Question"),
                "answer": _("Answer"),
                "minutes": _("Minutes"),
            },
        )
        st.download_button(
            _("Download the handout (Markdown)"),
            handout(item),
            file_name=f"lesson_{item.id}.md",
            mime="text/markdown",
            key="lesson.handout",
            on_click="ignore",  # a download needs no rerun
        )
