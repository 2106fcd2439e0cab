"""The class's results: one row per run with its owner, for the teacher's board and its CSV
export."""

from __future__ import annotations

import csv
import io
from typing import Any

from core.i18n import _
from core.identity.ownership import owners
from core.identity.people import names

COLUMNS = (
    "student", "run", "model", "dataset", "optimizer", "lr", "batch_size", "epochs",
    "epochs_done", "best_val_acc", "test_acc", "status", "created", "folder", "problem",
)  # fmt: skip


def run_note(run: Any) -> str:
    """What the class should know about a run's numbers: what is wrong with its files, and
    whether they came from elsewhere (a restored bundle) or were not measured here."""
    notes = [run.problem] if run.problem else []
    if run.restored:
        notes.append(_("Restored from a .cnnlab file: its curves are not verified here."))
    if run.test_acc is not None and not run.test_verified:
        notes.append(_("Its test accuracy was not measured here on these weights."))
    return " ".join(notes)


def class_rows(runs: list[Any]) -> list[dict[str, Any]]:
    """Every run (core.training.store.RunInfo) with its owner's name ("" for runs made
    outside the class); only the numbers this server made, and a `problem` note."""
    owner_of, name_of = owners("run"), names()
    rows = []
    for run in runs:
        config = run.config
        rows.append(
            {
                "student": name_of.get(owner_of.get(run.run_dir.name, ""), ""),
                "owner": owner_of.get(run.run_dir.name, ""),  # the person's id
                "run": run.name,
                "model": run.preset or "",
                "dataset": run.dataset,
                "optimizer": config.get("optimizer", ""),
                "lr": config.get("lr", ""),
                "batch_size": config.get("batch_size", ""),
                "epochs": config.get("epochs", ""),
                "epochs_done": run.epochs_done,
                "best_val_acc": run.best_val_acc,  # a restored run's: see `restored`
                "test_acc": run.test_acc if run.test_verified else None,  # measured here only
                "restored": run.restored,
                "status": run.status,
                "created": run.created,
                "folder": run.run_dir.name,
                "problem": run_note(run),
                "damaged": bool(run.problem),  # its files hold malformed values
            }
        )
    return rows


def _cell(value: Any) -> Any:
    """A spreadsheet cell: a text that starts like a formula (a student named "=HYPERLINK(…")
    is kept as text, so opening the file runs nothing."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_csv(rows: list[dict[str, Any]]) -> str:
    """The rows as CSV (UTF-8 text; Korean names stay readable in a spreadsheet)."""
    return write_csv(rows, COLUMNS)


# The class's answers to the teacher's questions (core.classroom.questions.answer_rows).
ANSWER_COLUMNS = ("student", "question", "prompt", "answer", "right", "at")


def write_csv(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> str:
    """Rows as CSV with these columns; every cell safe to open in a spreadsheet."""
    stream = io.StringIO()
    writer = csv.DictWriter(stream, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(value) for key, value in row.items()})
    return stream.getvalue()
