"""Follow the teacher: where the teacher has brought the class (a page, with a lesson step's
or a course exercise's settings), numbered so that each student's browser goes there once,
and how far each student has come and when she was last seen."""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass, field

from core.i18n import _
from core.identity.db import connect
from core.identity.people import Actor, NotAllowed
from core.pages import ALL_PAGES, CLASS_BOARD

# What a destination may set on its page (the dashboard applies them): a course exercise's
# "Set it up", a course model on Build a CNN, a dataset on Datasets.
SETTINGS = ("exercise", "model", "dataset")
MAX_TEXT = 64


@dataclass(frozen=True)
class Destination:
    number: int  # one more with every move: a student's browser goes to each number once
    page: str
    lesson: str | None = None
    step: int | None = None  # the step's index in the lesson's plan
    settings: dict[str, str] = field(default_factory=dict)
    at: float = 0.0


def _checked(page: str, lesson: str | None, step: int | None, settings: dict) -> None:
    if page not in ALL_PAGES or page == CLASS_BOARD.id:
        raise ValueError(
            _("The class can be brought to a page of the lab, not {page}.").format(
                page=repr(page)[:MAX_TEXT]
            )
        )
    unknown = sorted(set(settings) - set(SETTINGS))
    texts = [lesson, *settings.values()]
    if unknown or any(
        t is not None and (not isinstance(t, str) or len(t) > MAX_TEXT) for t in texts
    ):
        raise ValueError(
            _("A destination sets only {names}, each as a short name.").format(
                names=", ".join(SETTINGS)
            )
        )
    if step is not None and (not isinstance(step, int) or not 0 <= step < 100):
        raise ValueError(_("A lesson has at most 100 steps."))


def bring_class(
    actor: Actor,
    page: str,
    lesson: str | None = None,
    step: int | None = None,
    settings: dict[str, str] | None = None,
) -> Destination:
    """Send every following student to `page` with `settings` (the teacher only)."""
    if not actor.is_teacher:
        raise NotAllowed(_("Only the teacher brings the class to a page."))
    settings = dict(settings or {})
    _checked(page, lesson, step, settings)
    with connect() as db:
        before = _read(db)
        moved = Destination(
            (before.number if before else 0) + 1, page, lesson, step, settings, time.time()
        )
        record = {**moved.__dict__}
        db.execute(
            "INSERT OR REPLACE INTO class_state (key, value) VALUES ('follow', ?)",
            (json.dumps(record),),
        )
    return moved


def _read(db: sqlite3.Connection) -> Destination | None:
    row = db.execute("SELECT value FROM class_state WHERE key = 'follow'").fetchone()
    if row is None:
        return None
    try:
        record = json.loads(row[0])
        found = Destination(**record)
        _checked(found.page, found.lesson, found.step, found.settings)
    except (TypeError, ValueError):  # a hand-edited database: no destination
        return None
    return found


def destination() -> Destination | None:
    """Where the teacher brought the class last, or None."""
    with connect(read_only=True) as db:
        return _read(db)


def arrived(actor: Actor, place: Destination) -> None:
    """A student reached the teacher's destination: her progress is that step."""
    if actor.role != "student":
        return
    now = time.time()
    with connect() as db:
        db.execute(
            "INSERT INTO progress (person, lesson, step, reached, seen) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (person) DO UPDATE SET lesson = excluded.lesson, "
            "step = excluded.step, reached = excluded.reached, seen = excluded.seen",
            (actor.id, place.lesson, place.step, now, now),
        )


def _stamp(actor: Actor, column: str) -> None:
    """Now, in a student's `column` of progress (the teacher has none)."""
    if actor.role != "student":
        return
    with connect() as db:
        db.execute(
            f"INSERT INTO progress (person, {column}) VALUES (?, ?) "
            f"ON CONFLICT (person) DO UPDATE SET {column} = excluded.{column}",
            (actor.id, time.time()),
        )


def seen(actor: Actor) -> None:
    """A student's page is open and alive (the board's "may be stuck" reads it)."""
    _stamp(actor, "seen")


def trouble(actor: Actor) -> None:
    """A page failed for a student (the board flags her as maybe stuck)."""
    _stamp(actor, "trouble")


def progress() -> dict[str, dict]:
    """Per student id: the lesson and step she reached, when, when last seen, and when a
    page last failed for her."""
    with connect(read_only=True) as db:
        rows = db.execute(
            "SELECT person, lesson, step, reached, seen, trouble FROM progress"
        ).fetchall()
    keys = ("lesson", "step", "reached", "seen", "trouble")
    return {row[0]: dict(zip(keys, row[1:], strict=True)) for row in rows}
