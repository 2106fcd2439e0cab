"""A run whose files hold forged or malformed values ("hacked", 12.5, a broken config) takes
no page down: the Runs page and the class board list it with what is wrong, the rest of the
page works, and it can be deleted from there."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.runs.run import TrainingRun
from tests.core.short_runs import SMALL, SPEC, finished
from tests.dashboard.apptest import APP, open_page, page_file


def _forge(run_dir: Path) -> None:
    """What a student could have left in a run folder (a bundle restored before the lab
    checked them, a file edited by hand)."""
    (run_dir / "evaluation.json").write_text(json.dumps({"accuracy": "hacked"}))
    with (run_dir / "metrics.jsonl").open("a") as out:
        out.write(json.dumps({"epoch": 2, "val_acc": 12.5, "val_loss": "NaN"}) + "\n")


def _frame_rows(at: AppTest, index: int = 0) -> list[dict]:
    return at.dataframe[index].value.to_dict("records")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path))
    return tmp_path


def test_the_runs_page_lists_a_forged_run_with_its_problem_and_deletes_it(home: Path) -> None:
    good = finished(TrainingRun(SPEC, replace(SMALL, epochs=1), name="honest"))
    forged = finished(TrainingRun(SPEC, replace(SMALL, epochs=1), name="forged"))
    _forge(forged.run_dir)
    at = open_page("runs")
    assert not at.exception, at.exception
    rows = {row["name"]: row for row in _frame_rows(at)}
    assert "hacked" in rows["forged"]["problem"] and "12.5" in rows["forged"]["problem"]
    assert rows["forged"]["test acc"] == "—" and "1,250" not in str(rows)
    assert rows["honest"]["problem"] == "" and rows["honest"]["best val acc"].endswith("%")
    row = list(rows).index("forged")
    at.session_state["runs.selected"] = {"selection": {"rows": [row], "columns": []}}
    at.run()
    assert not at.exception, at.exception
    assert any("hacked" in w.value for w in at.warning)
    at.button(key=f"runs_delete_{forged.run_dir.name}").click().run()
    assert not at.exception, at.exception
    assert not forged.run_dir.exists() and good.run_dir.exists()


def _teacher() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.text_input(key="join.password").input("correct horse")
    at.button[1].click().run()  # the teacher form's Sign in
    return at.switch_page(page_file("class")).run()


def test_the_board_and_leaderboard_work_with_a_forged_run(classroom: Path) -> None:
    from core.classroom.assignments import push
    from core.identity.people import join, teacher_login

    teacher, _ = teacher_login("correct horse")
    push(teacher, "MNIST", {"dataset": "mnist", "preset": "mnist_fast"})
    mina, _ = join("Mina", "KQ7M2P")
    honest = finished(TrainingRun(SPEC, replace(SMALL, epochs=1), name="honest", owner=mina))
    forged = finished(TrainingRun(SPEC, replace(SMALL, epochs=1), name="forged", owner=mina))
    _forge(forged.run_dir)
    at = _teacher()
    assert not at.exception, at.exception
    assert at.title[0].value == "Class board"
    board = {row["run"]: row for row in _frame_rows(at)}
    assert "hacked" in board["forged"]["problem"] and board["honest"]["problem"] == ""
    assert "1,250" not in str(board) and board["forged"]["accuracy"].endswith("%")
    [leaders] = [f.value for f in at.dataframe if "Rank" in f.value.columns]
    ranking = {row["Run"]: row for row in leaders.to_dict("records")}
    # Both measured here on the whole test split: the forged claim is not what ranks.
    assert sorted(row["Rank"] for row in ranking.values()) == ["1", "2"]
    assert all("test split, 10,000 images" in row["Measured"] for row in ranking.values())
    assert any(
        b.label.startswith("Download the class's results") for b in at.get("download_button")
    )
    at.button(key=f"board.delete.{forged.run_dir.name}").click().run()
    assert not at.exception, at.exception
    assert not forged.run_dir.exists() and honest.run_dir.exists()
