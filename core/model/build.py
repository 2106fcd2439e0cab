"""From a ModelSpec to a PyTorch model, a Keras-style summary, and exported PyTorch code."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.errors import SpecError
from core.model.layers.activations import ACTIVATION_LAYERS
from core.model.shapes import InferredLayer, infer_shapes
from core.model.specs import ModelSpec, Shape, format_shape

BYTES_PER_PARAM = 4  # float32
# Refuse before allocating: 150 million float32 parameters is 600 MB, plus gradients and
# optimizer state, which is what a shared classroom server can afford per model.
MAX_PARAMS = 150_000_000


@dataclass(frozen=True)
class SummaryRow:
    """One row of the Keras-style summary."""

    index: int
    name: str
    keras_type: str
    torch_type: str
    settings: str
    activation: str | None
    in_shape: Shape
    output_shape: Shape
    params: int
    trainable: bool
    flops: int
    shape_formula: str
    param_formula: str
    block: str

    @property
    def output_shape_text(self) -> str:
        return format_shape(self.output_shape)


@dataclass(frozen=True)
class ModelSummary:
    """The summary table and its totals."""

    name: str
    input_shape: Shape
    rows: list[SummaryRow]
    total_params: int
    trainable_params: int
    flops: int

    @property
    def non_trainable_params(self) -> int:
        return self.total_params - self.trainable_params

    @property
    def size_mb(self) -> float:
        """Parameter memory in MB (float32, 1 MB = 1024*1024 bytes, as Keras reports)."""
        return self.total_params * BYTES_PER_PARAM / 1024**2

    @property
    def output_shape(self) -> Shape:
        return self.rows[-1].output_shape if self.rows else self.input_shape

    def to_json(self) -> dict[str, Any]:
        """The CLI's `--json` form; shapes are per sample (no batch dimension)."""
        return {
            "name": self.name,
            "input_shape": list(self.input_shape),
            "layers": [
                {
                    "name": row.name,
                    "type": row.keras_type,
                    "output_shape": list(row.output_shape),
                    "params": row.params,
                    "trainable": row.trainable,
                    "flops": row.flops,
                }
                for row in self.rows
            ],
            "total_params": self.total_params,
            "trainable_params": self.trainable_params,
            "non_trainable_params": self.non_trainable_params,
            "flops": self.flops,
            "size_mb": round(self.size_mb, 4),
        }


def _row(layer: InferredLayer) -> SummaryRow:
    spec, info = layer.spec, layer.info
    return SummaryRow(
        index=layer.index,
        name=layer.name,
        keras_type=spec.keras_name,
        torch_type=spec.torch_name,
        settings=spec.describe(),
        activation=spec.activation_name,
        in_shape=layer.in_shape,
        output_shape=info.out_shape,
        params=info.params,
        trainable=spec.trainable,
        flops=info.flops,
        shape_formula=info.shape_formula,
        param_formula=info.param_formula,
        block=spec.block,
    )


def summarize(spec: ModelSpec) -> ModelSummary:
    """The Keras-style summary, computed from the formulas alone (no torch needed)."""
    rows = [_row(layer) for layer in infer_shapes(spec)]
    return ModelSummary(
        name=spec.name,
        input_shape=spec.input_shape,
        rows=rows,
        total_params=sum(row.params for row in rows),
        trainable_params=sum(row.params for row in rows if row.trainable),
        flops=sum(row.flops for row in rows),
    )


def check_size(summary: ModelSummary, max_params: int = MAX_PARAMS) -> None:
    """Refuse, before any memory is allocated, a model too large for this machine."""
    if summary.total_params > max_params:
        raise SpecError(
            f"The model has {summary.total_params:,} parameters "
            f"({summary.size_mb:,.0f} MB); CNN Lab builds at most {max_params:,}.",
            suggestion="use fewer Dense units, or pool more before Flatten.",
        )


def build_model(spec: ModelSpec, max_params: int = MAX_PARAMS) -> Any:
    """The PyTorch model (a `core.model.network.SpecNet`) for a spec; raises ArchitectureError.

    Refused before allocating: too many parameters, or too much memory for one image.
    """
    from core.model.memory import check_memory

    layers = infer_shapes(spec)
    summary = summarize(spec)
    check_size(summary, max_params)
    check_memory(summary, batch_size=1, training=False)
    from core.model.network import SpecNet

    return SpecNet(spec, layers)


def _block_source() -> str:
    """The source of core.model.blocks.ResidualBlock, read without importing torch."""
    path = Path(__file__).with_name("blocks.py")
    text = path.read_text()
    for node in ast.parse(text).body:
        if isinstance(node, ast.ClassDef) and node.name == "ResidualBlock":
            return ast.get_source_segment(text, node) or ""
    raise RuntimeError("ResidualBlock not found in core/model/blocks.py")


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
