"""A class's people for the classroom tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.classroom.people import Actor, join, teacher_login


@pytest.fixture
def people(classroom: Path) -> tuple[Actor, Actor, Actor]:
    """Mina and Jun, students, and the teacher, in a fresh class."""
    mina, _ = join("Mina", "KQ7M2P")
    jun, _ = join("Jun", "KQ7M2P")
    teacher, _ = teacher_login("correct horse")
    return mina, jun, teacher
