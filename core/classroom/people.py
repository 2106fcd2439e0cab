"""Who is who in a class: the teacher (with the teacher's password) and the students (with
a name and the class code). Each gets a token the browser keeps; only its hash is stored.

Outside classroom mode there is one person, `LOCAL`, with every power: the lab on one
computer, and the command line (whoever runs it already has the server's files).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
import time
import uuid
from dataclasses import dataclass

from core.classroom.db import connect
from core.classroom.settings import class_secrets
from core.i18n import _

MAX_NAME = 40
TEACHER_ID = "teacher"


@dataclass(frozen=True)
class Actor:
    """Who asks: `role` is "local" (one person on this computer), "teacher" or "student"."""

    id: str
    name: str
    role: str

    @property
    def is_teacher(self) -> bool:
        """The teacher's powers: any run or dataset, server folders, the class board."""
        return self.role in ("local", "teacher")


LOCAL = Actor("local", "", "local")


class NotAllowed(ValueError):
    """Refused by the class's rules; the message says why, in the student's language (a
    ValueError, as the pages and the CLI already show those as one line)."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _clean_name(name: str) -> str:
    name = " ".join(str(name).split())[:MAX_NAME]
    if not name:
        raise ValueError(_("Type your name to join the class."))
    return name


def join(name: str, class_code: str) -> tuple[Actor, str]:
    """A student joins: (the student, the token their browser keeps)."""
    name = _clean_name(name)
    expected = class_secrets().class_code.upper()
    if not hmac.compare_digest(str(class_code).strip().upper().encode(), expected.encode()):
        time.sleep(0.3)  # slows guessing; the code is 6 of 32 characters
        raise NotAllowed(_("That is not this class's code: check it on the teacher's screen."))
    token = secrets.token_urlsafe(24)
    actor = Actor(uuid.uuid4().hex[:12], name, "student")
    try:
        with connect() as db:
            db.execute(
                "INSERT INTO people (id, name, role, token_hash, joined) VALUES (?, ?, ?, ?, ?)",
                (actor.id, actor.name, actor.role, _hash(token), time.time()),
            )
    except sqlite3.IntegrityError:
        raise ValueError(
            _("Someone in this class already joined as {name}: add an initial or a number.").format(
                name=name
            )
        ) from None
    return actor, token


def teacher_login(password: str) -> tuple[Actor, str]:
    """The teacher signs in: the same token on every device (derived from the password, so
    a new password signs every device out)."""
    expected = class_secrets().teacher_password
    if not hmac.compare_digest(str(password).encode(), expected.encode()):
        time.sleep(0.5)
        raise NotAllowed(_("That is not the teacher's password."))
    token = hmac.new(expected.encode(), b"cnnlab-teacher", hashlib.sha256).hexdigest()
    actor = Actor(TEACHER_ID, _("Teacher"), "teacher")
    with connect() as db:
        db.execute(
            "INSERT INTO people (id, name, role, token_hash, joined) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET token_hash = excluded.token_hash",
            (TEACHER_ID, "teacher", "teacher", _hash(token), time.time()),
        )
    return actor, token


def actor_for_token(token: str | None) -> Actor | None:
    """The person a browser's token belongs to; None for no, or an unknown, token."""
    if not token:
        return None
    with connect() as db:
        row = db.execute(
            "SELECT id, name, role FROM people WHERE token_hash = ?", (_hash(str(token)),)
        ).fetchone()
    if row is None:
        return None
    return Actor(row[0], _("Teacher") if row[2] == "teacher" else row[1], row[2])


def names() -> dict[str, str]:
    """Every person's id -> name (the teacher's as "teacher")."""
    with connect() as db:
        return dict(db.execute("SELECT id, name FROM people").fetchall())
