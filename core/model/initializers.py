"""Weight initialisers by their Keras names (the course sets `kernel_initializer="he_normal"`).

"default" keeps PyTorch's own (Kaiming-uniform with a = √5, bias uniform); every other one
draws the weights as Keras does and sets the bias to zero, as Keras's `bias_initializer`.
Keras's normal initialisers are truncated at two standard deviations and scaled up by
1/0.8796 so that the truncated draw still has the intended variance.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from torch import nn

INITIALIZERS: dict[str, str] = {
    "default": "PyTorch's default: Kaiming-uniform with a = √5, bias uniform",
    "glorot_uniform": "Keras's default: U(±√(6 / (fan_in + fan_out)))",
    "glorot_normal": "truncated N(0, σ), σ = √(2 / (fan_in + fan_out))",
    "he_normal": "truncated N(0, σ), σ = √(2 / fan_in): for ReLU and ELU layers",
    "he_uniform": "U(±√(6 / fan_in)): for ReLU layers",
    "lecun_normal": "truncated N(0, σ), σ = √(1 / fan_in): for SELU layers",
}
# The standard deviation of a unit normal truncated at ±2: Keras divides σ by it.
TRUNCATED_STD = 0.87962566103423978


def fans(weight_shape: tuple[int, ...]) -> tuple[int, int]:
    """(fan_in, fan_out) of a Dense (out, in) or Conv2d (out, in, k, k) weight."""
    receptive = math.prod(weight_shape[2:])
    return weight_shape[1] * receptive, weight_shape[0] * receptive


def _normal_std(name: str, fan_in: int, fan_out: int) -> float:
    variance = {"glorot_normal": 2 / (fan_in + fan_out), "he_normal": 2 / fan_in}
    return math.sqrt(variance.get(name, 1 / fan_in)) / TRUNCATED_STD


def initialize(module: nn.Conv2d | nn.Linear, name: str) -> None:
    """Draw `module.weight` (and zero `module.bias`) as Keras's initialiser `name` would."""
    if name == "default":
        return
    from torch import nn  # lazy: torch costs seconds at start-up

    weight = module.weight
    if name == "glorot_uniform":
        nn.init.xavier_uniform_(weight)
    elif name == "he_uniform":
        nn.init.kaiming_uniform_(weight, nonlinearity="relu")
    else:
        std = _normal_std(name, *fans(tuple(weight.shape)))
        nn.init.trunc_normal_(weight, std=std, a=-2 * std, b=2 * std)
    if module.bias is not None:
        nn.init.zeros_(module.bias)


def init_code(attribute: str, name: str, weight_shape: tuple[int, ...], bias: bool) -> list[str]:
    """The lines exported code adds after creating `attribute` (none for "default")."""
    if name == "default":
        return []
    weight = f"{attribute}.weight"
    if name == "glorot_uniform":
        lines = [f"nn.init.xavier_uniform_({weight})  # {name}"]
    elif name == "he_uniform":
        lines = [f'nn.init.kaiming_uniform_({weight}, nonlinearity="relu")  # {name}']
    else:
        std = _normal_std(name, *fans(weight_shape))
        lines = [
            f"nn.init.trunc_normal_({weight}, std={std:.6g}, a={-2 * std:.6g}, b={2 * std:.6g})"
            f"  # {name}"
        ]
    return [*lines, f"nn.init.zeros_({attribute}.bias)"] if bias else lines
