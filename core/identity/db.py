"""The class's records: one SQLite file in the lab's home, in WAL mode (many readers, one
writer, as thirty sessions need), with a schema version and migrations.

`PRAGMA user_version` holds the schema version; `MIGRATIONS[i]` brings version i to i + 1,
so an older lab home is brought up to date when it is opened, and never twice.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from core.i18n import _
from core.paths import lab_home

FILE_NAME = "classroom.db"
MIGRATIONS: tuple[str, ...] = (
    # 1: people and who owns what
    """
    CREATE TABLE people (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('teacher', 'student')),
        token_hash TEXT NOT NULL UNIQUE,
        joined REAL NOT NULL
    );
    CREATE UNIQUE INDEX people_by_name ON people (name COLLATE NOCASE);
    CREATE TABLE owners (
        kind TEXT NOT NULL CHECK (kind IN ('run', 'dataset')),
        item TEXT NOT NULL,
        person TEXT NOT NULL REFERENCES people (id),
        created REAL NOT NULL,
        PRIMARY KEY (kind, item)
    );
    """,
    # 2: what the teacher hands out
    """
    CREATE TABLE assignments (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        exercise TEXT,
        settings TEXT NOT NULL,
        locked TEXT NOT NULL,
        created REAL NOT NULL,
        active INTEGER NOT NULL DEFAULT 1
    );
    """,
    # 3: what the teacher shares with the whole class (a student's dataset is hers until then)
    """
    CREATE TABLE shared (
        kind TEXT NOT NULL CHECK (kind IN ('run', 'dataset')),
        item TEXT NOT NULL,
        shared REAL NOT NULL,
        PRIMARY KEY (kind, item)
    );
    -- the assignment a run was trained under, checked against its locks when it started
    ALTER TABLE owners ADD COLUMN assignment INTEGER;
    """,
    # 4: sign-ins of their own (random tokens, hashed, with an expiry), names compared by
    # how they look, a student's PIN, the teacher's re-join codes, a class closed to joins.
    # People are rebuilt without token_hash (a unique column SQLite cannot drop); students'
    # old tokens become sessions, the teacher's (derived from the password) does not.
    """
    CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        person TEXT NOT NULL REFERENCES people (id),
        created REAL NOT NULL,
        expires REAL NOT NULL
    );
    INSERT INTO sessions (token_hash, person, created, expires)
        SELECT token_hash, id, joined, CAST(strftime('%s', 'now') AS REAL) + 14 * 86400
        FROM people WHERE role = 'student';
    CREATE TABLE people_new (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        skeleton TEXT UNIQUE,
        role TEXT NOT NULL CHECK (role IN ('teacher', 'student')),
        joined REAL NOT NULL,
        pin_hash TEXT,
        pin_failures INTEGER NOT NULL DEFAULT 0,
        removed REAL
    );
    INSERT INTO people_new (id, name, skeleton, role, joined)
        SELECT id, name, lower(name), role, joined FROM people;
    DROP TABLE people;
    ALTER TABLE people_new RENAME TO people;
    CREATE INDEX sessions_by_person ON sessions (person);
    CREATE TABLE rejoin_codes (
        code_hash TEXT PRIMARY KEY,
        person TEXT NOT NULL UNIQUE REFERENCES people (id),
        expires REAL NOT NULL
    );
    CREATE TABLE class_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    # 5: the device a student joined from (a keyed hash of its network address): names cost
    # nothing, so a device holds a few, not forty turns in the fair queue
    """
    ALTER TABLE people ADD COLUMN device TEXT;
    CREATE INDEX people_by_device ON people (device);
    """,
    # 6: the lesson: the teacher's questions and the students' answers (one each, changeable
    # until the answer is shown), and how far each student has followed and when last seen
    """
    CREATE TABLE questions (
        id INTEGER PRIMARY KEY,
        prompt TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('choice', 'number')),
        options TEXT NOT NULL,
        answer TEXT NOT NULL,
        explain TEXT NOT NULL,
        from_plan INTEGER NOT NULL,
        lesson TEXT,
        step INTEGER,
        asked REAL NOT NULL,
        revealed INTEGER NOT NULL DEFAULT 0,
        open INTEGER NOT NULL DEFAULT 1
    );
    CREATE TABLE answers (
        question INTEGER NOT NULL REFERENCES questions (id),
        person TEXT NOT NULL REFERENCES people (id),
        value TEXT NOT NULL,
        at REAL NOT NULL,
        PRIMARY KEY (question, person)
    );
    CREATE TABLE progress (
        person TEXT PRIMARY KEY REFERENCES people (id),
        lesson TEXT,
        step INTEGER,
        reached REAL,
        seen REAL,
        trouble REAL
    );
    """,
    # 7: a student asks the teacher to share her fine-tuned model with the class
    """
    CREATE TABLE share_requests (
        item TEXT PRIMARY KEY,
        person TEXT NOT NULL REFERENCES people (id),
        requested REAL NOT NULL
    );
    """,
    # 8: a question about a photo ("monkey or human?"): the photo, as a small JPEG
    """
    ALTER TABLE questions ADD COLUMN photo BLOB;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
_migrated: set[Path] = set()
_migrating = threading.Lock()
# One idle connection held open for the process's database. Each call's own connection is
# otherwise the last one to close, and SQLite then checkpoints the WAL into the file, syncs
# it and deletes the WAL: 1.2 ms a write instead of 0.07 ms (measured here), every half
# second per following student. It holds no transaction, so it blocks no checkpoint.
_keeper: tuple[Path, sqlite3.Connection] | None = None


# Idle read-only connections to the keeper's file, for any thread to reuse: opening one
# (the file, its schema, two PRAGMAs) and closing it again cost a page run's few reads most
# of their time, and each SQLite call lets the interpreter's lock go, to wait for it again
# behind the training threads: in the lesson bench, opening and closing was 29% of the page
# runs' samples (py-spy). A read reuses one: BEGIN, its statements, COMMIT.
READERS_KEPT = 8
_readers: list[sqlite3.Connection] = []
_readers_lock = threading.Lock()


def _keep_open(path: Path) -> None:
    """Hold `path` open (and close the one held for another home: a process serves one)."""
    global _keeper
    if _keeper is not None and _keeper[0] == path:
        return
    _let_go()
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    connection.execute("PRAGMA user_version").fetchall()  # opens the file and its WAL; done
    with _readers_lock:
        _keeper = (path, connection)


def _let_go() -> None:
    global _keeper
    with _readers_lock:
        idle, _readers[:] = list(_readers), []
        held, _keeper = _keeper, None
    for connection in idle:
        connection.close()
    if held is not None:
        held[1].close()


def _open(path: Path, shared: bool = False) -> sqlite3.Connection:
    # timeout: wait up to 15 s for another session's write (SQLite's busy timeout).
    connection = sqlite3.connect(
        path, timeout=15, isolation_level=None, check_same_thread=not shared
    )
    connection.execute("PRAGMA foreign_keys = ON")  # per connection
    # In WAL mode NORMAL never corrupts the file (a power cut may lose the last commits:
    # an answer, a "still here"), and no commit waits for the disk while others wait.
    connection.execute("PRAGMA synchronous = NORMAL")
    return connection


def _pooled(path: Path) -> bool:
    """Whether the idle readers are `path`'s: the file held open (call with _readers_lock)."""
    return _keeper is not None and _keeper[0] == path


