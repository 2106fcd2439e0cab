"""Who owns which run and dataset: a student may stop, delete, rename or continue only their
own; the teacher (and the one local user) any. Every page and the CLI go through `require`.

What a student may see and use (evaluate, export, look inside, train on): her own, the
teacher's, what was made before the class, and what the teacher shared with the class; never
another student's (`require_visible`). Outside classroom mode nothing is recorded: the one
local user owns everything.
"""

from __future__ import annotations

import time

from core.i18n import _
from core.identity.db import connect
from core.identity.people import Actor, NotAllowed
from core.identity.settings import classroom_mode


def claim(kind: str, item: str, actor: Actor, assignment: int | None = None) -> None:
    """Record `actor` as the owner of a new run or dataset (by its folder name), and the
    assignment a run was trained under (its locks checked, see core.classroom.locks)."""
    if actor.role == "local":
        return
    with connect() as db:
        db.execute(
            "INSERT OR REPLACE INTO owners (kind, item, person, created, assignment) "
            "VALUES (?, ?, ?, ?, ?)",
            (kind, item, actor.id, time.time(), assignment),
        )


def under_assignment(assignment: int) -> set[str]:
    """The runs the server started under `assignment`, each checked against its locks."""
    with connect(read_only=True) as db:
        rows = db.execute(
            "SELECT item FROM owners WHERE kind = 'run' AND assignment = ?", (assignment,)
        ).fetchall()
    return {row[0] for row in rows}


def owner_of(kind: str, item: str) -> str | None:
    """The owner's id, or None (made before the class, or by the local user)."""
    with connect(read_only=True) as db:
        row = db.execute(
            "SELECT person FROM owners WHERE kind = ? AND item = ?", (kind, item)
        ).fetchone()
    return row[0] if row else None


def owners(kind: str) -> dict[str, str]:
    """Every owned item of `kind` -> its owner's id."""
    with connect(read_only=True) as db:
        return dict(db.execute("SELECT item, person FROM owners WHERE kind = ?", (kind,)))


def may_change(actor: Actor, kind: str, item: str) -> bool:
    return actor.is_teacher or owner_of(kind, item) == actor.id


def require(actor: Actor, kind: str, item: str) -> None:
    """Refuse (NotAllowed) unless `actor` may change this run or dataset."""
    if may_change(actor, kind, item):
        return
    if kind == "run":
        raise NotAllowed(
            _("This run is someone else's: only its owner or the teacher can change it.")
        )
    raise NotAllowed(
        _("This dataset is someone else's: only its owner or the teacher can change it.")
    )


def hidden_from(actor: Actor, kind: str) -> set[str]:
    """Items a student does not see: other students' unless the teacher shared them (their
    own, the teacher's and those made before the class stay visible). Nothing is hidden
    from the teacher."""
    if actor.is_teacher:
        return set()
    with connect(read_only=True) as db:
        rows = db.execute(
            "SELECT o.item FROM owners o JOIN people p ON p.id = o.person "
            "WHERE o.kind = ? AND p.role = 'student' AND o.person != ? "
            "AND o.item NOT IN (SELECT item FROM shared WHERE kind = o.kind)",
            (kind, actor.id),
        ).fetchall()
    return {row[0] for row in rows}


def may_see(actor: Actor, kind: str, item: str) -> bool:
    """True when `actor` may see and use this run or dataset (not change it: `require`)."""
    return actor.is_teacher or not classroom_mode() or item not in hidden_from(actor, kind)


def require_visible(actor: Actor, kind: str, item: str) -> None:
    """Refuse (NotAllowed) when `actor` may not see this run or dataset: another student's."""
    if may_see(actor, kind, item):
        return
    if kind == "run":
        raise NotAllowed(_("This run is someone else's: only its owner or the teacher can use it."))
    raise NotAllowed(_("This dataset is someone else's: only its owner or the teacher can use it."))


def share(actor: Actor, kind: str, item: str, shared: bool = True) -> None:
    """The teacher shares a student's run or dataset with the class (or stops sharing it)."""
    if not actor.is_teacher:
        raise NotAllowed(_("Only the teacher shares work with the class."))
    if actor.role == "local":
        return  # one person: nothing is hidden
    with connect() as db:
        if shared:
            db.execute(
                "INSERT OR REPLACE INTO shared (kind, item, shared) VALUES (?, ?, ?)",
                (kind, item, time.time()),
            )
        else:
            db.execute("DELETE FROM shared WHERE kind = ? AND item = ?", (kind, item))


def is_shared(kind: str, item: str) -> bool:
    """True when the teacher shared this item with the class (outside a class: never)."""
    if not classroom_mode():
        return False
    with connect(read_only=True) as db:
        row = db.execute("SELECT 1 FROM shared WHERE kind = ? AND item = ?", (kind, item))
        return row.fetchone() is not None


def forget(kind: str, item: str) -> None:
    """Drop the record of a deleted run or dataset (outside a class there is none)."""
    if not classroom_mode():
        return
    with connect() as db:
        db.execute("DELETE FROM owners WHERE kind = ? AND item = ?", (kind, item))
        db.execute("DELETE FROM shared WHERE kind = ? AND item = ?", (kind, item))
