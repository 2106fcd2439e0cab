"""The board's progress table: per student, the lesson step reached, questions answered,
runs finished and failed, last seen, and "may be stuck" with why, flagged first."""

from __future__ import annotations

from typing import Any

import streamlit as st

from core.classroom.progress import QUIET, QUIET_MINUTES
from core.classroom.questions import answer_rows, to_answers_csv
from core.i18n import _, ngettext
from core.lessons.plans import LESSONS
from dashboard.plain import plain


def _step(row: dict[str, Any]) -> str:
    lesson = LESSONS.get(row["lesson"] or "")
    if lesson is None or row["step"] is None or not 0 <= row["step"] < len(lesson.steps):
        return "—"
    return f"{lesson.id} · {row['step'] + 1}. {_(lesson.steps[row['step']].title)}"


def _ago(seen: float | None, now: float) -> str:
    if seen is None:
        return "—"
    minutes = int((now - seen) // 60)
    if minutes < 1:
        return _("just now")
    return ngettext("{n} minute ago", "{n} minutes ago", minutes).format(n=minutes)


def _why(reasons: list[str]) -> str:
    return "; ".join(
        _(reason).format(minutes=QUIET_MINUTES) if reason == QUIET else _(reason)
        for reason in reasons
    )


def render_stuck(students: list[dict[str, Any]]) -> None:
    """At the top of the board: who may be stuck, and why."""
    stuck = [row for row in students if row["stuck"]]
    if stuck:
        st.warning(
            _("May be stuck: {names}").format(
                names=", ".join(f"{plain(row['student'])} ({_why(row['stuck'])})" for row in stuck)
            ),
            icon=":material/front_hand:",
        )


def render_progress(students: list[dict[str, Any]], now: float) -> None:
    """Under the board's runs: each student's step, answers, runs and last sign of life."""
    if not students:
        return
    st.subheader(_("Progress"))
    st.dataframe(
        [
            {
                "student": row["student"],
                "stuck": "⚠ " + _why(row["stuck"]) if row["stuck"] else "",
                "step": _step(row),
                "answered": row["answered"],
                "finished": row["finished"],
                "failed": row["failed"],
                "seen": _ago(row["seen"], now),
            }
            for row in sorted(students, key=lambda row: not row["stuck"])
        ],
        hide_index=True,
        column_config={
            "student": st.column_config.TextColumn(_("Student"), pinned=True),
            "stuck": _("May be stuck"),
            "step": _("Lesson step"),
            "answered": _("Questions answered"),
            "finished": _("Runs finished"),
            "failed": _("Runs failed"),
            "seen": _("Last seen"),
        },
        key="board.progress",
    )


def answers_download() -> None:
    st.download_button(
        _("Download the class's answers (CSV)"),
        to_answers_csv(answer_rows()),
        file_name="class_answers.csv",
        mime="text/csv",
        key="board.answers_csv",
        on_click="ignore",  # a download needs no rerun
    )
