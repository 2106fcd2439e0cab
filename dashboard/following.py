"""A student in a class follows the teacher: the sidebar's switch says whether she does;
while it is on, a check every half second takes her to the page and settings the teacher brought
the class to (her runs and her own model stay hers), and the teacher's live question
appears for her to answer from any page, phone included."""

from __future__ import annotations

import json
import threading
import time

import streamlit as st

from core.classroom.follow import Destination, arrived, destination, seen
from core.classroom.questions import LiveQuestion, answer, current, is_right, my_answer
from core.i18n import _
from core.identity.db import database_path
from core.identity.people import Actor
from core.identity.settings import classroom_mode
from dashboard.identity import actor
from dashboard.keys import LessonKeys
from dashboard.lesson_step import apply
from dashboard.plain import plain

FOLLOWING = LessonKeys.FOLLOWING
TRIES = "follow.tries"  # (destination number, how many times her browser was told to go)
MAX_TRIES = 40  # 20 s of checks: a busy server's page change, with room to spare
REACHED = "follow.reached"  # the number of the teacher's last destination this session reached
CURRENT_PAGE = LessonKeys.CURRENT_PAGE
SEEN_AT = "follow.seen_at"  # when this session last told the board it is alive
ANSWER = "question.answer"  # widget prefix: question.answer.<id>
# (question id, why her last answer was refused): shown until she sends again. Popped when
# first shown, it was gone at the next half-second check, before she could read it.
MESSAGE = "question.message"
MINE = "question.mine"  # (question id, revealed, her answer or None), as last read
POLL_SECONDS = 0.5  # the teacher's move reaches a follower within this and a page's run
ALIVE_EVERY = 30.0  # seconds between "still here" writes (the board's "may be stuck")


def _rejoin() -> None:
    if st.session_state[FOLLOWING]:
        st.session_state.pop(REACHED, None)  # the next check takes her to the class
        st.session_state.pop(TRIES, None)


def _send(me: Actor, question: LiveQuestion) -> None:
    st.session_state.pop(MINE, None)  # the box reads her answer as the server keeps it
    st.session_state.pop(MESSAGE, None)
    try:
        answer(me, question.id, str(st.session_state.get(f"{ANSWER}.{question.id}") or ""))
    except ValueError as error:
        st.session_state[MESSAGE] = (question.id, str(error))


def _mine(me: Actor, question: LiveQuestion) -> str | None:
    """Her answer, read once when the question appears, after she sends and when the answer
    is shown, not at each of her checks (thirty reads every half second while it is open).
    An answer sent from her other device shows here by the time the teacher shows the
    answer."""
    kept = st.session_state.get(MINE)
    if kept is not None and kept[:2] == (question.id, question.revealed):
        return kept[2]
    mine = my_answer(me, question.id)
    st.session_state[MINE] = (question.id, question.revealed, mine)
    return mine


def _question_box(me: Actor, question: LiveQuestion) -> None:
    with st.container(border=True, key="class_question"):
        st.markdown(
            _("**The teacher asks:** {prompt}").format(
                prompt=plain(question.shown(question.prompt))
            )
        )
        if question.photo:
            st.image(question.photo, width=320, alt=_("The photo the teacher asks about"))
        mine = _mine(me, question)
        if question.revealed:
            right = plain(question.shown(question.answer))
            st.markdown(_("Answer: **{answer}**").format(answer=right))
            if question.explain:
                st.caption(plain(question.shown(question.explain)))
            if mine is None:
                st.caption(_("You did not answer."))
            elif is_right(question.kind, question.answer, mine):
                st.success(
                    _("You answered {answer}: right.").format(answer=plain(question.shown(mine)))
                )
            else:
                st.warning(_("You answered {answer}.").format(answer=plain(question.shown(mine))))
            return
        slot = st.empty()  # on the box at every run: the form below is not made anew
        refused = st.session_state.get(MESSAGE)
        if refused is not None and refused[0] == question.id:
            slot.error(plain(refused[1]))
        with st.form(f"question.form.{question.id}", border=False):
            key = f"{ANSWER}.{question.id}"
            if question.kind == "choice":
                st.radio(
                    _("Your answer"),
                    question.options,
                    index=None,
                    key=key,
                    format_func=question.shown,
                )
            else:
                st.text_input(_("Your answer (a number)"), key=key, max_chars=40)
            st.form_submit_button(_("Send"), on_click=_send, args=(me, question))
        if mine is not None:
            st.caption(
                _("Sent: {answer}. You may change it until the teacher shows the answer.").format(
                    answer=plain(question.shown(mine))
                )
            )


