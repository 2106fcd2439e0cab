"""`python -m core train` and `evaluate` as a user runs them: real subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.cli.main import main
from tests.conftest import ROOT


@pytest.fixture
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    home = tmp_path_factory.getbasetemp() / "engine-home"
    home.mkdir(exist_ok=True)
    return {**os.environ, "CNNLAB_HOME": str(home)}


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "core", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_train_then_evaluate(env: dict[str, str], tmp_path: Path) -> None:
    result = cli(env, "train", "--limit", "300", "--epochs", "2", "--out", str(tmp_path), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout.splitlines()[-1])
    assert set(data) == {
        "test_accuracy",
        "val_accuracy",
        "train_accuracy",
        "epochs",
        "seconds",
        "device",
        "run_dir",
    }
    assert data["epochs"] == 2 and 0.1 < data["test_accuracy"] <= 1
    assert data["device"].startswith("cpu (")  # no GPU here: auto falls back to the CPU
    assert Path(data["run_dir"]).parent == tmp_path
    assert "Iter: 2 >> T_loss" in result.stderr  # the progress callback's lines
    config = json.loads((Path(data["run_dir"]) / "config.json").read_text())
    assert (config["preset"], config["schedule"], config["train_limit"]) == (
        "mnist_fast",
        "onecycle",
        300,
    )

    evaluation = cli(env, "evaluate", data["run_dir"], "--json", "--limit", "1000")
    assert evaluation.returncode == 0, evaluation.stderr
    scores = json.loads(evaluation.stdout.splitlines()[-1])
    assert scores["count"] == 1000 and len(scores["confusion"]) == 10


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--dataset", "no-such-set"], "error: The dataset 'no-such-set' is not available"),
        (["--preset", "nope"], "error: Unknown preset 'nope'"),
        (["--optimizer", "lbfgs"], "error: optimizer must be one of"),
        (
            ["--optimizer", "sgd", "--lr", "1e4", "--schedule", "constant"],
            "learning rate 10000 is probably too high; try 0.001",
        ),
        (["--preset", "cifar10_cnn"], "expects 3x32x32 images but mnist has 1x28x28"),
        (["--augment", "missing.json"], "error: [Errno 2] No such file or directory"),
    ],
)
def test_errors_exit_non_zero_with_one_line(
    env: dict[str, str],
    tmp_path: Path,
    args: list[str],
    message: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # In-process (same entry point as the subprocess above) to keep the suite fast.
    monkeypatch.setenv("CNNLAB_HOME", env["CNNLAB_HOME"])
    code = main(["train", "--limit", "300", "--epochs", "1", "--out", str(tmp_path), *args])
    assert code != 0
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert last.startswith("error: ") and message in last, last


def test_evaluate_prints_a_table(
    env: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("CNNLAB_HOME", env["CNNLAB_HOME"])
    assert main(["train", "--limit", "200", "--epochs", "1", "--out", str(tmp_path)]) == 0
    [run_dir] = tmp_path.iterdir()
    capsys.readouterr()
    assert main(["evaluate", str(run_dir), "--limit", "500"]) == 0
    table = capsys.readouterr().out
    assert table.startswith("accuracy ") and " on 500 test images" in table
    assert "precision" in table and "9 - nine" in table


def test_evaluate_a_folder_without_checkpoint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["evaluate", str(tmp_path)]) == 1
    assert capsys.readouterr().err.startswith("error: The run ")


def _pets(units: int, input_shape: list[int], folder: Path) -> tuple[str, Path]:
    """A two-class photo set without a validation share (in folder/home, the lab home the
    test's CLI call uses), and a spec file for it."""
    os.environ["CNNLAB_HOME"] = str(folder / "home")  # restored by the monkeypatch below
    from core.data.importers import import_zip
    from core.model.presets import get_preset
    from tests.core.zips import make_zip

    info = import_zip(make_zip({"cats": 12, "dogs": 12}), "pets", val_fraction=0.0)
    spec = get_preset("mnist_fast").to_json()
    spec["input_shape"] = input_shape
    spec["layers"][-1]["params"]["units"] = units
    path = folder / "spec.json"
    path.write_text(json.dumps(spec))
    return info.name, path


def test_custom_photos_are_fitted_to_the_model_and_said_so(
    env: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("CNNLAB_HOME", env["CNNLAB_HOME"])
    name, spec = _pets(2, [1, 28, 28], tmp_path)  # grey 28x28 model, colour photos
    args = ["train", "--spec", str(spec), "--dataset", name, "--epochs", "1", "--json"]
    # In-process, as the error cases above: test_train_then_evaluate is the real subprocess.
    assert main([*args, "--out", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert "are resized to the model's input 1x28x28" in err
    assert "has no test images" in err  # imported with no validation share
    assert json.loads(out.splitlines()[-1])["test_accuracy"] is None
    assert "Traceback" not in err


def test_outputs_that_do_not_fit_the_classes_stop_before_training(
    env: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("CNNLAB_HOME", env["CNNLAB_HOME"])
    name, spec = _pets(10, [3, 20, 24], tmp_path)
    args = ["train", "--spec", str(spec), "--dataset", name, "--epochs", "1"]
    assert main([*args, "--out", str(tmp_path)]) == 1
    assert capsys.readouterr().err.strip().splitlines() == [
        "error: The model ends with 10 outputs, but the data set has 2 classes. Suggestion: "
        "make the last layer Dense(2, activation='softmax') (or Dense(1, "
        "activation='sigmoid') for two classes)."
    ]
    assert not list(tmp_path.glob("*/metrics.jsonl"))  # no run was started


def test_a_preset_with_a_fast_recipe_trains_with_it_unless_flags_say_otherwise() -> None:
    from core.cli.main import build_parser
    from core.cli.train import _config

    def config(*flags: str):
        return _config(build_parser().parse_args(["train", *flags]))

    c = config("--preset", "mnist_32_64")
    assert (c.epochs, c.batch_size, c.optimizer, c.lr, c.schedule, c.train_limit) == (
        2,
        128,
        "adam",
        4e-3,
        "onecycle",
        None,
    )
    assert config("--preset", "mnist_32_64", "--epochs", "4").epochs == 4
    assert config("--preset", "cifar10_cnn", "--dataset", "cifar10").schedule == "constant"
    assert config().epochs == 5 and config().preset == "mnist_fast"  # the default model
    cifar = config("--preset", "cifar10_cpu")  # its recipe's dataset, TTA and memory layout
    assert (cifar.dataset, cifar.tta, cifar.channels_last, cifar.label_smoothing) == (
        "cifar10",
        True,
        True,
        0.2,
    )
