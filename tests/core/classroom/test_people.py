"""Joining a class: the class code, one name per student, the teacher's password, and a
token that finds the same person again (only its hash is stored)."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from core.classroom import db
from core.classroom.people import NotAllowed, actor_for_token, join, teacher_login
from core.classroom.settings import class_secrets


def test_a_student_joins_with_the_code_and_is_found_by_token(classroom: Path) -> None:
    student, token = join("  Kim   Mina ", "kq7m2p")  # spaces tidied, code case-insensitive
    assert student.name == "Kim Mina" and student.role == "student"
    assert not student.is_teacher
    assert actor_for_token(token) == student
    assert actor_for_token("made-up") is None and actor_for_token(None) is None
    with db.connect() as connection:
        stored = connection.execute("SELECT token_hash FROM people").fetchone()[0]
    assert token not in stored and len(stored) == 64


def test_a_wrong_code_an_empty_name_or_a_taken_name_is_refused(classroom: Path) -> None:
    with pytest.raises(NotAllowed, match="class's code"):
        join("Mina", "AAAAAA")
    with pytest.raises(ValueError, match="name"):
        join("   ", "KQ7M2P")
    join("Mina", "KQ7M2P")
    with pytest.raises(ValueError, match="already joined as MINA"):
        join("MINA", "KQ7M2P")


def test_the_teacher_signs_in_with_the_password_on_any_device(classroom: Path) -> None:
    with pytest.raises(NotAllowed):
        teacher_login("wrong")
    teacher, token = teacher_login("correct horse")
    _again, same_token = teacher_login("correct horse")  # the projector and the laptop
    assert teacher.is_teacher and token == same_token
    assert actor_for_token(token).role == "teacher"


def test_secrets_are_made_once_and_readable_by_the_owner_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path))
    for name in ("CNNLAB_CLASS_CODE", "CNNLAB_TEACHER_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    first = class_secrets()
    assert first == class_secrets()
    assert len(first.class_code) == 6 and len(first.teacher_password) >= 12
    path = tmp_path / "classroom.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text())["class_code"] == first.class_code
