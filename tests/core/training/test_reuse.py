"""001's model B on model A: A's layers but the output, frozen, start from A's weights."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import torch

from core.model.layers.dense import Dense
from core.model.specs import ModelSpec
from core.runs.run import TrainingRun
from core.training.reuse import reuse_spec
from tests.core.short_runs import SMALL, SPEC, finished

pytestmark = pytest.mark.usefixtures("engine_home")


def test_model_b_keeps_a_frozen_and_adds_a_new_output() -> None:
    binary = reuse_spec(SPEC, units=1)
    assert binary.layers[:-1] == tuple(
        dataclasses.replace(layer, trainable=False) for layer in SPEC.layers[:-1]
    )
    assert binary.layers[-1] == Dense(units=1, activation="sigmoid")
    assert reuse_spec(SPEC, units=3, freeze=False).layers[-1].activation == "softmax"
    with pytest.raises(ValueError, match="Dense output layer"):
        reuse_spec(ModelSpec((1, 28, 28), ()), units=2)


def test_model_b_starts_from_model_as_weights_and_keeps_them(tmp_path: Path) -> None:
    model_a = finished(TrainingRun(SPEC, SMALL, root=tmp_path))
    a = torch.load(model_a.run_dir / "best.pt", weights_only=True)["state_dict"]
    spec_b = reuse_spec(SPEC, units=10)
    config = dataclasses.replace(SMALL, epochs=1, init_from=str(model_a.run_dir), seed=5)
    model_b = finished(TrainingRun(spec_b, config, root=tmp_path))
    assert model_b.status == "finished", model_b.error
    b = torch.load(model_b.run_dir / "best.pt", weights_only=True)["state_dict"]
    for key in ("conv2d.weight", "conv2d_1.weight", "dense.weight"):  # reused and frozen
        assert torch.equal(b[key], a[key]), key
    assert not torch.equal(b["dense_1.weight"], a["dense_1.weight"])  # the new output layer
