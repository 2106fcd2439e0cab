"""The class's results as CSV: every run with its owner's name; a name that looks like a
spreadsheet formula stays text."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from core.classroom.report import COLUMNS, class_rows, to_csv
from core.identity.people import join
from core.model.presets import get_preset
from core.runs.run import TrainingRun
from core.training.config import TrainConfig
from core.training.store import list_runs


def test_each_run_has_its_students_name_and_settings(classroom: Path) -> None:
    mina, _ = join("민아", "KQ7M2P")
    hacker, _ = join("=HYPERLINK(1)", "KQ7M2P")
    for owner in (mina, hacker):
        config = TrainConfig(dataset="mnist", preset="mnist_fast", epochs=3, lr=0.002)
        TrainingRun(get_preset("mnist_fast"), config, name="run", owner=owner)
    rows = class_rows(list_runs())
    assert {row["student"] for row in rows} == {"민아", "=HYPERLINK(1)"}
    assert all(row["lr"] == 0.002 and row["epochs"] == 3 for row in rows)
    table = list(csv.DictReader(io.StringIO(to_csv(rows))))
    assert list(table[0]) == list(COLUMNS)
    assert {row["student"] for row in table} == {"민아", "'=HYPERLINK(1)"}


def test_a_forged_run_is_a_row_that_says_what_is_wrong(classroom: Path) -> None:
    mina, _ = join("민아", "KQ7M2P")
    config = TrainConfig(dataset="mnist", preset="mnist_fast", epochs=3)
    run = TrainingRun(get_preset("mnist_fast"), config, name="forged", owner=mina)
    (run.run_dir / "evaluation.json").write_text('{"accuracy": "hacked"}')
    (run.run_dir / "metrics.jsonl").write_text('{"epoch": 1, "val_acc": 12.5}\n')
    [row] = list(csv.DictReader(io.StringIO(to_csv(class_rows(list_runs())))))
    assert row["student"] == "민아" and row["test_acc"] == "" and row["best_val_acc"] == ""
    assert "hacked" in row["problem"] and "12.5" in row["problem"]
