"""`python -m core` as a user runs it: a real subprocess."""

import json
import subprocess
import sys
from pathlib import Path

from core.model.presets import PRESETS, get_preset
from core.model.summary import summarize
from tests.conftest import ROOT


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "core", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_presets_one_per_line_name_first() -> None:
    result = run_cli("presets")
    assert result.returncode == 0
    assert [line.split("\t")[0] for line in result.stdout.splitlines()] == list(PRESETS)


def test_summary_table() -> None:
    result = run_cli("summary", "--preset", "mnist_1filter")
    assert result.returncode == 0, result.stderr
    assert "conv2d (Conv2D)" in result.stdout
    assert "(N, 1, 28, 28)" in result.stdout
    assert "Total params: 60,062" in result.stdout


def test_summary_json() -> None:
    result = run_cli("summary", "--preset", "cifar10_cnn", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    expected = summarize(get_preset("cifar10_cnn"))
    assert data["total_params"] == expected.total_params == 145_578
    assert data["trainable_params"] == 145_578
    assert data["flops"] == expected.flops
    assert data["layers"][0] == {
        "name": "conv2d",
        "type": "Conv2D",
        "output_shape": [32, 32, 32],
        "keras_output_shape": "(None, 32, 32, 32)",
        "params": 2432,
        "trainable": True,
        "flops": 2_457_600,  # 32*32 positions * 32 filters * 5*5*3
    }


def test_summary_of_a_saved_spec(tmp_path: Path) -> None:
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(get_preset("resnet18").to_json()))
    data = json.loads(run_cli("summary", "--spec", str(path), "--json").stdout)
    assert data["trainable_params"] == 11_689_512  # torchvision's ResNet-18
    assert data["total_params"] == 11_689_512 + 9_600  # + BatchNorm statistics, as Keras counts


def test_invalid_spec_exits_non_zero_with_the_page_message(tmp_path: Path) -> None:
    spec = {"input_shape": [1, 28, 28], "layers": [{"type": "flatten"}, {"type": "flatten"}]}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(spec))
    result = run_cli("summary", "--spec", str(path))
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "error: Layer 2 (Flatten): the input is already flat (784 values), so there is nothing "
        "to flatten: Flatten appears twice. Suggestion: remove this Flatten layer."
    )


def test_broken_json_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"input_shape": [1, 28')
    result = run_cli("summary", "--spec", str(path))
    assert result.returncode == 2 and "is not valid JSON" in result.stderr
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    result = run_cli("summary", "--spec", str(deep))
    assert result.returncode == 2 and "error:" in result.stderr and "Traceback" not in result.stderr
    result = run_cli("summary", "--spec", str(tmp_path / "nope.json"))
    assert result.returncode == 2 and "Cannot read" in result.stderr


def test_exercises_lists_one_per_line_id_first() -> None:
    result = run_cli("exercises")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    first = lines[0].split("\t")
    assert first[0] == "004-convolution" and first[1].startswith("004_") and len(first) == 4
    assert any(line.startswith("004-mnist-32-64\t004_") for line in lines)
