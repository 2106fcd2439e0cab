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


def test_model_b_unlocks_the_reused_layers_then_goes_on_at_a_tenth_of_the_rate(
    tmp_path: Path,
) -> None:
    """001:383-389: the reused layers locked for the first epochs, then unlocked and trained
    at a smaller rate ("재사용된 레이어를 잠금 해제한 후에는 학습률을 줄여서")."""
    from core.training.records import read_epochs

    model_a = finished(TrainingRun(SPEC, SMALL, root=tmp_path))
    a = torch.load(model_a.run_dir / "best.pt", weights_only=True)["state_dict"]
    config = dataclasses.replace(
        SMALL, epochs=2, init_from=str(model_a.run_dir), seed=5, unfreeze_after=1
    )
    model_b = finished(TrainingRun(reuse_spec(SPEC, units=10), config, root=tmp_path))
    assert model_b.status == "finished", model_b.error
    last = torch.load(model_b.run_dir / "last.pt", weights_only=True)["state_dict"]
    assert not torch.equal(last["conv2d.weight"], a["conv2d.weight"])  # unlocked: it learned
    first, second = read_epochs(model_b.run_dir)
    assert first["lr"] == pytest.approx(SMALL.lr) and second["lr"] == pytest.approx(SMALL.lr / 10)


def test_model_b_continued_past_the_unlocking_goes_on_unlocked(tmp_path: Path) -> None:
    """Continue restores the optimizer that held the unlocked layers' group: the layers are
    unlocked again before it is loaded, and the rate stays at a tenth."""
    from core.runs.run import continue_run
    from core.training.records import read_epochs

    model_a = finished(TrainingRun(SPEC, SMALL, root=tmp_path))
    config = dataclasses.replace(
        SMALL, epochs=2, init_from=str(model_a.run_dir), seed=5, unfreeze_after=1
    )
    model_b = finished(TrainingRun(reuse_spec(SPEC, units=10), config, root=tmp_path))
    before = torch.load(model_b.run_dir / "last.pt", weights_only=True)["state_dict"]
    more = continue_run(model_b.run_dir, 1)
    more.join(120)
    assert more.status == "finished", more.error
    after = torch.load(model_b.run_dir / "last.pt", weights_only=True)["state_dict"]
    assert not torch.equal(after["conv2d.weight"], before["conv2d.weight"])
    assert [e["lr"] for e in read_epochs(model_b.run_dir)][1:] == pytest.approx([SMALL.lr / 10] * 2)
