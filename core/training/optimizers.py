"""The course's optimizers (001, "Faster Optimizers") with the hyper-parameters it sets,
built in PyTorch, and the Keras line the course writes for each beside PyTorch's.

Keras and PyTorch name some settings differently: RMSprop's `rho` is PyTorch's `alpha`,
Adam's `beta_1, beta_2` are PyTorch's `betas`, Adagrad's `initial_accumulator_value` starts
at 0.1 in Keras and 0 in PyTorch. The lab follows Keras's values, as the course does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from core.training.config import TrainConfig
from core.training.methods import OPTIMIZER_KNOBS, OPTIMIZERS

if TYPE_CHECKING:
    from torch import nn
    from torch.optim import Optimizer


def _values(config: TrainConfig) -> dict[str, Any]:
    return {name: getattr(config, name) for name in OPTIMIZER_KNOBS}


def optimizer_code(config: TrainConfig) -> tuple[str, str]:
    """(the course's Keras line, PyTorch's) for the config's optimizer and settings."""
    info, values = OPTIMIZERS[config.optimizer], _values(config)
    keras = info.keras.format(lr=f"learning_rate={config.lr:g}", **values)
    torch = info.torch.format(lr=f"lr={config.lr:g}", **values)
    return f"keras.optimizers.{keras}", f"torch.optim.{torch}"


def torch_arguments(config: TrainConfig) -> dict[str, Any]:
    """The keyword arguments PyTorch's optimizer class takes for this config (Adam's
    beta_1 and beta_2 become `betas`, RMSprop's rho `alpha`)."""
    info = OPTIMIZERS[config.optimizer]
    kwargs: dict[str, Any] = {"lr": config.lr, "weight_decay": config.weight_decay}
    for name in info.knobs:
        torch_name, value = OPTIMIZER_KNOBS[name].torch_name, getattr(config, name)
        kwargs[torch_name] = (
            (*kwargs.get(torch_name, ()), value) if torch_name == "betas" else value
        )
    return kwargs | dict(info.fixed)


def make_optimizer(model: nn.Module, config: TrainConfig) -> Optimizer:
    """The optimizer named in the config, over the trainable parameters."""
    import torch  # lazy: torch costs seconds at start-up

    params = [p for p in model.parameters() if p.requires_grad]
    maker = getattr(torch.optim, OPTIMIZERS[config.optimizer].torch_class)
    return maker(params, **torch_arguments(config))
