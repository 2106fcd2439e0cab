"""A class in AppTest: the join form, a student's limits, the teacher's board and an
assignment that reaches a student's pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboard.apptest import APP, page_file, shown


def _join(name: str, code: str = "KQ7M2P", pin: str = "", rejoin: str = "") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert at.title[0].value == "Join the class"
    at.text_input(key="join.name").input(name)
    at.text_input(key="join.code").input(code)
    at.text_input(key="join.pin").input(pin)
    at.text_input(key="join.rejoin").input(rejoin)
    at.button[0].click().run()  # the form's Join
    return at


def _teacher_on_the_board() -> AppTest:
    teacher = AppTest.from_file(APP, default_timeout=60).run()
    teacher.text_input(key="join.password").input("correct horse")
    teacher.button[1].click().run()  # the teacher form's Sign in
    teacher.switch_page(page_file("class")).run()
    assert not teacher.exception and teacher.title[0].value == "Class board"
    return teacher


def test_nobody_gets_past_the_door_without_the_code(classroom: Path) -> None:
    at = _join("Mina", "WRONG1")
    assert not at.exception
    assert "not this class's code" in at.error[0].value
    assert at.title[0].value == "Join the class"
    at.run()  # a rerun for another reason (the cookie's script): the refusal stays
    assert "not this class's code" in at.error[0].value
    at.query_params["lang"] = "ko"  # the English sentence would be the page's only one
    at.run()
    assert at.title[0].value != "Join the class" and not at.error


def test_a_refused_teacher_password_keeps_her_box_open(classroom: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.expander[0].proto.expanded  # closed for a student who joins
    at.text_input(key="join.password").input("wrong")
    at.button[1].click().run()  # the teacher form's Sign in
    assert "not the teacher's password" in at.error[0].value
    assert at.expander[0].proto.expanded
    at.run()  # a rerun for another reason: the refusal and her open box stay
    assert "not the teacher's password" in at.error[0].value
    assert at.expander[0].proto.expanded
    at.text_input(key="join.password").input("correct horse")
    at.button[1].click().run()
    assert not at.exception and at.title[0].value != "Join the class"


def test_a_student_joins_and_may_not_import_server_folders(classroom: Path) -> None:
    at = _join("Mina")
    assert not at.exception and at.title[0].value != "Join the class"
    assert any("Mina" in c.value for c in at.sidebar.caption)
    at.switch_page(page_file("datasets")).run()
    labels = [tab.label for tab in at.tabs]
    assert "Zip file" in labels and "Local folder" not in labels
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(page_file("class"))  # the board is not among a student's pages


def test_a_student_may_not_download_a_dataset_to_the_class_server(classroom: Path) -> None:
    at = _join("Mina")
    at.switch_page(page_file("datasets")).run()
    at.selectbox(key="data.picker").set_value("emnist_letters").run()  # 560 MB, online only
    assert not at.exception
    assert not [b for b in at.button if b.key == "data.download"]
    assert any("ask your teacher" in info.value for info in at.info)


def test_the_teacher_hands_out_an_assignment_a_student_sees_and_is_held_to(
    classroom: Path,
) -> None:
    teacher = AppTest.from_file(APP, default_timeout=60).run()
    teacher.text_input(key="join.password").input("correct horse")
    teacher.button[1].click().run()  # the teacher form's Sign in
    teacher.switch_page(page_file("class")).run()
    assert not teacher.exception and teacher.title[0].value == "Class board"
    teacher.button(key="hand.push").click().run()  # 004's first exercise, model and data locked
    assert any("every student sees it" in m.value for m in teacher.markdown)

    student = _join("Jun")
    assert any("Assignment" in m.value for m in student.sidebar.markdown)
    student.button(key="assignment.set_up").click().run()
    student.switch_page(page_file("training")).run()
    assert not student.exception
    assert student.selectbox(key="train.preset").value == "mnist_1filter"
    assert student.selectbox(key="train.preset").disabled
    assert not student.number_input(key="train.epochs").disabled  # open to explore


def test_the_teachers_own_built_model_is_handed_out_locked(classroom: Path) -> None:
    from dashboard.keys import BuilderKeys
    from dashboard.model_state import DEFAULT_PRESET

    teacher = AppTest.from_file(APP, default_timeout=60).run()
    teacher.text_input(key="join.password").input("correct horse")
    teacher.button[1].click().run()
    teacher.switch_page(page_file("class")).run()
    teacher.radio(key="hand.kind").set_value(
        "The model on my Build a CNN page, with these settings"
    ).run()
    teacher.button(key="hand.push").click().run()
    assert not teacher.exception

    student = _join("Ara")
    student.switch_page(page_file("training")).run()
    assert not student.exception
    assert student.radio(key="train.model_source").value == "My model from Build a CNN"
    assert student.radio(key="train.model_source").disabled
    layers = student.session_state[BuilderKeys.LAYERS]
    from core.model.presets import get_preset

    assert layers == get_preset(DEFAULT_PRESET).layers  # the teacher's builder model


def test_signing_out_revokes_the_sign_in_on_the_server(classroom: Path) -> None:
    from core.identity.people import actor_for_token

    at = _join("Mina")
    token = at.session_state["app.token"]
    assert actor_for_token(token).name == "Mina"
    at.sidebar.button(key="app.sign_out").click().run()
    assert at.title[0].value == "Join the class"
    assert actor_for_token(token) is None  # the old cookie signs in nobody


def test_a_student_gets_back_to_her_name_on_another_browser_with_her_pin(
    classroom: Path,
) -> None:
    first = _join("김민지", pin="4821")
    mina = first.session_state["app.actor"]
    wrong = _join("김민\u200b지", pin="1111")
    assert "PIN is not right" in wrong.error[0].value
    again = _join("김민\u200b지", pin="4821")  # another browser, the same name as it looks
    assert not again.exception and again.title[0].value != "Join the class"
    assert again.session_state["app.actor"] == mina  # the same person: her runs are hers
    taken = _join("김민지")
    assert "already joined as 김민지" in taken.error[0].value


def _joined(teacher: AppTest) -> int:
    """The board's "Students joined" figure."""
    return int(next(m.value for m in teacher.metric if m.label == "Students joined"))


