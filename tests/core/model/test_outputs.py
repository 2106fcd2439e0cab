"""Binary output (Dense(1, sigmoid) + binary cross-entropy) beside softmax + categorical
cross-entropy, checked against PyTorch's own functions; and outputs that do not fit the
classes refused before training."""

from __future__ import annotations

import pytest
import torch
from torch.nn import functional

from core.errors import ArchitectureError
from core.model import outputs
from core.model.build import build_model, check_outputs
from core.model.layers.dense import Dense, Flatten
from core.model.specs import ModelSpec

BINARY = ModelSpec((1, 4, 4), (Flatten(), Dense(units=1, activation="sigmoid")))


def test_one_output_uses_binary_cross_entropy() -> None:
    logits, targets = torch.tensor([[2.0], [-1.0], [0.5]]), torch.tensor([1, 0, 0])
    expected = functional.binary_cross_entropy(torch.sigmoid(logits[:, 0]), targets.float())
    assert outputs.loss(logits, targets).item() == pytest.approx(expected.item())
    assert outputs.predictions(logits).tolist() == [1, 0, 1]
    p = outputs.probabilities(logits)
    assert p[:, 1].tolist() == pytest.approx(torch.sigmoid(logits[:, 0]).tolist())
    assert p.sum(1).tolist() == pytest.approx([1.0, 1.0, 1.0])


def test_several_outputs_use_categorical_cross_entropy() -> None:
    logits, targets = torch.tensor([[2.0, 0.0, 1.0]]), torch.tensor([2])
    assert outputs.loss(logits, targets).item() == pytest.approx(
        functional.cross_entropy(logits, targets).item()
    )
    assert outputs.predictions(logits).tolist() == [0]


def test_a_sigmoid_model_trains_on_its_scores_and_predicts_probabilities() -> None:
    model = build_model(BINARY).eval()
    x = torch.randn(5, 1, 4, 4)
    with torch.no_grad():
        logits, probability = model.logits(x), model(x)
    assert logits.shape == (5, 1)  # the final sigmoid is left to the loss
    torch.testing.assert_close(torch.sigmoid(logits), probability)


def test_outputs_must_fit_the_classes() -> None:
    check_outputs(BINARY, 2)  # one sigmoid output: two classes
    ten = ModelSpec((1, 4, 4), (Flatten(), Dense(units=10, activation="softmax")))
    check_outputs(ten, 10)
    with pytest.raises(ArchitectureError, match="10 outputs, but the data set has 2 classes"):
        check_outputs(ten, 2)
    with pytest.raises(ArchitectureError, match=r"Dense\(3"):
        check_outputs(BINARY, 3)
