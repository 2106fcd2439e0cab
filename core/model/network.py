"""SpecNet: the nn.Module that `build_model` makes from a ModelSpec."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import torch
from torch import nn

from core.model.answers import Answer, answer_kind
from core.model.layers.activations import ACTIVATION_LAYERS
from core.model.shapes import InferredLayer, layer_names
from core.model.specs import ModelSpec

if TYPE_CHECKING:
    from torch.nn.modules.module import _IncompatibleKeys


class SpecNet(nn.Module):
    """One attribute per summary row (conv2d, dense, dense_1, ...) run in order.

    A layer's built-in activation is its own attribute (`conv2d_act`), so the state_dict
    keys are exactly those of the code `export_code` writes for the same spec.
    """

    def __init__(self, spec: ModelSpec, layers: list[InferredLayer]) -> None:
        super().__init__()
        self.spec = spec
        self.answer: Answer = answer_kind(spec)  # 003:292: value, O/X or category
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

    def load_state_dict(
        self, state_dict: Mapping[str, Any], strict: bool = True, assign: bool = False
    ) -> _IncompatibleKeys:
        """As nn.Module's, and also reads runs saved with the names used before Keras's
        (the first Conv2D was conv2d_1; it is conv2d now): keys are renamed layer by layer."""
        if not set(state_dict) <= set(self.state_dict()):
            old_names = layer_names(self.spec, first_suffix=1)
            renamed = dict(zip(old_names, self.layer_names, strict=True))
            renamed |= {f"{old}_act": f"{new}_act" for old, new in renamed.items()}

            def rename(key: str) -> str:
                head, dot, rest = key.partition(".")
                return renamed.get(head, head) + dot + rest

            state_dict = {rename(key): value for key, value in state_dict.items()}
        return super().load_state_dict(state_dict, strict=strict, assign=assign)

    def _run(self, name: str, x: torch.Tensor) -> torch.Tensor:
        """The output of the module added under `name`."""
        module = self._modules[name]
        assert module is not None  # every name was added with a module
        return module(x)

    def layer_outputs(self, x: torch.Tensor) -> Iterator[tuple[str, torch.Tensor]]:
        """Each summary row's name and output (after its activation), in order."""
        for name in self.layer_names:
            x = self._run(name, x)
            if name in self.activation_of:
                x = self._run(self.activation_of[name], x)
            yield name, x

    def logits(self, x: torch.Tensor) -> torch.Tensor:
        """The output before a final softmax or sigmoid: what the losses expect.

        The course's models end in Dense(10, activation="softmax") (or Dense(1, "sigmoid")
        for two classes) so that they output probabilities; training on the raw scores is
        the numerically stable equivalent (core.model.outputs).
        """
        final = (nn.Softmax, nn.Sigmoid)
        names = self.layer_names
        if names and isinstance(self._modules[names[-1]], final):
            names = names[:-1]  # a Softmax or Sigmoid layer of its own at the end
        for name in names:
            x = self._run(name, x)
            activation = self.activation_of.get(name)
            last = (
                name == names[-1]
                and activation is not None
                and isinstance(self._modules.get(activation), final)
            )
            if activation and not last:
                x = self._run(activation, x)
        return x

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = x
        for _, out in self.layer_outputs(x):  # noqa: B007  (keep the last layer's output)
            pass
        return out
