"""Evaluation on the real MNIST test split, checked against a direct torch computation."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

from core.data.datasets import load_dataset, targets
from core.model.presets import get_preset
from core.runs.run import TrainingRun
from core.training.config import TrainConfig
from core.training.data import eval_split
from core.training.evaluate import MAX_MISTAKES, dataset_image, evaluate_model, evaluate_run
from core.training.store import list_runs

pytestmark = pytest.mark.usefixtures("engine_home")


@pytest.fixture
def run_dir(tmp_path: Path) -> Path:
    run = TrainingRun(
        get_preset("mnist_fast"), TrainConfig(epochs=2, train_limit=500, lr=3e-3), root=tmp_path
    )
    run.start()
    run.join(120)
    assert run.status == "finished"
    return run.run_dir


def test_evaluate_run_scores_the_test_split(run_dir: Path) -> None:
    result = evaluate_run(run_dir, limit=2000)
    assert result.count == 2000 and result.split == "test"
    confusion = np.array(result.confusion)
    assert confusion.sum() == 2000 and result.accuracy == pytest.approx(np.trace(confusion) / 2000)
    labels = targets(load_dataset("mnist", "test"))[:2000]
    assert confusion.sum(1).tolist() == np.bincount(labels, minlength=10).tolist()
    for k, row in enumerate(result.per_class):
        assert row["support"] == confusion[k].sum()
        if confusion[:, k].sum():
            assert row["precision"] == pytest.approx(confusion[k, k] / confusion[:, k].sum())
        assert row["recall"] == pytest.approx(confusion[k, k] / confusion[k].sum())
    losses = [m["loss"] for m in result.mistakes]
    assert losses == sorted(losses, reverse=True)
    assert len(result.mistakes) == min(MAX_MISTAKES, 2000 - np.trace(confusion))
    worst = result.mistakes[0]
    assert result.classes[labels[worst["index"]]] == worst["true"] != worst["predicted"]
    assert dataset_image("mnist", "test", worst["index"]).size == (28, 28)
    saved = json.loads((run_dir / "evaluation.json").read_text())
    assert saved["accuracy"] == result.accuracy
    assert [i.test_acc for i in list_runs(run_dir.parent)] == [result.accuracy]


def test_evaluate_model_agrees_with_torch_directly(run_dir: Path) -> None:
    checkpoint = torch.load(run_dir / "best.pt", weights_only=True)
    from core.model.build import build_model
    from core.model.spec_io import spec_from_json

    spec = spec_from_json(checkpoint["spec"])
    model = build_model(spec)
    model.load_state_dict(checkpoint["state_dict"])
    data = eval_split("mnist", "test", spec, limit=500)
    result = evaluate_model(model, data, checkpoint["classes"])
    x = torch.stack([data[i][0] for i in range(500)])
    y = torch.tensor([data[i][1] for i in range(500)])
    with torch.no_grad():
        expected = (model(x).argmax(1) == y).float().mean().item()
    assert result.accuracy == pytest.approx(expected)
    # A plain Dataset goes through a DataLoader and gives the same numbers.
    plain = torch.utils.data.TensorDataset(x, y)
    assert evaluate_model(model, plain, checkpoint["classes"]).confusion == result.confusion
