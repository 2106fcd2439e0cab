"""The class board's students: who joined, a re-join code for one who lost her browser,
rename, merge two who are one, remove one, and the class open or closed to new names."""

from __future__ import annotations

import datetime

import streamlit as st

from core.i18n import _
from core.identity.people import NotAllowed
from core.identity.roster import (
    REJOIN_MINUTES,
    Student,
    joins_open,
    make_rejoin_code,
    merge,
    remove,
    rename,
    set_joins_open,
    students,
)
from dashboard import flash
from dashboard.identity import actor
from dashboard.plain import plain

MESSAGE = "students.message"  # (kind, text) after an action


def _name_of(people: list[Student], person: str) -> str:
    return next((s.name for s in people if s.id == person), "—")


def _act(action: str, person: str, names: dict[str, str]) -> None:
    """One button's action on the picked student; its outcome is shown above the buttons."""
    name = names.get(person, "—")
    try:
        if action == "code":
            code = make_rejoin_code(actor(), person)
            text = _(
                "Re-join code for {name}: {code}. She types it with her name and the class code "
                "on the join page; it works once, for {minutes} minutes."
            ).format(name=name, code=code, minutes=REJOIN_MINUTES)
        elif action == "rename":
            new = rename(actor(), person, st.session_state.get("students.new_name", ""))
            text = _("{name} is now {new}.").format(name=name, new=new)
        elif action == "merge":
            other = st.session_state.get("students.merge_other") or ""
            merge(actor(), person, other)
            text = _("{other} merged into {name}: her runs and datasets are {name}'s.").format(
                other=names.get(other, "—"), name=name
            )
        else:
            ended = remove(actor(), person)
            text = _("{name} was removed and signed out on {count} browser(s).").format(
                name=name, count=ended
            )
    except (NotAllowed, ValueError) as error:
        st.session_state[MESSAGE] = ("error", plain(str(error)))
    else:
        st.session_state[MESSAGE] = ("success", plain(text))


def _toggle_joins() -> None:
    set_joins_open(actor(), bool(st.session_state["students.open"]))


def _table(people: list[Student]) -> None:
    st.dataframe(
        [
            {
                _("Student"): s.name,  # a table cell: shown as typed, never as Markdown
                _("Has a PIN"): s.has_pin,
                _("Browsers signed in"): s.signed_in,
                _("Joined"): datetime.datetime.fromtimestamp(s.joined).strftime("%H:%M"),
            }
            for s in people
        ],
        hide_index=True,
    )


def render_students() -> None:
    """The students' section of the class board (the teacher's page)."""
    st.subheader(_("Students"))
    st.toggle(
        _("Open to new names"),
        value=joins_open(),
        key="students.open",
        on_change=_toggle_joins,
        help=_(
            "Closed, the join page refuses new names; students who joined before still get "
            "back in with their PIN or a re-join code."
        ),
    )
    if not joins_open():
        st.warning(_("The class is closed to new names."))
    people = students(actor())
    flash.show(MESSAGE)
    if not people:
        st.info(_("No students yet: they join with the class code."))
        return
    _table(people)
    ids, names = [s.id for s in people], {s.id: s.name for s in people}
    person = st.selectbox(
        _("Student"), ids, format_func=lambda i: _name_of(people, i), key="students.pick"
    )
    st.caption(
        _(
            "A student who lost her browser and her PIN: give her a re-join code. Removing a "
            "student signs her out everywhere; her runs and datasets stay on this board, still "
            "hidden from the other students, and her name is free for someone new."
        )
    )
    left, middle, right = st.columns(3)
    left.button(
        _("Make a re-join code"), key="students.code", on_click=_act, args=("code", person, names)
    )
    sure = left.checkbox(
        _("I mean it: remove {name}").format(name=plain(names.get(person, "—"))),
        key="students.sure",
    )
    left.button(
        _("Remove from the class"),
        key="students.remove",
        on_click=_act,
        args=("remove", person, names),
        disabled=not sure,
    )
    middle.text_input(_("New name"), key="students.new_name", max_chars=40)
    middle.button(_("Rename"), key="students.rename", on_click=_act, args=("rename", person, names))
    others = [i for i in ids if i != person]
    right.selectbox(
        _("The same student under another name"),
        others,
        format_func=lambda i: _name_of(people, i),
        key="students.merge_other",
        index=None,
        placeholder=_("Choose a student"),
    )
    right.button(
        _("Merge into the student above"),
        key="students.merge",
        on_click=_act,
        args=("merge", person, names),
    )
