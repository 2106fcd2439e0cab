"""003:292's three ways to answer, read from the spec: a value (the output as it is, MSE),
O/X (one sigmoid output) and a category (softmax), checked against PyTorch's losses."""

from __future__ import annotations

import pytest
import torch
from torch.nn import functional

from core.errors import ArchitectureError
from core.model import outputs
from core.model.answers import CATEGORY, VALUE, YES_NO, answer_kind, nearest_class
from core.model.build import build_model, check_outputs
from core.model.layers.activations import Sigmoid
from core.model.layers.dense import Dense, Dropout, Flatten
from core.model.presets import get_preset
from core.model.specs import ModelSpec


def _ending(*last: object) -> ModelSpec:
    return ModelSpec((1, 4, 4), (Flatten(), *last))


def test_the_last_layer_says_how_a_model_answers() -> None:
    assert answer_kind(_ending(Dense(units=1))) == VALUE  # Keras's Dense(1): linear
    assert answer_kind(_ending(Dense(units=1, activation="relu"))) == VALUE
    assert answer_kind(_ending(Dense(units=1, activation="sigmoid"))) == YES_NO
    assert answer_kind(_ending(Dense(units=1), Sigmoid())) == YES_NO
    assert answer_kind(_ending(Dense(units=10, activation="softmax"))) == CATEGORY
    assert answer_kind(_ending(Dense(units=10))) == CATEGORY  # raw scores, softmax in the loss
    assert answer_kind(_ending(Dense(units=1), Dropout(rate=0.5))) == VALUE
    assert answer_kind(ModelSpec((1, 4, 4), ())) == CATEGORY
    assert answer_kind(get_preset("mnist_value")) == VALUE
    assert answer_kind(get_preset("mnist_fast")) == CATEGORY


def test_the_value_preset_is_mnist_fast_with_one_output_taken_as_it_is() -> None:
    value, fast = get_preset("mnist_value"), get_preset("mnist_fast")
    assert value.layers[:-1] == fast.layers[:-1]
    assert value.layers[-1] == Dense(units=1) and value.layers[-1].activation is None
    model = build_model(value)
    assert model.answer == VALUE and outputs.gives_value(model)
    assert not outputs.gives_value(build_model(fast))
    x = torch.randn(3, 1, 28, 28)
    with torch.no_grad():  # nothing is stripped: the value is the output itself
        torch.testing.assert_close(model.logits(x), model(x))


def test_a_value_trains_with_the_mean_squared_error_towards_the_class_number() -> None:
    logits, targets = torch.tensor([[6.6], [2.2], [-0.7], [9.4]]), torch.tensor([7, 3, 0, 9])
    expected = functional.mse_loss(logits[:, 0], targets.float())
    assert outputs.loss(logits, targets, value=True).item() == pytest.approx(expected.item())
    assert outputs.loss(logits, targets, value=True).item() == pytest.approx(
        ((0.4**2) + (0.8**2) + (0.7**2) + (0.4**2)) / 4
    )
    each = outputs.loss(logits, targets, reduction="none", value=True)
    assert each.tolist() == pytest.approx([0.16, 0.64, 0.49, 0.16], abs=1e-5)
    # Label smoothing has no classes to spread over: the loss is the same.
    assert outputs.loss(logits, targets, label_smoothing=0.1, value=True).item() == pytest.approx(
        expected.item()
    )
    # The nearest class number: -0.7 is class 0, as evaluation and Inside count it.
    assert outputs.predictions(logits, value_classes=10).tolist() == [7, 2, 0, 9]
    assert outputs.predictions(logits, value_classes=8).tolist() == [7, 2, 0, 7]
    # The same one output read as O/X is binary cross-entropy, as before.
    assert outputs.loss(logits[:2], torch.tensor([1, 0])).item() == pytest.approx(
        functional.binary_cross_entropy_with_logits(logits[:2, 0], torch.tensor([1.0, 0.0])).item()
    )


def test_a_value_fits_any_number_of_classes_a_sigmoid_only_two() -> None:
    for classes in (2, 10, 47):
        check_outputs(_ending(Dense(units=1)), classes)
    with pytest.raises(ArchitectureError, match="1 output, but the data set has 10 classes"):
        check_outputs(_ending(Dense(units=1, activation="sigmoid")), 10)


def test_a_value_names_the_nearest_class_as_the_evaluation_rounds_it() -> None:
    values = [6.6, 2.5, 3.5, -0.7, 12.0, float("inf"), float("-inf"), float("nan")]
    expected = outputs.nearest_classes(torch.tensor(values), 10).tolist()
    assert [nearest_class(v, 10) for v in values] == expected == [7, 2, 4, 0, 9, 9, 0, 0]
