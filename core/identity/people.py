"""Who is who in a class: the teacher (with the teacher's password) and the students (with
a name and the class code). Each sign-in gets its own random token, which the browser
keeps (core.identity.sessions). A student who chose a PIN at join, or has a re-join code
from the teacher, gets back to her own name (and runs) on another browser.

Outside classroom mode there is one person, `LOCAL`, with every power: the lab on one
computer, and the command line (whoever runs it already has the server's files).
"""

from __future__ import annotations

import hmac
import re
import secrets
import sqlite3
import time
import uuid
from dataclasses import dataclass

from core.i18n import _
from core.identity.db import connect
from core.identity.names import MAX_NAME, clean_name, skeleton
from core.identity.secret_hash import hash_secret, token_hash, verify_secret
from core.identity.sessions import end_session, person_for_token, start_session
from core.identity.settings import class_secrets, is_teacher_password

__all__ = ["LOCAL", "MAX_NAME", "TEACHER_ID", "Actor", "NotAllowed", "join", "teacher_login"]

TEACHER_ID = "teacher"
PIN = re.compile(r"[0-9]{4,8}")
MAX_PIN_FAILURES = 10  # then only a re-join code from the teacher
SLOW_DOWN = 0.5  # seconds after a wrong code, PIN or password: slows guessing
# New names one device may join with: two students sharing a laptop, and one more; a
# student's runs take turns with everyone else's per name (core.runs.queue), so names
# from one device are bounded. The teacher removes a name to free its place.
NAMES_PER_DEVICE = 3


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


def _refuse(message: str) -> NotAllowed:
    time.sleep(SLOW_DOWN)
    return NotAllowed(message)


def joins_open() -> bool:
    """Whether new names may join (the teacher closes the class with roster.set_joins_open)."""
    with connect(read_only=True) as db:
        row = db.execute("SELECT value FROM class_state WHERE key = 'joins_open'").fetchone()
    return row is None or row[0] == "1"


def find_by_look(db: sqlite3.Connection, name: str, but: str = "") -> tuple | None:
    """(id, role, pin_hash, pin_failures) of the person whose name looks like `name`."""
    wanted = skeleton(name)
    rows = db.execute(
        "SELECT id, name, role, pin_hash, pin_failures FROM people WHERE removed IS NULL"
    ).fetchall()
    for row in rows:  # compared here too: an older home's names have no skeleton yet
        if row[0] != but and skeleton(row[1]) == wanted:
            return row[0], row[2], row[3], row[4]
    return None


def _check_pin(pin: str | None) -> str | None:
    pin = str(pin or "").strip()
    if pin and not PIN.fullmatch(pin):
        raise ValueError(_("A PIN is 4 to 8 digits."))
    return pin or None


def _device_key(db: sqlite3.Connection, address: str | None) -> str | None:
    """A keyed hash of the network address a student joins from, under the class's own
    random key (kept in class_state): neither the address nor a plain hash of it, which a
    list of the few billion IPv4 addresses would reverse. None where there is no address
    (the server's own computer)."""
    address = str(address or "").strip()
    if not address:
        return None
    db.execute(
        "INSERT OR IGNORE INTO class_state (key, value) VALUES ('device_key', ?)",
        (secrets.token_hex(32),),
    )
    (key,) = db.execute("SELECT value FROM class_state WHERE key = 'device_key'").fetchone()
    return hmac.new(key.encode(), address.encode(), "sha256").hexdigest()


def _device_full(db: sqlite3.Connection, device: str | None) -> bool:
    if device is None:
        return False
    (count,) = db.execute(
        "SELECT count(*) FROM people WHERE device = ? AND removed IS NULL", (device,)
    ).fetchone()
    return count >= NAMES_PER_DEVICE


def join(
    name: str,
    class_code: str,
    pin: str | None = None,
    rejoin_code: str | None = None,
    address: str | None = None,
) -> tuple[Actor, str]:
    """A student joins, or comes back to her name with her PIN or the teacher's re-join
    code: (the student, the token her browser keeps). `address`: the network address she
    joins from, where the server sees one; a device joins as at most NAMES_PER_DEVICE new
    names (coming back to one's own name is always allowed)."""
    name = clean_name(name)
    expected = class_secrets().class_code.upper()
    if not hmac.compare_digest(str(class_code).strip().upper().encode(), expected.encode()):
        raise _refuse(_("That is not this class's code: check it on the teacher's screen."))
    pin, code = _check_pin(pin), str(rejoin_code or "").strip().upper()
    with connect(read_only=True) as db:
        found = find_by_look(db, name)
    if found is not None:
        return _come_back(name, found, pin, code)
    if code:
        raise _refuse(
            _("Nobody in this class joined as {name}: type your name as before.").format(name=name)
        )
    if not joins_open():
        raise NotAllowed(
            _("The class is closed to new names: ask the teacher. If you joined before, type "
              "your name with your PIN or a re-join code.")
        )  # fmt: skip
    actor = Actor(uuid.uuid4().hex[:12], name, "student")
    pin_hash = hash_secret(pin) if pin else None
    try:
        with connect() as db:
            if find_by_look(db, name) is not None:
                raise sqlite3.IntegrityError  # joined meanwhile
            device = _device_key(db, address)
            if _device_full(db, device):
                raise NotAllowed(
                    _("This device has already joined as {count} names. If you joined before, "
                      "type your name with your PIN; otherwise ask the teacher.").format(
                        count=NAMES_PER_DEVICE
                    )
                )  # fmt: skip
            db.execute(
                "INSERT INTO people (id, name, skeleton, role, joined, pin_hash, device) "
                "VALUES (?, ?, ?, 'student', ?, ?, ?)",
                (actor.id, actor.name, skeleton(name), time.time(), pin_hash, device),
            )
            token = start_session(db, actor.id)
    except sqlite3.IntegrityError:
        raise ValueError(_taken(name)) from None
    return actor, token