# The browser follows the page's link in the sidebar, as a click does: st.switch_page from
# this fragment's timed run sometimes left the new page blank (the timer's next request,
# sent for the old page, was folded into the switch; seen with four browsers on two cores).
_CLICK = """<script>(() => {{
  const links = [...document.querySelectorAll('a[data-testid="stSidebarNavLink"]')];
  const last = (a) => new URL(a.href).pathname.replace(/\\/+$/, "").split("/").pop();
  const link = {page} === "home" ? links[0] : links.find((a) => last(a) === {page});
  if (link) link.click();
}})(); /* try {number} */</script>"""


def _click_link(page: str, number: int) -> None:
    """The script differs with each try: a new element, so the browser runs it again."""
    st.html(_CLICK.format(page=json.dumps(page), number=number), unsafe_allow_javascript=True)


def _go(me: Actor, place: Destination) -> None:
    """Towards the teacher's destination: its settings once, then her browser told at each
    check to open its page (a click lost in a busy moment is sent again) until the page is
    the one open; a page that cannot open (not in her sidebar) is given up after
    MAX_TRIES."""
    state = st.session_state
    tries = state.get(TRIES, (None, 0))
    if tries[0] != place.number:
        apply(place.settings)
        tries = (place.number, 0)
    if place.page == state.get(CURRENT_PAGE) or tries[1] >= MAX_TRIES:
        state[REACHED] = place.number
        arrived(me, place)
        if tries[1] == 0 and place.settings:
            st.rerun(scope="app")  # the step's settings on the page she already has open
        return
    state[TRIES] = (place.number, tries[1] + 1)
    _click_link(place.page, tries[1])


ClassState = tuple[Destination | None, LiveQuestion | None]
_READ_EVERY = POLL_SECONDS / 2
_read_lock = threading.Lock()
_last_read: tuple[float, str, ClassState] | None = None  # (when, the class's file, the state)


def _fresh(database: str) -> ClassState | None:
    """The last read, if it is this class's and under a quarter of a second old."""
    last = _last_read
    if last is not None and last[1] == database and time.monotonic() - last[0] < _READ_EVERY:
        return last[2]
    return None


def class_now() -> ClassState:
    """Where the teacher brought the class and her open question: read once for all the
    class's sessions every quarter of a second, not by each of thirty students twice.

    A plain memo in the server's process, not st.cache_data: every check of every student
    calls this, and st.cache_data's hashing and pickling were 80% of a check's run (py-spy).
    Both values are frozen dataclasses that no caller changes, so sessions may share them."""
    global _last_read
    database = str(database_path())
    if (state := _fresh(database)) is None:
        with _read_lock:  # one reader at a time; the others take its fresh result
            if (state := _fresh(database)) is None:
                state = (destination(), current())
                _last_read = (time.monotonic(), database, state)
    return state


def class_changed() -> None:
    """The teacher moved the class or asked, showed or closed a question (in this server's
    process): every session reads the new state at its next check."""
    global _last_read
    with _read_lock:
        _last_read = None


@st.fragment(run_every=POLL_SECONDS)
def _live() -> None:
    me = actor()
    now = time.monotonic()
    if now - st.session_state.get(SEEN_AT, -ALIVE_EVERY) >= ALIVE_EVERY:
        st.session_state[SEEN_AT] = now
        seen(me)
    place, question = class_now()
    if st.session_state.get(FOLLOWING) and place and place.number != st.session_state.get(REACHED):
        _go(me, place)
    if question is not None:
        _question_box(me, question)


def follow_the_teacher() -> None:
    """On a student's every page: the switch in the sidebar; the teacher's moves, and her
    question above the page."""
    if not classroom_mode() or actor().role != "student":
        return
    with st.sidebar:
        st.session_state.setdefault(FOLLOWING, True)
        following = st.toggle(
            _("Follow the teacher"),
            key=FOLLOWING,
            on_change=_rejoin,
            help=_(
                "On: you go to the page the teacher brings the class to. Your work stays yours."
            ),
        )
        st.caption(
            _("You go where the teacher takes the class.")
            if following
            else _("You are exploring on your own. Switch it on to rejoin the class.")
        )
    _live()  # at the top of the page: a question is in view on a phone too
