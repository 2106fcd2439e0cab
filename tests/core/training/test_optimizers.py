"""001's optimizers with the settings the course gives them, as PyTorch receives them."""

from __future__ import annotations

import pytest
import torch

from core.training.config import OPTIMIZERS, TrainConfig
from core.training.optimizers import make_optimizer, optimizer_code

MODEL = torch.nn.Linear(3, 2)


def _group(**settings: object) -> dict:
    return make_optimizer(MODEL, TrainConfig(**settings)).param_groups[0]


def test_every_optimizer_says_which_settings_it_has() -> None:
    assert all(OPTIMIZERS[name].name == name for name in OPTIMIZERS)
    assert OPTIMIZERS["rmsprop"].knobs == ("rho",)  # no momentum slider for RMSprop


def test_the_course_settings_reach_pytorch() -> None:
    # 001: RMSprop(lr=0.001, rho=0.9) is PyTorch's alpha; Keras's Adagrad starts at 0.1.
    assert _group(optimizer="rmsprop")["alpha"] == 0.9
    assert _group(optimizer="rmsprop", rho=0.95)["alpha"] == 0.95
    assert _group(optimizer="adagrad")["initial_accumulator_value"] == 0.1
    assert _group(optimizer="adam", beta_1=0.8, beta_2=0.99)["betas"] == (0.8, 0.99)
    assert _group(optimizer="nesterov", momentum=0.7)["nesterov"] is True
    assert _group(optimizer="nesterov", momentum=0.7)["momentum"] == 0.7
    state = make_optimizer(MODEL, TrainConfig(optimizer="adagrad")).state
    assert all(s["sum"].eq(0.1).all() for s in state.values())


@pytest.mark.parametrize(
    ("settings", "keras", "torch_line"),
    [
        (
            {"optimizer": "rmsprop", "lr": 0.001},
            "keras.optimizers.RMSprop(learning_rate=0.001, rho=0.9)",
            "torch.optim.RMSprop(params, lr=0.001, alpha=0.9)",
        ),
        (
            {"optimizer": "nesterov", "lr": 0.001, "momentum": 0.9},
            "keras.optimizers.SGD(learning_rate=0.001, momentum=0.9, nesterov=True)",
            "torch.optim.SGD(params, lr=0.001, momentum=0.9, nesterov=True)",
        ),
        (
            {"optimizer": "adam", "lr": 0.001},
            "keras.optimizers.Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999)",
            "torch.optim.Adam(params, lr=0.001, betas=(0.9, 0.999))",
        ),
    ],
)
def test_the_course_line_beside_pytorchs(settings: dict, keras: str, torch_line: str) -> None:
    assert optimizer_code(TrainConfig(**settings)) == (keras, torch_line)


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_each_record_builds_its_pytorch_class_with_its_settings(name: str) -> None:
    """One record per optimizer: its class, and every setting it lists reaches PyTorch under
    PyTorch's name (Keras's side: tests/core/model/test_keras_reference.py)."""
    from core.training.methods import OPTIMIZER_KNOBS

    settings = {"momentum": 0.7, "rho": 0.8, "beta_1": 0.85, "beta_2": 0.995}
    config = TrainConfig(optimizer=name, lr=0.003, initial_accumulator=0.25, **settings)
    optimizer = make_optimizer(MODEL, config)
    assert type(optimizer).__name__ == OPTIMIZERS[name].torch_class
    group = optimizer.param_groups[0]
    assert group["lr"] == 0.003
    for knob in OPTIMIZERS[name].knobs:
        value = group[OPTIMIZER_KNOBS[knob].torch_name]
        assert getattr(config, knob) in (value if isinstance(value, tuple) else (value,))
    _keras, torch_line = optimizer_code(config)
    assert torch_line.startswith(f"torch.optim.{OPTIMIZERS[name].torch_class}(params, lr=0.003")
