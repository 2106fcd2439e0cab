"""Runnable PyTorch code for a spec, whose state_dict keys match `build_model`'s."""

from __future__ import annotations

from pathlib import Path

from core.model.layers.activations import ACTIVATION_LAYERS
from core.model.shapes import infer_shapes
from core.model.specs import ModelSpec, format_shape
from core.source import definition_source


def _block_source(class_name: str) -> str:
    """The source of a class of core.model.blocks, read without importing torch."""
    return definition_source(Path(__file__).with_name("blocks.py"), class_name)


def export_code(spec: ModelSpec, class_name: str = "CNN") -> str:
    """Runnable PyTorch code for the spec; its state_dict keys match `build_model`'s."""
    layers = infer_shapes(spec)
    init, forward = [], []
    for layer in layers:
        init.append(f"        self.{layer.name} = {layer.spec.code(layer.in_shape)}")
        init += [
            f"        {line}"
            for line in layer.spec.init_lines(f"self.{layer.name}", layer.in_shape)
        ]
        call = f"self.{layer.name}(x)"
        if layer.spec.activation_name:
            activation = ACTIVATION_LAYERS[layer.spec.activation_name]()
            init.append(f"        self.{layer.name}_act = {activation.code(layer.info.out_shape)}")
            call = f"self.{layer.name}_act({call})"
        if not layer.spec.trainable:
            init.append(f"        self.{layer.name}.requires_grad_(False)  # frozen")
        forward.append(f"        x = {call}  # -> {format_shape(layer.info.out_shape)}")
    channels, height, width = spec.input_shape
    # The block modules the spec uses, copied above the model class (torch_name: BasicBlock...)
    blocks = dict.fromkeys(
        layer.spec.torch_name for layer in layers if not layer.spec.torch_name.startswith("nn.")
    )
    parts = [
        f'"""PyTorch code for the CNN Lab model {spec.name!r}, exported from its spec."""',
        "",
        "import torch",
        "from torch import nn",
        "",
    ]
    for block in blocks:
        parts += ["", _block_source(block), ""]
    parts += [
        "",
        f"class {class_name}(nn.Module):",
        "    def __init__(self) -> None:",
        "        super().__init__()",
        *(init or ["        pass"]),
        "",
        "    def forward(self, x: torch.Tensor) -> torch.Tensor:",
        f"        # x: {format_shape(spec.input_shape)}",
        *forward,
        "        return x",
        "",
        "",
        'if __name__ == "__main__":',
        f"    model = {class_name}()",
        "    print(model)",
        f"    x = torch.randn(1, {channels}, {height}, {width})  # a batch of one image",
        "    print(model(x).shape)",
        "",
    ]
    return "\n".join(parts)
