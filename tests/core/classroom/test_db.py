"""The class's SQLite file: WAL, a schema version, migrations applied once, in order."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from core.classroom import db


def test_a_new_home_gets_the_current_schema_in_wal_mode(classroom: Path) -> None:
    with db.connect() as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("PRAGMA user_version").fetchone()[0] == db.SCHEMA_VERSION
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
    assert {"people", "owners"} <= tables
    assert (classroom / db.FILE_NAME).is_file()


def test_an_older_home_is_migrated_and_keeps_its_rows(
    classroom: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = classroom / db.FILE_NAME
    first = sqlite3.connect(path)
    first.executescript(db.MIGRATIONS[0] + "PRAGMA user_version = 1;")
    first.execute("INSERT INTO people VALUES ('a1', 'Mina', 'student', 'h', 0)")
    first.commit()
    first.close()
    later = (*db.MIGRATIONS, "CREATE TABLE notes (id INTEGER PRIMARY KEY);")
    monkeypatch.setattr(db, "MIGRATIONS", later)
    monkeypatch.setattr(db, "SCHEMA_VERSION", len(later))
    db._migrated.discard(path)
    with db.connect() as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == len(later)
        assert connection.execute("SELECT name FROM people").fetchall() == [("Mina",)]
        connection.execute("INSERT INTO notes DEFAULT VALUES")


def test_a_home_from_a_newer_lab_is_refused_not_damaged(classroom: Path) -> None:
    path = classroom / db.FILE_NAME
    newer = sqlite3.connect(path)
    newer.execute(f"PRAGMA user_version = {db.SCHEMA_VERSION + 5}")
    newer.close()
    db._migrated.discard(path)
    with pytest.raises(RuntimeError, match="newer lab"), db.connect():
        pass


def test_a_failed_write_is_rolled_back(classroom: Path) -> None:
    with pytest.raises(sqlite3.IntegrityError), db.connect() as connection:
        connection.execute("INSERT INTO people VALUES ('b', 'Jun', 'student', 'x', 0)")
        connection.execute("INSERT INTO people VALUES ('c', 'Jun', 'student', 'y', 0)")
    with db.connect() as connection:
        assert connection.execute("SELECT count(*) FROM people").fetchone()[0] == 0
