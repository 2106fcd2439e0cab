"""Sign-ins: a random token per sign-in, kept by the browser; the lab stores only its hash,
with an expiry. Signing out deletes it, so the old cookie signs in nobody."""

from __future__ import annotations

import sqlite3
import time

from core.identity.secret_hash import new_token, token_hash

LIFETIME_DAYS = 14


def start_session(db: sqlite3.Connection, person: str) -> str:
    """A new sign-in for `person` (inside the caller's transaction): the token to keep."""
    token, now = new_token(), time.time()
    db.execute("DELETE FROM sessions WHERE expires <= ?", (now,))  # tidy as we go
    db.execute(
        "INSERT INTO sessions (token_hash, person, created, expires) VALUES (?, ?, ?, ?)",
        (token_hash(token), person, now, now + LIFETIME_DAYS * 86400),
    )
    return token


def person_for_token(db: sqlite3.Connection, token: str) -> tuple[str, str, str] | None:
    """(id, name, role) of the person signed in with `token`, unless it expired, was
    signed out or its person removed."""
    return db.execute(
        "SELECT p.id, p.name, p.role FROM sessions s JOIN people p ON p.id = s.person "
        "WHERE s.token_hash = ? AND s.expires > ? AND p.removed IS NULL",
        (token_hash(token), time.time()),
    ).fetchone()


def end_session(db: sqlite3.Connection, token: str) -> None:
    """Sign `token` out: it signs in nobody from now on."""
    db.execute("DELETE FROM sessions WHERE token_hash = ?", (token_hash(token),))


def end_sessions_of(db: sqlite3.Connection, person: str) -> int:
    """Sign `person` out everywhere; how many sign-ins ended."""
    return db.execute("DELETE FROM sessions WHERE person = ?", (person,)).rowcount
