"""The independent reference: every preset's exported Keras code, run under real Keras 3 (its
PyTorch backend), prints the same summary as the lab: each layer's name, type, Output Shape
and Param #, and the total, trainable and non-trainable counts. And every optimizer record's
Keras line (the one the Train page shows beside PyTorch's) builds, in Keras, the optimizer
with the same settings that the lab hands PyTorch."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys

import pytest

from core.model.export_keras import export_keras_code
from core.model.presets import get_preset
from core.model.summary import summarize
from core.training.config import TrainConfig
from core.training.methods import OPTIMIZER_KNOBS, OPTIMIZERS
from core.training.optimizers import optimizer_code, torch_arguments
from tests.core.big_presets import BIG_PRESETS, DEFAULT_MODELS, default_model

# Settings unlike every default, so that a line that drops one is caught.
ODD_SETTINGS = {"momentum": 0.7, "rho": 0.8, "beta_1": 0.85, "beta_2": 0.995}
ODD_SETTINGS |= {"initial_accumulator": 0.25}

# Runs in a child process: KERAS_BACKEND must be set before Keras is first imported.
KERAS_SUMMARY = """
import contextlib, io, json, sys
import keras

given = json.load(sys.stdin)
results = {}
for name, line in given.pop("optimizers", {}).items():  # the Keras line each record writes
    optimizer = eval(line, {"keras": keras})
    results["optimizer:" + name] = {**optimizer.get_config(), "class": type(optimizer).__name__}
for name, code in given.items():
    # Layer names count from conv2d again; without Python's garbage collection, which was
    # 5.5 of the child's 18 s (0.22 s for each of 25 models).
    keras.backend.clear_session(free_memory=False)
    namespace = {}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(code, name, "exec"), namespace)
    model = namespace["model"]
    count = lambda weights: sum(int(w.numpy().size) for w in weights)
    results[name] = {
        "rows": [
            [layer.name, type(layer).__name__, str(tuple(layer.output.shape)), layer.count_params()]
            for layer in model.layers
        ],
        "trainable": count(model.trainable_weights),
        "non_trainable": count(model.non_trainable_weights),
    }
json.dump(results, sys.stdout)
"""


def _summaries(codes: dict) -> dict:
    """Keras's own summary of each model (and optimizer) code, built in a child process."""
    if importlib.util.find_spec("keras") is None:  # not imported here: it needs its backend set
        pytest.skip("keras is a test-only dependency (requirements-dev.txt)")
    result = subprocess.run(
        [sys.executable, "-c", KERAS_SUMMARY],
        input=json.dumps(codes),
        capture_output=True,
        text=True,
        env={**os.environ, "KERAS_BACKEND": "torch"},
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def keras_summaries() -> dict:
    codes: dict = {name: export_keras_code(default_model(name)) for name in DEFAULT_MODELS}
    codes["optimizers"] = {
        name: optimizer_code(TrainConfig(optimizer=name, lr=0.003, **ODD_SETTINGS))[0]
        for name in OPTIMIZERS
    }
    return _summaries(codes)


def _same_summary(keras: dict, name: str) -> None:
    summary = summarize(default_model(name))
    ours = [[r.name, r.keras_type, r.keras_shape_text, r.params] for r in summary.rows]
    assert keras["rows"] == ours
    assert keras["trainable"] == summary.trainable_params
    assert keras["non_trainable"] == summary.non_trainable_params
    assert keras["trainable"] + keras["non_trainable"] == summary.total_params


@pytest.mark.parametrize("name", DEFAULT_MODELS)
def test_keras_prints_the_labs_summary(keras_summaries: dict, name: str) -> None:
    _same_summary(keras_summaries[name], name)


@pytest.mark.slow
def test_keras_prints_the_big_presets_summaries() -> None:
    keras = _summaries({name: export_keras_code(get_preset(name)) for name in BIG_PRESETS})
    for name in BIG_PRESETS:
        _same_summary(keras[name], name)


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_keras_builds_each_optimizer_with_the_settings_pytorch_gets(
    keras_summaries: dict, name: str
) -> None:
    keras = keras_summaries["optimizer:" + name]
    config = TrainConfig(optimizer=name, lr=0.003, **ODD_SETTINGS)
    torch_args = torch_arguments(config)
    assert keras["class"].lower() == OPTIMIZERS[name].torch_class.lower()  # NAdam is Nadam
    assert keras["learning_rate"] == pytest.approx(torch_args["lr"])
    for knob in OPTIMIZERS[name].knobs:
        wanted = getattr(config, knob)
        assert keras[OPTIMIZER_KNOBS[knob].keras_name] == pytest.approx(wanted)
        torch_value = torch_args[OPTIMIZER_KNOBS[knob].torch_name]
        assert wanted in (torch_value if isinstance(torch_value, tuple) else (torch_value,))
    assert keras.get("nesterov", False) is OPTIMIZERS[name].fixed.get("nesterov", False)
