"""The run history table: every row told apart, no "None" where a figure is missing."""

from __future__ import annotations

from pathlib import Path

from core.training.store import RunInfo
from dashboard.cells import NOT_YET
from dashboard.runs.panels import labels, runs_frame, settings_frame


def _run(name: str, created: str, test_acc: float | None = None) -> RunInfo:
    return RunInfo(
        run_dir=Path("/runs") / created,
        name=name,
        created=created,
        status="finished",
        dataset="mnist",
        preset="mnist_fast",
        epochs_done=3,
        best_val_acc=0.9812,
        test_acc=test_acc,
        config={"lr": 0.001},
        test_verified=test_acc is not None,  # measured by this server
    )


def test_runs_that_share_a_name_are_told_apart_by_their_start() -> None:
    runs = [
        _run("mnist_fast on mnist", "2026-11-29T16:02:06"),
        _run("mnist_fast on mnist", "2026-11-29T16:05:41", 0.9772),
        _run("alone", "2026-11-29T16:07:00"),
        _run("mnist_fast on mnist", "2026-11-28T16:05:41"),  # same time, another day
    ]
    assert labels(runs) == [
        "mnist_fast on mnist · 16:02:06",
        "mnist_fast on mnist · 2026-11-29 16:05:41",
        "alone",
        "mnist_fast on mnist · 2026-11-28 16:05:41",
    ]
    frame = runs_frame(runs)
    assert frame["name"].is_unique
    assert list(frame["test acc"]) == [NOT_YET, "97.72%", NOT_YET, NOT_YET]
    assert "None" not in frame.to_string()
    assert settings_frame(runs[:2]).shape == (len(settings_frame(runs[:1])), 2)


def test_settings_are_named_in_words_and_a_missing_limit_reads_all() -> None:
    from core.i18n import using_language

    run = _run("a", "2026-11-29T16:02:06")
    run.config.update(batch_size=64, train_limit=None, early_stopping=None)
    frame = settings_frame([run])
    assert frame.loc["batch size"].iloc[0] == "64"
    assert frame.loc["training images"].iloc[0] == "all"
    assert "None" not in frame.to_string() and "batch_size" not in frame.index
    with using_language("ko"):
        assert "배치 크기" in settings_frame([run]).index


def test_a_cell_never_raises_whatever_a_run_file_held() -> None:
    from dashboard.cells import NOT_A_NUMBER, number, percent, unverified

    for value in ("hacked", float("nan"), float("inf"), [1], {"a": 1}, True):
        assert percent(value) == NOT_A_NUMBER and number(value) == NOT_A_NUMBER
    assert percent(None) == NOT_YET and number(0.5, "not a spec") == NOT_A_NUMBER
    assert unverified(percent(0.5), False) == "50.00% (not verified here)"
    assert unverified(NOT_YET, False) == NOT_YET


def test_a_forged_run_is_a_row_that_says_so() -> None:
    run = _run("forged", "2026-11-29T16:02:06")
    run.best_val_acc, run.restored, run.imported_test_acc = 0.5, True, 1.0
    run.problem = "metrics.jsonl: val_acc is 12.5, not an accuracy from 0 to 1."
    [row] = runs_frame([run]).to_dict("records")
    assert row["best val acc"] == row["test acc"].replace("100.00", "50.00")
    assert "not verified here" in row["test acc"] and "12.5" in row["problem"]


def test_a_knob_the_runs_optimizer_does_not_use_is_a_dash() -> None:
    """An Adam run has no momentum (Compare listed "momentum 0.9" for Adam runs)."""
    adam, momentum = _run("a", "2026-11-29T16:02:06"), _run("b", "2026-11-29T16:03:06")
    adam.config.update(optimizer="adam", momentum=0.9)
    momentum.config.update(optimizer="momentum", momentum=0.9, lr=0.01)
    frame = settings_frame([adam, momentum])
    assert list(frame.loc["momentum"]) == ["—", "0.9"]
