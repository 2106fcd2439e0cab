"""Live questions: the teacher asks, each student answers once (and may change it until the
answer is shown), answers are checked against the options or read as numbers, the tally is
the server's count, and the class's CSV holds every answer."""

from __future__ import annotations

import csv
import io

import pytest

from core.classroom.follow import seen, trouble
from core.classroom.progress import FAILED_RUN, PAGE_ERROR, QUIET, student_progress
from core.classroom.questions import (
    answer,
    answer_rows,
    ask,
    close,
    current,
    my_answer,
    reveal,
    tally,
    to_answers_csv,
)
from core.identity.people import NotAllowed


def test_students_answer_once_each_and_the_tally_is_the_servers_count(people: tuple) -> None:
    mina, jun, teacher = people
    with pytest.raises(NotAllowed):
        ask(mina, "mine?", "number", "1")
    question = ask(teacher, "Param # of Dense(10) on 784 inputs?", "number", "7,850")
    assert question.answer == "7,850" and current() == question
    assert answer(mina, question.id, "7850") == "7,850"
    answer(jun, question.id, "7840")
    answer(jun, question.id, " 7,850.0 ")  # changed her mind: still one answer
    assert tally(question) == [("7,850", 2)]
    with pytest.raises(NotAllowed):
        answer(teacher, question.id, "1")
    reveal(teacher)
    with pytest.raises(ValueError, match="already shown"):
        answer(mina, question.id, "1")
    assert my_answer(mina, question.id) == "7,850"
    close(teacher)
    assert current() is None


@pytest.mark.parametrize("given", ["", "many", "nan", "inf", "1e400", "7" * 500])
def test_a_number_question_takes_only_finite_numbers(people: tuple, given: str) -> None:
    mina, _jun, teacher = people
    question = ask(teacher, "How many?", "number", "10")
    with pytest.raises(ValueError):
        answer(mina, question.id, given)
    assert tally(question) == []


def test_a_choice_takes_only_its_options_and_old_questions_are_closed(people: tuple) -> None:
    mina, jun, teacher = people
    with pytest.raises(ValueError, match="2 to 6"):
        ask(teacher, "Which?", "choice", "c", ("a", "b"))
    first = ask(teacher, "Which?", "choice", "b", ("a", "b", "c"))
    with pytest.raises(ValueError, match="Choose one"):
        answer(mina, first.id, "<script>")
    answer(mina, first.id, "b")
    second = ask(teacher, "Next?", "choice", "a", ("a", "b"))
    with pytest.raises(ValueError, match="closed"):
        answer(jun, first.id, "a")  # a page still showing the first question
    answer(jun, second.id, "a")
    assert tally(first) == [("a", 0), ("b", 1), ("c", 0)] and tally(second) == [("a", 1), ("b", 0)]


def test_the_answers_csv_names_students_and_keeps_formulas_as_text(classroom) -> None:
    from core.identity.people import join, teacher_login

    evil, _ = join("=HYPERLINK(1)", "KQ7M2P")
    teacher, _ = teacher_login("correct horse")
    question = ask(teacher, "+1?", "choice", "yes", ("yes", "no"))
    answer(evil, question.id, "yes")
    rows = list(csv.DictReader(io.StringIO(to_answers_csv(answer_rows()))))
    assert rows[0]["student"] == "'=HYPERLINK(1)" and rows[0]["prompt"] == "'+1?"
    assert rows[0]["right"] == "True"


def test_progress_flags_a_failed_run_a_failed_page_and_silence(people: tuple) -> None:
    mina, jun, _teacher = people
    seen(mina)
    seen(jun)
    trouble(jun)
    runs = [
        {"owner": mina.id, "status": "finished", "created": "2026-12-06T09:00:00"},
        {"owner": mina.id, "status": "failed", "created": "2026-12-06T09:10:00"},
        {"owner": jun.id, "status": "failed", "created": "forged"},  # before his finished one
    ]
    found = {row["student"]: row for row in student_progress(runs)}
    assert found["Mina"]["stuck"] == [FAILED_RUN] and found["Mina"]["finished"] == 1
    assert found["Jun"]["stuck"] == [PAGE_ERROR]
    runs.append({"owner": mina.id, "status": "finished", "created": "2026-12-06T09:20:00"})
    later = {row["student"]: row for row in student_progress(runs, now=10**10)}
    assert later["Mina"]["stuck"] == [QUIET]
