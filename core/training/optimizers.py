"""The course's optimizers (001, "Faster Optimizers") with the hyper-parameters it sets,
built in PyTorch, and the Keras line the course writes for each beside PyTorch's.

Keras and PyTorch name some settings differently: RMSprop's `rho` is PyTorch's `alpha`,
Adam's `beta_1, beta_2` are PyTorch's `betas`, Adagrad's `initial_accumulator_value` starts
at 0.1 in Keras and 0 in PyTorch. The lab follows Keras's values, as the course does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from core.training.config import TrainConfig

if TYPE_CHECKING:
    from torch import nn
    from torch.optim import Optimizer

# The settings each optimizer takes besides the learning rate and weight decay.
OPTIMIZER_PARAMS: dict[str, tuple[str, ...]] = {
    "sgd": (),
    "momentum": ("momentum",),
    "nesterov": ("momentum",),
    "adagrad": ("initial_accumulator",),
    "rmsprop": ("rho",),
    "adam": ("beta_1", "beta_2"),
    "adamax": ("beta_1", "beta_2"),
    "nadam": ("beta_1", "beta_2"),
    "adamw": ("beta_1", "beta_2"),
}
_KERAS = {
    "sgd": "SGD({lr})",
    "momentum": "SGD({lr}, momentum={momentum:g})",
    "nesterov": "SGD({lr}, momentum={momentum:g}, nesterov=True)",
    "adagrad": "Adagrad({lr}, initial_accumulator_value={initial_accumulator:g})",
    "rmsprop": "RMSprop({lr}, rho={rho:g})",
    "adam": "Adam({lr}, beta_1={beta_1:g}, beta_2={beta_2:g})",
    "adamax": "Adamax({lr}, beta_1={beta_1:g}, beta_2={beta_2:g})",
    "nadam": "Nadam({lr}, beta_1={beta_1:g}, beta_2={beta_2:g})",
    "adamw": "AdamW({lr}, beta_1={beta_1:g}, beta_2={beta_2:g})",
}
_TORCH = {
    "sgd": "SGD(params, {lr})",
    "momentum": "SGD(params, {lr}, momentum={momentum:g})",
    "nesterov": "SGD(params, {lr}, momentum={momentum:g}, nesterov=True)",
    "adagrad": "Adagrad(params, {lr}, initial_accumulator_value={initial_accumulator:g})",
    "rmsprop": "RMSprop(params, {lr}, alpha={rho:g})",
    "adam": "Adam(params, {lr}, betas=({beta_1:g}, {beta_2:g}))",
    "adamax": "Adamax(params, {lr}, betas=({beta_1:g}, {beta_2:g}))",
    "nadam": "NAdam(params, {lr}, betas=({beta_1:g}, {beta_2:g}))",
    "adamw": "AdamW(params, {lr}, betas=({beta_1:g}, {beta_2:g}))",
}


def _values(config: TrainConfig) -> dict[str, Any]:
    return {
        "momentum": config.momentum,
        "rho": config.rho,
        "beta_1": config.beta_1,
        "beta_2": config.beta_2,
        "initial_accumulator": config.initial_accumulator,
    }


def optimizer_code(config: TrainConfig) -> tuple[str, str]:
    """(the course's Keras line, PyTorch's) for the config's optimizer and settings."""
    values = _values(config)
    keras = _KERAS[config.optimizer].format(lr=f"learning_rate={config.lr:g}", **values)
    torch = _TORCH[config.optimizer].format(lr=f"lr={config.lr:g}", **values)
    return f"keras.optimizers.{keras}", f"torch.optim.{torch}"


def make_optimizer(model: nn.Module, config: TrainConfig) -> Optimizer:
    """The optimizer named in the config, over the trainable parameters."""
    import torch  # lazy: torch costs seconds at start-up

    params = [p for p in model.parameters() if p.requires_grad]
    lr, wd, m = config.lr, config.weight_decay, config.momentum
    betas = (config.beta_1, config.beta_2)
    o = torch.optim
    makers = {
        "sgd": lambda: o.SGD(params, lr=lr, weight_decay=wd),
        "momentum": lambda: o.SGD(params, lr=lr, momentum=m, weight_decay=wd),
        "nesterov": lambda: o.SGD(params, lr=lr, momentum=m, nesterov=True, weight_decay=wd),
        "adagrad": lambda: o.Adagrad(
            params, lr=lr, weight_decay=wd, initial_accumulator_value=config.initial_accumulator
        ),
        "rmsprop": lambda: o.RMSprop(params, lr=lr, alpha=config.rho, weight_decay=wd),
        "adam": lambda: o.Adam(params, lr=lr, betas=betas, weight_decay=wd),
        "adamax": lambda: o.Adamax(params, lr=lr, betas=betas, weight_decay=wd),
        "nadam": lambda: o.NAdam(params, lr=lr, betas=betas, weight_decay=wd),
        "adamw": lambda: o.AdamW(params, lr=lr, betas=betas, weight_decay=wd),
    }
    return makers[config.optimizer]()
