"""The teacher's board: every student's runs, live, with a Stop for any of them and the
class's results as CSV."""

from __future__ import annotations

import time
from collections.abc import Callable

import streamlit as st

from core.classroom.progress import student_progress
from core.classroom.report import class_rows, to_csv
from core.i18n import _
from core.identity.people import NotAllowed, students
from core.paths import runs_dir
from core.runs.run import stop_run
from core.training.store import LIVE_RUNS, LIVE_STATUSES, delete_run, list_runs
from dashboard.cells import number, percent, unverified
from dashboard.classroom.assignment_panel import render_assignment
from dashboard.classroom.gallery_panel import render_gallery
from dashboard.classroom.progress_panel import answers_download, render_progress, render_stuck
from dashboard.classroom.students_panel import render_students
from dashboard.identity import actor
from dashboard.join_card import join_card
from dashboard.plain import plain
from dashboard.run_status import status_label

# (text, when) of the teacher's last stop or delete that failed: shown for MESSAGE_SECONDS,
# in a slot that is on the board at every run. Popped when first shown, it was gone at the
# board's next refresh, two seconds later, before anyone at the projector could read it.
MESSAGE = "board.message"
MESSAGE_SECONDS = 20.0


def _refused(error: Exception) -> None:
    st.session_state[MESSAGE] = (str(error), time.time())


def _stop(folder: str) -> None:
    st.session_state.pop(MESSAGE, None)
    run = next((r for r in LIVE_RUNS.values() if r.run_dir.name == folder), None)
    if run is None:
        return
    try:
        stop_run(run, actor())
    except NotAllowed as error:
        _refused(error)


# Who, which run, how far and how good come first, at these widths (pixels), the student
# pinned: on a 1280-pixel projector they are in view without a sideways scroll.
KEY_COLUMNS = {"student": 110, "run": 170, "status": 90, "epoch": 60, "accuracy": 130}


@st.fragment(run_every=2)
def _board() -> None:
    rows = class_rows(list_runs(actor=actor()))
    live = [row for row in rows if row["status"] in LIVE_STATUSES]
    c = st.columns(3)
    c[0].metric(_("Students joined"), len(students()))  # removed ones not counted
    c[1].metric(_("Runs"), len(rows))
    c[2].metric(_("Training now"), len(live))
    slot = st.empty()
    now = time.time()
    said = st.session_state.get(MESSAGE)
    if said is not None and now - said[1] < MESSAGE_SECONDS:
        slot.error(plain(said[0]))
    students_now = student_progress(rows, now)
    render_stuck(students_now)
    if not rows:
        st.info(_("No runs yet: the students' runs appear here as soon as they start."))
        render_progress(students_now, now)
        return
    st.dataframe(
        [
            {
                "student": row["student"] or "—",
                "run": row["run"],
                "status": status_label(row["status"]),
                "epoch": f"{row['epochs_done']}/{row['epochs']}",
                # Text cells (cells.py): a forged value shows as a marker, never raises.
                "accuracy": unverified(percent(row["best_val_acc"]), not row["restored"]),
                "model": row["model"],
                "dataset": row["dataset"],
                "optimizer": row["optimizer"],
                "lr": number(row["lr"], "g"),
                "problem": row["problem"],
            }
            for row in rows
        ],
        hide_index=True,
        column_config={
            "student": st.column_config.TextColumn(
                _("Student"), width=KEY_COLUMNS["student"], pinned=True
            ),
            "run": st.column_config.TextColumn(_("Run"), width=KEY_COLUMNS["run"]),
            "status": st.column_config.TextColumn(_("Status"), width=KEY_COLUMNS["status"]),
            "epoch": st.column_config.TextColumn(_("Epoch"), width=KEY_COLUMNS["epoch"]),
            "accuracy": st.column_config.TextColumn(
                _("Validation accuracy"), width=KEY_COLUMNS["accuracy"]
            ),
            "model": _("Model"),
            "dataset": _("Dataset"),
            "optimizer": _("Optimizer"),
            "lr": _("Learning rate"),
            "problem": _("Problem"),
        },
    )
    render_progress(students_now, now)
    for row in live:
        _row_button(row, _("Stop {student}'s {run}"), "stop", _stop)
    for row in rows:  # malformed files: the teacher clears the run from here
        if row["damaged"] and row["status"] not in LIVE_STATUSES:
            _row_button(row, _("Delete {student}'s damaged run {run}"), "delete", _delete)


def _row_button(row: dict, label: str, action: str, on_click: Callable[[str], None]) -> None:
    """A button on one student's run; `label` names them as typed (never as Markdown)."""
    st.button(
        label.format(student=plain(row["student"] or "—"), run=plain(row["run"])),
        key=f"board.{action}.{row['folder']}",
        on_click=on_click,
        args=(row["folder"],),
    )


def _delete(folder: str) -> None:
    st.session_state.pop(MESSAGE, None)
    try:
        delete_run(runs_dir() / folder, actor())
    except (OSError, ValueError) as error:
        _refused(error)


def render() -> None:
    st.title(_("Class board"))
    if not actor().is_teacher:
        st.error(_("This page is the teacher's."))
        return
    st.markdown(
        _(
            "Every student's runs, refreshed every two seconds: the model, its settings, the "
            "epoch and the best validation accuracy. Stop any run; download the results."
        )
    )
    join_card(folded_once_joined=True)
    _board()
    render_gallery()
    render_students()
    render_assignment()
    st.download_button(
        _("Download the class's results (CSV)"),
        to_csv(class_rows(list_runs(actor=actor()))),
        file_name="class_results.csv",
        mime="text/csv",
        key="board.csv",
        on_click="ignore",  # a download needs no rerun
    )
    answers_download()
