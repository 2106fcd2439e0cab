"""Runnable PyTorch code for a spec, whose state_dict keys match `build_model`'s."""

from __future__ import annotations

import ast
from pathlib import Path

from core.model.layers.activations import ACTIVATION_LAYERS
from core.model.shapes import infer_shapes
from core.model.specs import ModelSpec, format_shape


def _block_source() -> str:
    """The source of core.model.blocks.BasicBlock, read without importing torch."""
    path = Path(__file__).with_name("blocks.py")
    text = path.read_text()
    for node in ast.parse(text).body:
        if isinstance(node, ast.ClassDef) and node.name == "BasicBlock":
            return ast.get_source_segment(text, node) or ""
    raise RuntimeError("BasicBlock not found in core/model/blocks.py")


def export_code(spec: ModelSpec, class_name: str = "CNN") -> str:
    """Runnable PyTorch code for the spec; its state_dict keys match `build_model`'s."""
    layers = infer_shapes(spec)
    init, forward = [], []
    for layer in layers:
        init.append(f"        self.{layer.name} = {layer.spec.code(layer.in_shape)}")
        call = f"self.{layer.name}(x)"
        if layer.spec.activation_name:
            activation = ACTIVATION_LAYERS[layer.spec.activation_name]()
            init.append(f"        self.{layer.name}_act = {activation.code(layer.info.out_shape)}")
            call = f"self.{layer.name}_act({call})"
        if not layer.spec.trainable:
            init.append(f"        self.{layer.name}.requires_grad_(False)  # frozen")
        forward.append(f"        x = {call}  # -> {format_shape(layer.info.out_shape)}")
    channels, height, width = spec.input_shape
    uses_blocks = any(layer.spec.type == "residual_block" for layer in layers)
    parts = [
        f'"""PyTorch code for the CNN Lab model {spec.name!r}, exported from its spec."""',
        "",
        "import torch",
        "from torch import nn",
        "",
    ]
    if uses_blocks:
        parts += ["", _block_source(), ""]
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
