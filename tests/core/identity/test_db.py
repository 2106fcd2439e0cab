"""The class's SQLite file: WAL, a schema version, migrations applied once, in order."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from core.identity import db


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
        insert = "INSERT INTO people (id, name, skeleton, role, joined) VALUES (?, ?, ?, ?, 0)"
        connection.execute(insert, ("b", "Jun", "jun", "student"))
        connection.execute(insert, ("c", "Jun", "jun", "student"))
    with db.connect() as connection:
        assert connection.execute("SELECT count(*) FROM people").fetchone()[0] == 0


def test_the_file_and_its_wal_files_are_the_servers_users_only(classroom: Path) -> None:
    path = classroom / db.FILE_NAME
    with db.connect() as connection:
        connection.execute("INSERT INTO class_state VALUES ('x', '1')")
        files = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
        assert all(file.exists() for file in files)
        assert [stat.S_IMODE(file.stat().st_mode) for file in files] == [0o600] * 3


def test_an_older_homes_files_become_the_servers_users_only(classroom: Path) -> None:
    path = classroom / db.FILE_NAME
    sqlite3.connect(path).close()
    os.chmod(path, 0o644)
    db._migrated.discard(path)
    with db.connect():
        pass
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_version_3_people_keep_their_rows_and_students_their_sign_ins(classroom: Path) -> None:
    from core.identity.people import actor_for_token
    from core.identity.secret_hash import token_hash

    path = classroom / db.FILE_NAME
    old = sqlite3.connect(path)
    old.executescript("".join(db.MIGRATIONS[:3]) + "PRAGMA user_version = 3;")
    old.execute("INSERT INTO people VALUES ('a1', 'Mina', 'student', ?, 0)", (token_hash("tok"),))
    old.execute("INSERT INTO people VALUES ('teacher', 'teacher', 'teacher', ?, 0)", ("fixed",))
    old.execute("INSERT INTO owners (kind, item, person, created) VALUES ('run', 'r1', 'a1', 0)")
    old.commit()
    old.close()
    db._migrated.discard(path)
    with db.connect() as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == db.SCHEMA_VERSION
        columns = {row[1] for row in connection.execute("PRAGMA table_info(people)")}
        assert "token_hash" not in columns and {"skeleton", "pin_hash"} <= columns
        assert connection.execute("SELECT person FROM owners").fetchall() == [("a1",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        sessions = connection.execute("SELECT person, expires FROM sessions").fetchall()
    assert [person for person, _expires in sessions] == ["a1"]  # not the teacher's old token
    assert actor_for_token("tok").name == "Mina"


def test_thirty_students_joining_at_once_all_get_in(classroom: Path) -> None:
    """Each join reads (is the name taken?) then writes: in a deferred transaction another
    session's write in between made SQLite refuse at once ("database is locked", 22 to 28 of
    40 joins here); an immediate one waits its turn."""
    import threading

    from core.identity.people import join, names

    errors: list[BaseException] = []

    def one(seat: int) -> None:
        try:
            join(f"student {seat}", "KQ7M2P")
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=one, args=(seat,)) for seat in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(names()) == 30


def test_a_home_deleted_under_a_running_lab_is_made_again(classroom: Path) -> None:
    """Made again and migrated (its tables), not "no such table" until a restart."""
    import shutil

    with db.connect() as connection:
        connection.execute("INSERT INTO class_state VALUES ('k', 'old')")
    shutil.rmtree(classroom)
    classroom.mkdir()
    with db.connect() as connection:
        assert connection.execute("SELECT value FROM class_state").fetchall() == []
        connection.execute("INSERT INTO class_state VALUES ('k', 'new')")
    with sqlite3.connect(classroom / db.FILE_NAME) as reader:  # the file on disk has it
        assert reader.execute("SELECT value FROM class_state").fetchall() == [("new",)]


def test_a_commit_does_not_wait_for_the_disk(classroom: Path) -> None:
    """WAL with synchronous NORMAL (1): safe from corruption, no fsync on each commit."""
    with db.connect(read_only=True) as connection:
        assert connection.execute("PRAGMA synchronous").fetchone()[0] == 1
        assert connection.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_a_write_leaves_the_wal_for_the_next_not_a_checkpoint_each_time(classroom: Path) -> None:
    """The lab holds its database open: a call's connection is not the last to close, so
    SQLite does not checkpoint, sync and delete the WAL after every write (1.2 ms a write
    instead of 0.07 here). Checkpoints still happen as the WAL grows (SQLite's own)."""
    wal = classroom / (db.FILE_NAME + "-wal")
    for value in ("a", "b"):
        with db.connect() as connection:
            connection.execute("INSERT OR REPLACE INTO class_state VALUES ('k', ?)", (value,))
        assert wal.exists() and wal.stat().st_size > 0
    with sqlite3.connect(classroom / db.FILE_NAME) as reader:  # readers see the commits
        assert reader.execute("SELECT value FROM class_state").fetchall() == [("b",)]


def test_thirty_first_connections_make_the_file_private_once_before_any_opens_it(
    classroom: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`_private` opens and closes the file itself; closing any descriptor of a file drops
    every POSIX lock the process holds on it, SQLite's too. Once the lab held its database
    open, a late `_private` from one of thirty sessions arriving at once let another process
    take the file for unused and delete its WAL: "disk I/O error" on every page after."""
    import subprocess
    import sys
    import threading

    made_private = []
    private = db._private
    monkeypatch.setattr(db, "_private", lambda path: (made_private.append(path), private(path)))
    start = threading.Barrier(30)

    def first_visit() -> None:
        start.wait()
        with db.connect() as connection:
            connection.execute("INSERT OR REPLACE INTO class_state VALUES ('k', 'v')")

    threads = [threading.Thread(target=first_visit) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert made_private == [classroom / db.FILE_NAME]
    # Another process (the CLI, a bench) opens and closes the file: the lab's WAL stays.
    other = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('SELECT 1'); c.close()"
    )
    subprocess.run([sys.executable, "-c", other, str(classroom / db.FILE_NAME)], check=True)
    assert (classroom / (db.FILE_NAME + "-wal")).exists()
    with db.connect() as connection:
        connection.execute("INSERT OR REPLACE INTO class_state VALUES ('k', 'w')")


def _read_class_state(found: list) -> None:
    with db.connect(read_only=True) as connection:
        found.append(connection)
        found.append(connection.execute("SELECT value FROM class_state").fetchall())


def test_reads_reuse_one_idle_connection_and_see_every_commit(classroom: Path) -> None:
    """A read takes an idle reader (from any thread) instead of opening the file again, and
    sees what was committed since its last use (by this process or another)."""
    import threading

    with db.connect() as connection:
        connection.execute("INSERT INTO class_state VALUES ('k', 'one')")
    first: list = []
    _read_class_state(first)
    with sqlite3.connect(classroom / db.FILE_NAME) as other:  # another process's write
        other.execute("UPDATE class_state SET value = 'two'")
    second: list = []
    thread = threading.Thread(target=_read_class_state, args=(second,))
    thread.start()
    thread.join()
    assert second[0] is first[0]  # the same connection, on another thread
    assert first[1] == [("one",)] and second[1] == [("two",)]
    assert not first[0].in_transaction  # put back with its transaction over


def test_a_reader_that_failed_is_closed_not_reused(classroom: Path) -> None:
    with pytest.raises(sqlite3.OperationalError), db.connect(read_only=True) as connection:
        connection.execute("SELECT * FROM no_such_table")
    with pytest.raises(sqlite3.ProgrammingError):  # closed
        connection.execute("SELECT 1")
    with db.connect(read_only=True) as again:  # the next read opens another
        assert again is not connection
        assert again.execute("SELECT count(*) FROM class_state").fetchone() == (0,)


def test_another_home_closes_the_idle_readers_of_the_last(
    classroom: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    with db.connect(read_only=True) as connection:
        connection.execute("SELECT count(*) FROM class_state").fetchone()
    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path_factory.mktemp("another-home")))
    with db.connect(read_only=True) as other:
        assert other is not connection
        other.execute("SELECT count(*) FROM class_state").fetchone()
    with pytest.raises(sqlite3.ProgrammingError):  # closed: it held the last home open
        connection.execute("SELECT 1")
