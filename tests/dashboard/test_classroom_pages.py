"""A class in AppTest: the join form, a student's limits, the teacher's board and an
assignment that reaches a student's pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboard.apptest import APP


def _join(name: str, code: str = "KQ7M2P") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert at.title[0].value == "Join the class"
    at.text_input(key="join.name").input(name)
    at.text_input(key="join.code").input(code)
    at.button[0].click().run()  # the form's Join
    return at


def test_nobody_gets_past_the_door_without_the_code(classroom: Path) -> None:
    at = _join("Mina", "WRONG1")
    assert not at.exception
    assert "not this class's code" in at.error[0].value
    assert at.title[0].value == "Join the class"


def test_a_student_joins_and_may_not_import_server_folders(classroom: Path) -> None:
    at = _join("Mina")
    assert not at.exception and at.title[0].value != "Join the class"
    assert any("Mina" in c.value for c in at.sidebar.caption)
    at.switch_page("../pages/datasets.py").run()
    labels = [tab.label for tab in at.tabs]
    assert "Zip file" in labels and "Local folder" not in labels
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("../pages/classroom.py")  # the board is not among a student's pages


def test_the_teacher_hands_out_an_assignment_a_student_sees_and_is_held_to(
    classroom: Path,
) -> None:
    teacher = AppTest.from_file(APP, default_timeout=60).run()
    teacher.text_input(key="join.password").input("correct horse")
    teacher.button[1].click().run()  # the teacher form's Sign in
    teacher.switch_page("../pages/classroom.py").run()
    assert not teacher.exception and teacher.title[0].value == "Class board"
    teacher.button(key="hand.push").click().run()  # 004's first exercise, model and data locked
    assert any("every student sees it" in m.value for m in teacher.markdown)

    student = _join("Jun")
    assert any("Assignment" in m.value for m in student.sidebar.markdown)
    student.button(key="assignment.set_up").click().run()
    student.switch_page("../pages/training.py").run()
    assert not student.exception
    assert student.selectbox(key="train.preset").value == "mnist_1filter"
    assert student.selectbox(key="train.preset").disabled
    assert not student.number_input(key="train.epochs").disabled  # open to explore


def test_the_teachers_own_built_model_is_handed_out_locked(classroom: Path) -> None:
    from dashboard.builder.state import DEFAULT_PRESET
    from dashboard.keys import BuilderKeys

    teacher = AppTest.from_file(APP, default_timeout=60).run()
    teacher.text_input(key="join.password").input("correct horse")
    teacher.button[1].click().run()
    teacher.switch_page("../pages/classroom.py").run()
    teacher.radio(key="hand.kind").set_value(
        "The model on my Build a CNN page, with these settings"
    ).run()
    teacher.button(key="hand.push").click().run()
    assert not teacher.exception

    student = _join("Ara")
    student.switch_page("../pages/training.py").run()
    assert not student.exception
    assert student.radio(key="train.model_source").value == "My model from Build a CNN"
    assert student.radio(key="train.model_source").disabled
    layers = student.session_state[BuilderKeys.LAYERS]
    from core.model.presets import get_preset

    assert layers == get_preset(DEFAULT_PRESET).layers  # the teacher's builder model
