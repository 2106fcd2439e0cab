"""SpecNet: the nn.Module that `build_model` makes from a ModelSpec."""

from __future__ import annotations

from collections.abc import Iterator

import torch
from torch import nn

from core.layers.activations import ACTIVATION_LAYERS
from core.shapes import InferredLayer
from core.specs import ModelSpec


class SpecNet(nn.Module):
    """One attribute per summary row (conv2d_1, dense_1, ...) run in order.

    A layer's built-in activation is its own attribute (`conv2d_1_act`), so the state_dict
    keys are exactly those of the code `export_code` writes for the same spec.
    """

    def __init__(self, spec: ModelSpec, layers: list[InferredLayer]) -> None:
        super().__init__()
        self.spec = spec
        self.layer_names: list[str] = []
        self.activation_of: dict[str, str] = {}
        for layer in layers:
            module = layer.spec.build(layer.in_shape)
            if not layer.spec.trainable:
                module.requires_grad_(False)
            self.add_module(layer.name, module)
            self.layer_names.append(layer.name)
            if layer.spec.activation_name:
                activation = ACTIVATION_LAYERS[layer.spec.activation_name]()
                self.add_module(f"{layer.name}_act", activation.build(layer.info.out_shape))
                self.activation_of[layer.name] = f"{layer.name}_act"

    def layer_outputs(self, x: torch.Tensor) -> Iterator[tuple[str, torch.Tensor]]:
        """Each summary row's name and output (after its activation), in order."""
        for name in self.layer_names:
            x = self._modules[name](x)
            if name in self.activation_of:
                x = self._modules[self.activation_of[name]](x)
            yield name, x

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = x
        for _, out in self.layer_outputs(x):  # noqa: B007  (keep the last layer's output)
            pass
        return out
