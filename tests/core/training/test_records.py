"""Every value read back from a run folder is checked in one place (core.training.records): a
forged or damaged value is dropped and named, the run is still listed, and a test accuracy
says how this server measured it."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import torch

from core.runs.run import TrainingRun
from core.training import records
from core.training.config import TrainConfig
from core.training.evaluate import evaluate_run
from core.training.store import list_runs, run_info
from tests.core.short_runs import SPEC, finished

pytestmark = pytest.mark.usefixtures("engine_home")


@pytest.fixture
def run_dir(tmp_path: Path) -> Path:
    run = finished(TrainingRun(SPEC, TrainConfig(epochs=1, train_limit=200), root=tmp_path))
    assert run.status == "finished", run.error
    return run.run_dir


GOOD_EPOCH = {"epoch": 1, "train_loss": 0.5, "train_acc": 0.8, "val_loss": 0.6, "val_acc": 0.75}


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("val_acc", "hacked"),
        ("val_acc", 12.5),
        ("val_acc", -0.1),
        ("val_acc", True),
        ("train_acc", [1]),
        ("val_loss", math.nan),
        ("train_loss", math.inf),
        ("train_loss", -1.0),
        ("lr", "fast"),
        ("seconds", {"a": 1}),
    ],
)
def test_a_bad_value_in_an_epoch_is_dropped_and_named(key: str, value: object) -> None:
    kept, problems = records.check_epochs([{**GOOD_EPOCH, key: value}])
    assert kept[0][key] is None and kept[0]["epoch"] == 1
    assert len(problems) == 1 and key in problems[0] and "metrics.jsonl" in problems[0]


@pytest.mark.parametrize("epoch", [-3, 0, 1.5, "1", None, True])
def test_an_epoch_record_without_a_whole_epoch_is_left_out(epoch: object) -> None:
    kept, problems = records.check_epochs([{**GOOD_EPOCH, "epoch": epoch}, "not a record"])
    assert kept == [] and len(problems) == 2


def test_an_evaluation_keeps_only_known_fields_that_pass() -> None:
    assert records.check_evaluation({"accuracy": "hacked"})[0] is None
    assert records.check_evaluation([1, 2])[0] is None
    kept, problems = records.check_evaluation({"accuracy": 0.5, "evil": 1, "count": -2})
    assert kept == {"accuracy": 0.5} and any("evil" in p for p in problems)
    partial = {"accuracy": 0.5, "measured": {"by": "server", "split": "test"}}
    assert "measured" not in records.check_evaluation(partial)[0]  # all of it, or nothing


def test_a_status_of_wrong_types_reads_failed_with_its_problems() -> None:
    kept, problems = records.check_status({"status": 5, "name": ["x"], "timings": "slow"})
    assert kept == {"status": "failed"} and len(problems) == 3
    assert records.check_status("text")[0] == {"status": "failed"}


def test_a_run_with_forged_files_is_listed_with_its_problem(run_dir: Path) -> None:
    real = run_info(run_dir)
    (run_dir / "evaluation.json").write_text(json.dumps({"accuracy": "hacked"}))
    with (run_dir / "metrics.jsonl").open("a") as out:
        out.write(json.dumps({**GOOD_EPOCH, "epoch": 2, "val_acc": 12.5}) + "\n")
        out.write('{"epoch": -1, "val_acc": 1.0}\n[1, 2]\n')
    info = run_info(run_dir)
    assert info.test_acc is None and info.best_val_acc == real.best_val_acc <= 1
    assert info.epochs_done == 2  # the forged epoch's other values are still its curve
    assert "hacked" in info.problem and "12.5" in info.problem and "more" in info.problem
    assert [i.run_dir for i in list_runs(run_dir.parent)] == [run_dir]  # listed: deletable


@pytest.mark.parametrize(
    ("file", "content"),
    [
        ("config.json", '{"dataset": 7, "epochs": -4}'),
        ("config.json", "[not json"),
        ("status.json", '{"status": "running", "name": 12, "created": 3}'),
        ("evaluation.json", '{"accuracy": 1e999}'),
    ],
)
def test_a_malformed_file_leaves_the_run_listed(run_dir: Path, file: str, content: str) -> None:
    (run_dir / file).write_text(content)
    [info] = list_runs(run_dir.parent)
    assert info.problem and file in info.problem
    assert isinstance(info.name, str) and isinstance(info.created, str)
    assert isinstance(info.dataset, str) and info.test_acc is None


def test_the_server_says_how_it_measured_and_other_weights_are_not_verified(
    run_dir: Path,
) -> None:
    result = evaluate_run(run_dir, limit=200)
    info = run_info(run_dir)
    assert info.test_acc == result.accuracy and info.test_verified and info.problem is None
    measured = info.measured
    assert measured["by"] == "server" and measured["split"] == "test"
    assert measured["dataset"] == "mnist" and measured["limit"] == 200
    assert measured["count"] == 200 and measured["weights"] == "best.pt"
    assert measured["sha256"] == records.fingerprint(run_dir / "best.pt")
    checkpoint = torch.load(run_dir / "best.pt", weights_only=True)
    name = next(iter(checkpoint["state_dict"]))
    checkpoint["state_dict"][name] = checkpoint["state_dict"][name] + 1  # other weights
    torch.save(checkpoint, run_dir / "best.pt")
    stale = run_info(run_dir)
    assert stale.test_acc == result.accuracy and not stale.test_verified