def _take_reader(path: Path) -> sqlite3.Connection:
    with _readers_lock:
        if _readers and _pooled(path):
            return _readers.pop()
    return _open(path, shared=True)


def _put_back(path: Path, connection: sqlite3.Connection) -> None:
    """Keep a reader for the next read (one thread at a time uses it), or close it."""
    with _readers_lock:
        if _pooled(path) and len(_readers) < READERS_KEPT and not connection.in_transaction:
            _readers.append(connection)
            return
    connection.close()


def database_path() -> Path:
    return lab_home() / FILE_NAME


def _private(path: Path) -> None:
    """The file readable by the server's user only (0600), made so before SQLite opens it;
    SQLite gives its -wal and -shm files the database's mode. An older home's are fixed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if file.exists():
            os.chmod(file, 0o600)


def _migrate(connection: sqlite3.Connection) -> None:
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise RuntimeError(
            _(
                "{file} was written by a newer lab (schema {version}; this one knows {known})."
            ).format(file=database_path(), version=version, known=SCHEMA_VERSION)
        )
    # Foreign keys off while tables are rebuilt (SQLite's way to change a table), then on.
    connection.execute("PRAGMA foreign_keys = OFF")
    try:
        for number in range(version, SCHEMA_VERSION):
            # Each migration and its version bump commit together, or not at all.
            connection.executescript(
                f"BEGIN; {MIGRATIONS[number]} PRAGMA user_version = {number + 1}; COMMIT;"
            )
    finally:
        connection.execute("PRAGMA foreign_keys = ON")


def _prepare(path: Path) -> None:
    """Once per file and process, before any call's connection opens it: the file made
    private, in WAL mode, migrated, and held open. Under the lock, so no thread's `_private`
    opens and closes the file while another's connection is open: closing any descriptor of
    a file drops every POSIX lock the process holds on it, SQLite's included, and another
    process could then take the database for unused and delete its WAL ("disk I/O error",
    seen under the lesson bench's 30 students arriving at once)."""
    with _migrating:
        if path in _migrated:
            return
        _private(path)
        connection = sqlite3.connect(path, timeout=15, isolation_level=None)
        try:
            connection.execute("PRAGMA journal_mode = WAL")  # kept in the file
            _migrate(connection)
        finally:
            connection.close()
        _keep_open(path)
        _migrated.add(path)


@contextmanager
def connect(read_only: bool = False) -> Iterator[sqlite3.Connection]:
    """A connection for this call, committed on success and rolled back on an error.
    `read_only`: a transaction that only reads (who signed in, who owns what, on every page
    load) needs no write lock, WAL lets it read while another session writes, and it reuses
    an idle reader; a write opens its own connection."""
    path = database_path()
    if path in _migrated and not path.exists():  # a home deleted under a running lab
        with _migrating:  # is made again, like a new one
            _migrated.discard(path)
            _let_go()
    if path not in _migrated:
        _prepare(path)
    connection = _take_reader(path) if read_only else _open(path)
    failed = False
    try:
        # IMMEDIATE: the write lock now, waiting (_open's timeout) for another session's.
        # A deferred transaction that reads, then writes, fails at once with "database is
        # locked" when another session wrote in between (WAL cannot upgrade a stale
        # snapshot); 30 students joining at once met it. Each transaction lasts a millisecond.
        connection.execute("BEGIN" if read_only else "BEGIN IMMEDIATE")
        yield connection
        connection.execute("COMMIT")
    except BaseException:
        failed = True
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    finally:
        if read_only and not failed:  # a reader that failed is not trusted again
            _put_back(path, connection)
        else:
            connection.close()
