"""Keras's weight initialisers, drawn in PyTorch: spread, bounds and zero bias as Keras has them."""

from __future__ import annotations

import math

import pytest
import torch

from core.model.build import build_model
from core.model.export import export_code
from core.model.initializers import TRUNCATED_STD, fans
from core.model.layers.conv import Conv2D
from core.model.layers.dense import Dense, Flatten
from core.model.specs import ModelSpec


def _dense(initializer: str, inputs: int = 784, units: int = 300) -> torch.nn.Linear:
    torch.manual_seed(0)
    spec = ModelSpec(
        (1, 1, inputs), (Flatten(), Dense(units=units, kernel_initializer=initializer))
    )
    return build_model(spec).dense


def test_truncated_std_is_that_of_a_unit_normal_cut_at_two() -> None:
    draws = torch.nn.init.trunc_normal_(torch.empty(2_000_000), std=1.0, a=-2.0, b=2.0)
    assert draws.std().item() == pytest.approx(TRUNCATED_STD, rel=2e-3)


@pytest.mark.parametrize(
    ("name", "std"),
    [
        ("he_normal", math.sqrt(2 / 784)),
        ("glorot_normal", math.sqrt(2 / (784 + 300))),
        ("lecun_normal", math.sqrt(1 / 784)),
        ("he_uniform", math.sqrt(6 / 784) / math.sqrt(3)),
        ("glorot_uniform", math.sqrt(6 / (784 + 300)) / math.sqrt(3)),
    ],
)
def test_each_initializer_has_keras_spread_and_zero_bias(name: str, std: float) -> None:
    layer = _dense(name)
    assert layer.weight.std().item() == pytest.approx(std, rel=0.02)
    assert torch.count_nonzero(layer.bias) == 0
    if name.endswith("_normal"):  # truncated at two (scaled) standard deviations
        assert layer.weight.abs().max().item() <= 2 * std / TRUNCATED_STD + 1e-6


def test_default_keeps_pytorchs_own() -> None:
    layer = _dense("default")
    bound = 1 / math.sqrt(784)  # nn.Linear: U(±1/√fan_in) for weights (a=√5) and bias
    assert layer.weight.abs().max().item() <= bound and torch.count_nonzero(layer.bias) > 0


def test_convolution_fans_count_the_kernel_window() -> None:
    assert fans((32, 3, 5, 5)) == (3 * 25, 32 * 25)
    torch.manual_seed(0)
    spec = ModelSpec(
        (3, 16, 16), (Conv2D(filters=64, kernel_size=5, kernel_initializer="he_normal"),)
    )
    weight = build_model(spec).conv2d.weight
    assert weight.std().item() == pytest.approx(math.sqrt(2 / 75), rel=0.05)


def test_exported_code_initialises_the_same_way() -> None:
    spec = ModelSpec((1, 28, 28), (Flatten(), Dense(units=300, kernel_initializer="he_normal")))
    code = export_code(spec)
    assert (
        "nn.init.trunc_normal_(self.dense.weight" in code
        and "nn.init.zeros_(self.dense.bias)" in code
    )
    namespace: dict = {}
    exec(compile(code, "<exported>", "exec"), namespace)
    torch.manual_seed(0)
    dense = namespace["CNN"]().dense
    assert dense.weight.std().item() == pytest.approx(math.sqrt(2 / 784), rel=0.02)
    assert torch.count_nonzero(dense.bias) == 0
