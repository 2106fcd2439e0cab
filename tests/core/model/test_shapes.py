"""Shape inference against PyTorch, and the errors students see for broken architectures."""

import itertools
import random

import pytest
import torch
from torch.nn import functional as F

from core.errors import ShapeError
from core.model.layers.conv import AveragePooling2D, Conv2D, MaxPooling2D
from core.model.layers.dense import Dense, Flatten
from core.model.shapes import conv_output_size, infer_shapes, layer_names, size_formula
from core.model.specs import ModelSpec


def test_conv_output_size_matches_torch_for_many_settings() -> None:
    rng = random.Random(0)
    checked = 0
    for _ in range(300):
        n, k = rng.randint(1, 20), rng.randint(1, 7)
        s, p, d = rng.randint(1, 4), rng.randint(0, 3), rng.randint(1, 3)
        expected = conv_output_size(n, k, s, p, d)
        if expected < 1:
            with pytest.raises(RuntimeError):
                F.conv2d(torch.zeros(1, 1, n, n), torch.zeros(1, 1, k, k), None, s, p, d)
            continue
        out = F.conv2d(torch.zeros(1, 1, n, n), torch.zeros(1, 1, k, k), None, s, p, d)
        assert out.shape[-1] == expected, (n, k, s, p, d)
        checked += 1
    assert checked > 150


def test_size_formula_writes_the_course_example() -> None:
    assert size_formula(28, 5, 1, 2) == "floor((28 + 2*2 - 5) / 1) + 1 = 28"
    assert size_formula(7, 3, 1, 0, 2) == "floor((7 + 2*0 - 2*(3-1) - 1) / 1) + 1 = 3"


@pytest.mark.parametrize(
    ("kernel", "stride", "dilation"), list(itertools.product((1, 2, 3, 4, 5), (1, 2, 3), (1, 2)))
)
def test_same_padding_matches_keras_size(kernel: int, stride: int, dilation: int) -> None:
    """'same' gives ceil(n / stride) like Keras wherever PyTorch can do it."""
    conv = Conv2D(filters=2, kernel_size=kernel, stride=stride, dilation=dilation, padding="same")
    spec = ModelSpec((1, 13, 13), (conv,))
    window = dilation * (kernel - 1) + 1
    if window % 2 == 0 and stride > 1:
        with pytest.raises(ShapeError, match="odd kernel"):
            infer_shapes(spec)
        return
    assert infer_shapes(spec)[0].info.out_shape == (2, -(-13 // stride), -(-13 // stride))


def _error(layers: tuple, input_shape: tuple[int, int, int] = (1, 28, 28)) -> ShapeError:
    with pytest.raises(ShapeError) as info:
        infer_shapes(ModelSpec(input_shape, layers))
    return info.value


def test_spatial_size_below_one_names_the_layer_and_suggests_padding() -> None:
    error = _error((Conv2D(filters=8, kernel_size=5), Conv2D(filters=8, kernel_size=5)), (1, 6, 6))
    assert error.layer_index == 1
    assert error.layer_label == "Layer 2 (Conv2D)"
    assert "the output would be -2x-2" in error.message
    assert "add padding=2" in error.suggestion  # 2 + 2*2 - 5 + 1 = 2 >= 1


def test_too_many_pools_suggest_removing_one() -> None:
    layers = (MaxPooling2D(), MaxPooling2D(), MaxPooling2D())
    error = _error(layers, (1, 4, 4))
    assert error.layer_index == 2
    assert "remove this pooling layer" in error.suggestion


def test_dense_before_flatten() -> None:
    error = _error((Conv2D(filters=4), Dense(units=10)))
    assert error.layer_index == 1
    assert "4 feature maps of 26x26" in error.message
    assert "add a Flatten layer" in error.suggestion


def test_flatten_twice() -> None:
    error = _error((Flatten(), Flatten()))
    assert error.layer_index == 1
    assert "already flat (784 values)" in error.message
    assert error.suggestion == "remove this Flatten layer."


def test_conv_after_flatten() -> None:
    error = _error((Flatten(), Conv2D()))
    assert "flat vector of 784 values" in error.message
    assert "before the Flatten" in error.suggestion


def test_channel_mismatch() -> None:
    error = _error((Conv2D(filters=16, in_channels=3),))
    assert "expects 3 input channels but the previous layer gives 1" in error.message
    assert "set in_channels to 1" in error.suggestion
    error = _error((Flatten(), Dense(units=10, in_features=100)))
    assert "expects 100 inputs but the previous layer gives 784" in error.message


def test_pool_padding_more_than_half_the_window() -> None:
    error = _error((AveragePooling2D(pool_size=2, padding=2),))
    assert "padding <= 1" in error.suggestion
    with pytest.raises(RuntimeError):  # PyTorch refuses it too
        F.avg_pool2d(torch.zeros(1, 1, 28, 28), 2, padding=2)


def test_error_text_is_one_clear_sentence() -> None:
    error = _error((Flatten(), Flatten()))
    assert str(error) == (
        "Layer 2 (Flatten): the input is already flat (784 values), so there is nothing to "
        "flatten: Flatten appears twice. Suggestion: remove this Flatten layer."
    )


def test_layer_names_count_per_type() -> None:
    spec = ModelSpec((1, 28, 28), (Conv2D(), MaxPooling2D(), Conv2D(), Flatten(), Dense(), Dense()))
    assert layer_names(spec) == [
        "conv2d",
        "max_pooling2d",
        "conv2d_1",
        "flatten",
        "dense",
        "dense_1",
    ]
