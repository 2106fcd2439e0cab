"""What the teacher hands out: a course exercise, or a model and training settings, some
locked (every student trains with them) and the others open to explore. One is active at a
time; it appears on every student's pages."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

from core.i18n import _
from core.identity.db import connect
from core.identity.people import Actor, NotAllowed

# The Train page's settings an assignment may set, and lock ("spec": a model from the
# teacher's Build a CNN page, as its JSON; "preset": a course model).
SETTINGS = ("preset", "spec", "dataset", "optimizer", "lr", "batch_size", "epochs", "train_limit")


@dataclass(frozen=True)
class Assignment:
    id: int
    title: str
    exercise: str | None
    settings: dict[str, Any] = field(default_factory=dict)
    locked: tuple[str, ...] = ()
    created: float = 0.0


def push(
    actor: Actor,
    title: str,
    settings: dict[str, Any],
    locked: tuple[str, ...] = (),
    exercise: str | None = None,
) -> Assignment:
    """Hand out an assignment (the teacher only); it replaces the one before."""
    if not actor.is_teacher:
        raise NotAllowed(_("Only the teacher hands out assignments."))
    title = " ".join(str(title).split())[:120]
    if not title:
        raise ValueError(_("An assignment needs a title."))
    unknown = sorted(set(settings) - set(SETTINGS)) + sorted(set(locked) - set(settings))
    if unknown:
        raise ValueError(
            _("An assignment sets and locks only these: {names}. Not: {unknown}.").format(
                names=", ".join(SETTINGS), unknown=", ".join(unknown)
            )
        )
    with connect() as db:
        db.execute("UPDATE assignments SET active = 0 WHERE active = 1")
        cursor = db.execute(
            "INSERT INTO assignments (title, exercise, settings, locked, created) "
            "VALUES (?, ?, ?, ?, ?)",
            (title, exercise, json.dumps(settings), json.dumps(list(locked)), time.time()),
        )
        number = int(cursor.lastrowid or 0)
    return current() or Assignment(number, title, exercise, settings, tuple(locked))


def current() -> Assignment | None:
    """The active assignment, or None."""
    with connect(read_only=True) as db:
        row = db.execute(
            "SELECT id, title, exercise, settings, locked, created FROM assignments "
            "WHERE active = 1 ORDER BY id DESC LIMIT 1"
        ).fetchone()
    if row is None:
        return None
    return Assignment(row[0], row[1], row[2], json.loads(row[3]), tuple(json.loads(row[4])), row[5])


def withdraw(actor: Actor) -> None:
    """End the active assignment (the teacher only)."""
    if not actor.is_teacher:
        raise NotAllowed(_("Only the teacher hands out assignments."))
    with connect() as db:
        db.execute("UPDATE assignments SET active = 0 WHERE active = 1")
