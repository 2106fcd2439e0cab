"""A model that answers with a value (003:292) through the whole lab: the loop's loss is the
mean squared error towards the class number, evaluation rounds the value to a class, and
the ONNX file gives the value itself; each checked against a direct torch computation."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from torch.nn import functional

from core.model.presets import get_preset
from core.runs.run import TrainingRun
from core.training.config import TrainConfig
from core.training.data import eval_split
from core.training.evaluate import evaluate_model
from core.training.loop import fit
from core.training.trained import load_trained
from tests.core.short_runs import finished

pytestmark = pytest.mark.usefixtures("engine_home")
SPEC = get_preset("mnist_value")


def test_the_loop_trains_a_value_with_mse_and_counts_rounded_values_right() -> None:
    trainer = fit(SPEC, TrainConfig(epochs=1, train_limit=400, batch_size=32, lr=3e-3), [])
    assert trainer.value
    model = trainer.model.eval()
    x, y = map(torch.cat, zip(*trainer.data.val_batches(), strict=True))
    with torch.no_grad():
        value = model(x)[:, 0]
    loss, accuracy = trainer.validate()
    assert loss == pytest.approx(functional.mse_loss(value, y.float()).item(), rel=1e-5)
    nearest = value.round().clamp(0, 9).long()  # as evaluation counts it
    assert accuracy == pytest.approx((nearest == y).float().mean().item())
    assert trainer.history[-1]["val_loss"] == pytest.approx(loss, rel=1e-5)


def test_a_value_run_evaluates_by_the_nearest_class_and_exports_its_value(tmp_path: Path) -> None:
    run = finished(TrainingRun(SPEC, TrainConfig(epochs=1, train_limit=300), name="value"))
    assert run.status == "finished"
    trained = load_trained(run.run_dir)
    data = eval_split("mnist", "test", trained.spec, limit=300)
    result = evaluate_model(trained.model, data, trained.classes)
    x = torch.stack([data[i][0] for i in range(300)])
    y = torch.tensor([data[i][1] for i in range(300)])
    with torch.no_grad():
        value = trained.model(x)[:, 0]
    nearest = value.round().clamp(0, 9).long()
    confusion = np.zeros((10, 10), dtype=int)
    np.add.at(confusion, (y.numpy(), nearest.numpy()), 1)
    assert result.confusion == confusion.tolist()
    assert result.accuracy == pytest.approx((nearest == y).float().mean().item())
    worst = result.mistakes[0]  # the largest squared error, with the value it answered
    i = int(((value - y.float()) ** 2).argmax())
    assert worst["index"] == int(data.indices[i]) and "confidence" not in worst
    assert worst["value"] == pytest.approx(float(value[i]), abs=1e-5)
    assert worst["loss"] == pytest.approx(float((value[i] - y[i]) ** 2), rel=1e-4)

    ort = pytest.importorskip("onnxruntime")
    from core.portable.onnx_export import export_onnx, read_metadata

    out = export_onnx(run.run_dir, tmp_path / "value.onnx")
    session = ort.InferenceSession(str(out), providers=["CPUExecutionProvider"])
    assert [o.name for o in session.get_outputs()] == ["value"]
    got = session.run(None, {"image": x[:4].numpy()})[0]
    np.testing.assert_allclose(got[:, 0], value[:4].numpy(), atol=1e-4, rtol=0)
    assert read_metadata(out)["answer"] == "value"


def test_a_value_model_that_answers_nan_is_scored_not_crashed() -> None:
    """A diverged model's NaN is no class number: every image goes to class 0's column (a
    NaN rounded and cast to an integer was any index, and the confusion matrix raised)."""
    from core.model.build import build_model

    model = build_model(SPEC)
    with torch.no_grad():
        model.dense_1.bias.fill_(float("nan"))
    data = eval_split("mnist", "test", SPEC, limit=50)
    result = evaluate_model(model, data, [str(digit) for digit in range(10)])
    assert [row[0] for row in result.confusion] == [sum(row) for row in result.confusion]
    assert sum(map(sum, result.confusion)) == 50
    assert all(np.isnan(m["value"]) for m in result.mistakes)
