"""`python -m core lessons` lists the plans; `python -m core lessons ID` prints one as a
handout, in English or Korean, with each question's answer."""

from __future__ import annotations

import subprocess
import sys

from core.i18n import using_language
from core.lessons.handout import handout, lesson, listing
from core.lessons.plans import LESSONS
from tests.conftest import ROOT


def test_the_listing_has_one_line_per_lesson_with_its_steps_and_minutes() -> None:
    lines = listing()
    assert [line.split("\t")[0] for line in lines] == list(LESSONS)
    assert lines[-1].split("\t")[3:] == ["6 steps", "58 minutes"]


def test_a_handout_has_every_step_question_and_answer_in_both_languages() -> None:
    text = handout(lesson("004"))
    assert text.count("\n## ") == 6 and "Answer: 3,137,000" in text
    assert "Total params: 60,062 (004:225)" in text
    with using_language("ko"):
        korean = handout(lesson("004"))
    assert "정답: 3,137,000" in korean and "Answer" not in korean


def test_the_cli_prints_a_plan_and_names_the_lessons_for_an_unknown_one() -> None:
    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "core", "lessons", *args, "--lang", "en"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )

    assert run().stdout.splitlines()[0].startswith("000\t000_7a63fc8c84f9b367.txt\t")
    printed = run("003")
    assert printed.returncode == 0 and printed.stdout.startswith("# 003 · ")
    unknown = run("../../etc/passwd")
    assert unknown.returncode == 2 and "000, 001, 002, 003, 004" in unknown.stderr