def _taken(name: str) -> str:
    return _(
        "Someone in this class already joined as {name}. If it is you, type your PIN or the "
        "re-join code the teacher gives you; if not, add an initial or a number."
    ).format(name=name)


def _come_back(name: str, found: tuple, pin: str | None, code: str) -> tuple[Actor, str]:
    person, role, pin_hash, failures = found
    if role != "student" or not (pin or code):
        raise ValueError(_taken(name))
    if code:
        with connect() as db:
            used = db.execute(
                "DELETE FROM rejoin_codes WHERE code_hash = ? AND person = ? AND expires > ?",
                (token_hash(code), person, time.time()),
            ).rowcount
            if used:
                if pin:  # a new PIN, chosen with the code
                    db.execute(
                        "UPDATE people SET pin_hash = ? WHERE id = ?", (hash_secret(pin), person)
                    )
                db.execute("UPDATE people SET pin_failures = 0 WHERE id = ?", (person,))
                return _signed_in(db, person)
        raise _refuse(_("That re-join code is not right, was used or expired: ask the teacher."))
    if pin_hash is None:
        raise ValueError(
            _("{name} has no PIN to come back with: ask the teacher for a re-join code.").format(
                name=name
            )
        )
    if failures >= MAX_PIN_FAILURES:
        raise _refuse(
            _("Too many wrong PINs for {name}: ask the teacher for a re-join code.").format(
                name=name
            )
        )
    right = verify_secret(str(pin), pin_hash)
    with connect() as db:
        if right:
            db.execute("UPDATE people SET pin_failures = 0 WHERE id = ?", (person,))
            return _signed_in(db, person)
        db.execute("UPDATE people SET pin_failures = pin_failures + 1 WHERE id = ?", (person,))
    raise _refuse(_("That PIN is not right for {name}.").format(name=name))


def _signed_in(db: sqlite3.Connection, person: str) -> tuple[Actor, str]:
    row = db.execute("SELECT id, name, role FROM people WHERE id = ?", (person,)).fetchone()
    return Actor(*row), start_session(db, person)


def teacher_login(password: str) -> tuple[Actor, str]:
    """The teacher signs in: a token of its own on each device."""
    if not is_teacher_password(password):
        raise _refuse(_("That is not the teacher's password."))
    actor = Actor(TEACHER_ID, _("Teacher"), "teacher")
    with connect() as db:
        db.execute(
            "INSERT INTO people (id, name, skeleton, role, joined) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (id) DO NOTHING",
            (TEACHER_ID, "teacher", skeleton("teacher"), "teacher", time.time()),
        )
        token = start_session(db, TEACHER_ID)
    return actor, token


def actor_for_token(token: str | None) -> Actor | None:
    """The person a browser's token signs in; None for no, an unknown, an expired or a
    signed-out token."""
    if not token:
        return None
    with connect(read_only=True) as db:
        row = person_for_token(db, str(token))
    if row is None:
        return None
    return Actor(row[0], _("Teacher") if row[2] == "teacher" else row[1], row[2])


def sign_out(token: str | None) -> None:
    """End this sign-in on the server: the token (and a cookie that holds it) signs in
    nobody from now on."""
    if token:
        with connect() as db:
            end_session(db, str(token))


def names() -> dict[str, str]:
    """Every person's id -> name (the teacher's as "teacher"; removed students too)."""
    with connect(read_only=True) as db:
        return dict(db.execute("SELECT id, name FROM people").fetchall())


def students() -> dict[str, str]:
    """The class's students now (not removed ones): id -> name, by name."""
    with connect(read_only=True) as db:
        return dict(
            db.execute(
                "SELECT id, name FROM people WHERE role = 'student' AND removed IS NULL "
                "ORDER BY name"
            ).fetchall()
        )
