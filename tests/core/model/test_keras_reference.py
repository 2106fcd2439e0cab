"""The independent reference: every preset's exported Keras code, run under real Keras 3 (its
PyTorch backend), prints the same summary as the lab: each layer's name, type, Output Shape
and Param #, and the total, trainable and non-trainable counts."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys

import pytest

from core.model.export_keras import export_keras_code
from core.model.presets import PRESETS, get_preset
from core.model.summary import summarize

# Runs in a child process: KERAS_BACKEND must be set before Keras is first imported.
KERAS_SUMMARY = """
import contextlib, io, json, sys
import keras

results = {}
for name, code in json.load(sys.stdin).items():
    keras.backend.clear_session()  # layer names count from conv2d again
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


@pytest.fixture(scope="module")
def keras_summaries() -> dict:
    if importlib.util.find_spec("keras") is None:  # not imported here: it needs its backend set
        pytest.skip("keras is a test-only dependency (requirements-dev.txt)")
    codes = {name: export_keras_code(get_preset(name)) for name in PRESETS}
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


@pytest.mark.parametrize("name", list(PRESETS))
def test_keras_prints_the_labs_summary(keras_summaries: dict, name: str) -> None:
    summary = summarize(get_preset(name))
    keras = keras_summaries[name]
    ours = [[r.name, r.keras_type, r.keras_shape_text, r.params] for r in summary.rows]
    assert keras["rows"] == ours
    assert keras["trainable"] == summary.trainable_params
    assert keras["non_trainable"] == summary.non_trainable_params
    assert keras["trainable"] + keras["non_trainable"] == summary.total_params
