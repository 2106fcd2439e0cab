"""The teacher's hand on who is in the class: rename, merge or remove a student, give a
one-time re-join code to one who lost her browser, and close the class to new names.
Each refuses anyone but the teacher (NotAllowed).

A removed student is signed out everywhere and cannot sign in again; her runs and datasets
stay, hers (still hidden from the other students), on the teacher's board. Her name is free
for someone new."""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass

from core.i18n import _
from core.identity.db import connect
from core.identity.names import clean_name, skeleton
from core.identity.people import Actor, NotAllowed, find_by_look, joins_open
from core.identity.secret_hash import token_hash
from core.identity.sessions import end_sessions_of
from core.identity.settings import new_code

__all__ = ["joins_open"]

REJOIN_MINUTES = 30


@dataclass(frozen=True)
class Student:
    """One student on the class board."""

    id: str
    name: str
    joined: float
    has_pin: bool
    signed_in: int  # browsers signed in now


def _require_teacher(actor: Actor) -> None:
    if not actor.is_teacher:
        raise NotAllowed(_("Only the teacher manages the class's students."))


def _student(db: sqlite3.Connection, person: str) -> str:
    row = db.execute(
        "SELECT name FROM people WHERE id = ? AND role = 'student' AND removed IS NULL", (person,)
    ).fetchone()
    if row is None:
        raise ValueError(_("That student is no longer in the class."))
    return row[0]


def students(actor: Actor) -> list[Student]:
    """The class's students (not removed ones), in the order they joined."""
    _require_teacher(actor)
    with connect(read_only=True) as db:
        rows = db.execute(
            "SELECT p.id, p.name, p.joined, p.pin_hash IS NOT NULL, "
            "(SELECT count(*) FROM sessions s WHERE s.person = p.id AND s.expires > ?) "
            "FROM people p WHERE p.role = 'student' AND p.removed IS NULL ORDER BY p.joined",
            (time.time(),),
        ).fetchall()
    return [Student(r[0], r[1], r[2], bool(r[3]), r[4]) for r in rows]


def rename(actor: Actor, person: str, new_name: str) -> str:
    """Give a student another name (tidied, refused when it looks like someone else's)."""
    _require_teacher(actor)
    name = clean_name(new_name)
    with connect() as db:
        _student(db, person)
        if find_by_look(db, name, but=person) is not None:
            raise ValueError(_("Someone in this class is already called {name}.").format(name=name))
        db.execute(
            "UPDATE people SET name = ?, skeleton = ? WHERE id = ?", (name, skeleton(name), person)
        )
    return name


def merge(actor: Actor, keep: str, other: str) -> None:
    """One student who joined twice: `other`'s runs and datasets become `keep`'s, her
    browsers stay signed in as `keep`, and `other` is gone."""
    _require_teacher(actor)
    if keep == other:
        raise ValueError(_("Choose two different students to merge."))
    with connect() as db:
        _student(db, keep)
        _student(db, other)
        db.execute("UPDATE owners SET person = ? WHERE person = ?", (keep, other))
        db.execute("UPDATE sessions SET person = ? WHERE person = ?", (keep, other))
        db.execute(
            "UPDATE people SET pin_hash = (SELECT pin_hash FROM people WHERE id = ?) "
            "WHERE id = ? AND pin_hash IS NULL",
            (other, keep),
        )
        db.execute("DELETE FROM rejoin_codes WHERE person = ?", (other,))
        db.execute("DELETE FROM people WHERE id = ?", (other,))


def remove(actor: Actor, person: str) -> int:
    """Take a student out of the class: signed out everywhere, no sign-in again; her runs
    stay hers (hidden from other students). How many browsers were signed out."""
    _require_teacher(actor)
    with connect() as db:
        _student(db, person)
        ended = end_sessions_of(db, person)
        db.execute("DELETE FROM rejoin_codes WHERE person = ?", (person,))
        db.execute(
            "UPDATE people SET removed = ?, skeleton = NULL, pin_hash = NULL WHERE id = ?",
            (time.time(), person),
        )
    return ended


def make_rejoin_code(actor: Actor, person: str) -> str:
    """A code the student types with her name to get back to it on another browser: valid
    once, for REJOIN_MINUTES (a new one replaces the last)."""
    _require_teacher(actor)
    code = new_code()
    with connect() as db:
        _student(db, person)
        db.execute(
            "INSERT OR REPLACE INTO rejoin_codes (code_hash, person, expires) VALUES (?, ?, ?)",
            (token_hash(code), person, time.time() + REJOIN_MINUTES * 60),
        )
    return code


def set_joins_open(actor: Actor, open_: bool) -> None:
    """Open or close the class to new names (PIN and re-join codes work either way)."""
    _require_teacher(actor)
    with connect() as db:
        db.execute(
            "INSERT OR REPLACE INTO class_state (key, value) VALUES ('joins_open', ?)",
            ("1" if open_ else "0",),
        )
