"""The class's state for every student's check: one read shared by all sessions for a quarter
of a second, read anew when the teacher moves (class_changed) or the window is over, and
never another class's (another lab home in the same process)."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.classroom.follow import bring_class
from core.classroom.questions import ask
from dashboard import following
from dashboard.following import class_changed, class_now


def test_one_read_is_shared_until_the_teacher_moves(people: tuple) -> None:
    _mina, _jun, teacher = people
    bring_class(teacher, "pooling")
    class_changed()
    first = class_now()
    assert first[0] is not None and first[0].page == "pooling" and first[1] is None
    # Written as another server process would (no class_changed here): within the window
    # every session gets the same read, not thirty reads of the database.
    bring_class(teacher, "convolution")
    assert class_now() is first
    class_changed()  # this process's teacher moved: the next check reads
    moved, question = class_now()
    assert moved is not None and moved.page == "convolution" and question is None
    ask(teacher, "How many outputs?", "number", answer="10")
    class_changed()
    assert class_now()[1].prompt == "How many outputs?"


def test_after_the_window_the_state_is_read_again(
    people: tuple, monkeypatch: pytest.MonkeyPatch
) -> None:
    _mina, _jun, teacher = people
    bring_class(teacher, "pooling")
    class_changed()
    assert class_now()[0].page == "pooling"
    monkeypatch.setattr(following, "_READ_EVERY", 0.0)  # every window already over
    bring_class(teacher, "builder")
    assert class_now()[0].page == "builder"


def test_another_lab_home_reads_its_own_class(
    people: tuple, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _mina, _jun, teacher = people
    bring_class(teacher, "pooling")
    class_changed()
    assert class_now()[0].page == "pooling"
    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path / "another"))
    assert class_now() == (None, None)  # a new class: nowhere yet, no question


def test_her_answer_from_another_device_shows_when_the_answer_is_shown(classroom: Path) -> None:
    """Her checks do not read her answer each half second: it is read when the question
    appears, when she sends and when the teacher shows the answer, so an answer sent from
    her phone shows on her laptop by then."""
    from core.classroom.questions import answer, reveal
    from core.identity.people import join, teacher_login
    from tests.dashboard.test_classroom_pages import _join

    phone, _token = join("Mina", "KQ7M2P", pin="4821")
    laptop = _join("Mina", pin="4821")
    teacher = teacher_login("correct horse")[0]
    asked = ask(teacher, "How many outputs?", "number", answer="10")
    class_changed()
    laptop.run()
    assert not laptop.exception and not laptop.success
    answer(phone, asked.id, "10")
    reveal(teacher)
    class_changed()
    laptop.run()
    assert [s.value for s in laptop.success] == ["You answered 10: right."]


def test_a_refused_answer_says_why_until_she_sends_again(classroom: Path) -> None:
    """The reason stays through her next half-second checks (it once vanished at the first),
    is text (no Markdown), and goes once an answer is taken."""
    from core.identity.people import teacher_login
    from tests.dashboard.test_classroom_pages import _join

    mina = _join("Mina")
    asked = ask(teacher_login("correct horse")[0], "How many outputs?", "number", answer="10")
    class_changed()
    mina.run()
    mina.text_input(key=f"question.answer.{asked.id}").input("**ten** <b>10</b>")
    next(b for b in mina.button if b.label == "Send").click().run()
    refusal = "Type a number, such as 26 or 3,136."
    assert [e.value for e in mina.error] == [refusal]
    mina.run()  # her next check
    assert [e.value for e in mina.error] == [refusal]
    mina.text_input(key=f"question.answer.{asked.id}").input("10")
    next(b for b in mina.button if b.label == "Send").click().run()
    assert not mina.error
    assert any(
        c.value == "Sent: 10. You may change it until the teacher shows the answer."
        for c in mina.caption
    )
