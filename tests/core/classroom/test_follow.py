"""Follow the teacher: only the teacher moves the class, each move is numbered once, a
destination names a page and settings the lab knows, and each student's progress is hers."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from core.classroom.follow import arrived, bring_class, destination, progress, seen, trouble
from core.identity.db import database_path
from core.identity.people import NotAllowed


def test_only_the_teacher_moves_the_class_and_each_move_has_a_new_number(people: tuple) -> None:
    mina, _jun, teacher = people
    assert destination() is None
    with pytest.raises(NotAllowed):
        bring_class(mina, "builder")
    first = bring_class(teacher, "builder", "004", 2, {"model": "mnist_1filter"})
    second = bring_class(teacher, "builder", "004", 2, {"model": "mnist_1filter"})
    assert (first.number, second.number) == (1, 2) and destination() == second


@pytest.mark.parametrize(
    ("page", "settings", "step"),
    [
        ("class", {}, None),  # the teacher's own board
        ("../etc/passwd", {}, None),
        ("builder", {"spec": "{}"}, None),
        ("builder", {"model": "x" * 500}, None),
        ("builder", {"model": 3}, None),
        ("builder", {}, -1),
    ],
)
def test_a_destination_is_a_page_and_short_known_settings(
    people: tuple, page: str, settings: dict, step: int | None
) -> None:
    with pytest.raises(ValueError):
        bring_class(people[2], page, "004", step, settings)
    assert destination() is None


def test_a_hand_edited_destination_is_no_destination(people: tuple) -> None:
    bring_class(people[2], "pooling")
    with sqlite3.connect(database_path()) as db:
        db.execute(
            "UPDATE class_state SET value = ? WHERE key = 'follow'",
            ('{"number": 2, "page": "class", "settings": {}}',),
        )
    assert destination() is None


def test_a_students_progress_is_her_own_and_the_teacher_has_none(
    people: tuple, classroom: Path
) -> None:
    mina, jun, teacher = people
    place = bring_class(teacher, "convolution", "004", 0, {"exercise": "004-convolution"})
    arrived(mina, place)
    seen(jun)
    trouble(jun)
    arrived(teacher, place)
    found = progress()
    assert set(found) == {mina.id, jun.id}
    assert (found[mina.id]["lesson"], found[mina.id]["step"]) == ("004", 0)
    assert found[jun.id]["step"] is None and found[jun.id]["trouble"] >= found[jun.id]["seen"]