def test_the_teacher_manages_students_from_the_board(classroom: Path) -> None:
    jun = _join("Jun")
    mina = _join("Mina")
    teacher = _teacher_on_the_board()
    assert any("Students" in h.value for h in teacher.subheader)
    assert _joined(teacher) == 2
    pick = teacher.selectbox(key="students.pick")
    assert pick.options == ["Jun", "Mina"]
    pick.set_value(pick.value).run()  # Jun, the first
    teacher.button(key="students.code").click().run()
    message = shown(teacher.success[0].value)
    code = message.split("Re-join code for Jun: ")[1].split(".")[0]
    back = _join("Jun", rejoin=code)  # Jun on a new browser
    assert back.session_state["app.actor"] == jun.session_state["app.actor"]

    teacher.text_input(key="students.new_name").input("Jun *Lee*")
    teacher.button(key="students.rename").click().run()
    assert "Jun is now Jun \\*Lee\\*." in teacher.success[0].value  # shown as typed
    jun.run()  # her next page load shows her new name
    assert any("Jun \\*Lee\\*" in c.value for c in jun.sidebar.caption)

    teacher.toggle(key="students.open").set_value(False).run()
    assert any("closed to new names" in w.value for w in teacher.warning)
    late = _join("Seo")
    assert "closed to new names" in late.error[0].value

    teacher.selectbox(key="students.pick").set_value(mina.session_state["app.actor"].id).run()
    teacher.checkbox(key="students.sure").check().run()
    teacher.button(key="students.remove").click().run()
    assert "Mina was removed" in teacher.success[0].value
    assert _joined(teacher) == 1  # Jun: Mina removed, Seo turned away
    mina.run()  # her browser is signed out
    assert mina.title[0].value == "Join the class"
    assert not teacher.exception


def test_a_refused_stop_or_delete_stays_on_the_board_to_be_read(classroom: Path) -> None:
    """The board refreshes every 2 s: the reason a stop or delete was refused stays for
    MESSAGE_SECONDS (popped when first shown, the next refresh took it away), as text."""
    import time

    from dashboard.classroom.board_page import MESSAGE, MESSAGE_SECONDS

    teacher = _teacher_on_the_board()
    assert not teacher.error
    teacher.session_state[MESSAGE] = ("Only *the* owner may delete it.", time.time())
    for _refresh in range(2):
        teacher.run()
        assert [shown(e.value) for e in teacher.error] == ["Only *the* owner may delete it."]
    teacher.session_state[MESSAGE] = ("Old news.", time.time() - MESSAGE_SECONDS - 1)
    teacher.run()
    assert not teacher.error
