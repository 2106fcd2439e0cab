"""A student's run comes back to her Train page in a new session (a reload, a new tab, a page
the browser lost), and only to her."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from core.identity.people import LOCAL, join, teacher_login
from dashboard.own_runs import TRANSFER, last_run, remember
from tests.dashboard.apptest import APP, page_file


def _join(name: str, pin: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.text_input(key="join.name").input(name)
    at.text_input(key="join.code").input("KQ7M2P")
    at.text_input(key="join.pin").input(pin)
    at.button[0].click().run()  # the form's Join
    assert not at.exception and at.title[0].value != "Join the class"
    return at


def test_only_a_students_own_run_is_kept(classroom: Path) -> None:
    mina, _ = join("Mina", "KQ7M2P")
    jun, _ = join("Jun", "KQ7M2P")
    teacher, _ = teacher_login("correct horse")
    run = object()
    for person in (mina, teacher, LOCAL):
        remember(person, run)
    assert last_run(mina) is run
    assert last_run(jun) is None  # another student's run is never hers
    assert last_run(teacher) is None and last_run(LOCAL) is None  # not kept outside a class
    assert last_run(mina, TRANSFER) is None  # each page its own: a CNN run is no fine-tuning
    tuned = object()
    remember(mina, tuned, TRANSFER)
    assert last_run(mina, TRANSFER) is tuned and last_run(mina) is run


def test_a_new_session_shows_her_run_and_not_to_another_student(classroom: Path) -> None:
    first = _join("Mina", "4821")
    first.switch_page(page_file("training")).run()
    first.select_slider(key="train.limit").set_value(500)
    first.number_input(key="train.epochs").set_value(1)
    first.run()
    first.button(key="train_start").click().run()
    run = first.session_state["train.run"]
    try:
        again = _join("Mina", "4821")  # her name and PIN on a new browser
        again.switch_page(page_file("training")).run()
        assert not again.exception
        assert again.session_state["train.run"] is run
        status = [bar.proto.text for bar in again.get("progress")]
        shown = run.name.replace("_", r"\_")  # as markdown writes it
        assert any(shown in text for text in status), status  # the live panel's status line

        other = _join("Jun", "")
        other.switch_page(page_file("training")).run()
        assert not other.exception
        assert "train.run" not in other.session_state
    finally:
        run.join(timeout=120)
