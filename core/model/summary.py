"""The Keras-style summary of a spec (Output Shape, Param #, FLOPs, with each formula),
computed from the formulas alone, without torch; and its plain-text form for the CLI."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from core.i18n import _
from core.model.shapes import InferredLayer, infer_shapes
from core.model.specs import ModelSpec, Shape, format_keras_shape, format_shape

BYTES_PER_PARAM = 4  # float32


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
    params: int  # Keras's Param #: weights, plus BatchNorm's moving mean and variance
    trainable_params: int  # what the optimiser updates: PyTorch's parameters, when not frozen
    trainable: bool
    flops: int
    shape_formula: str
    param_formula: str
    block: str

    @property
    def output_shape_text(self) -> str:
        return format_shape(self.output_shape)

    @property
    def keras_shape_text(self) -> str:
        """As the course's printed summaries show it: (None, height, width, channels)."""
        return format_keras_shape(self.output_shape)


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
                    "keras_output_shape": row.keras_shape_text,
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
        keras_type=spec.keras_class or spec.keras_name,
        torch_type=spec.torch_name,
        settings=spec.describe(),
        activation=spec.activation_name,
        in_shape=layer.in_shape,
        output_shape=info.out_shape,
        params=info.params + info.buffers,
        trainable_params=info.params if spec.trainable else 0,
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
        trainable_params=sum(row.trainable_params for row in rows),
        flops=sum(row.flops for row in rows),
    )


def _width(text: str) -> int:
    """Columns a text takes in a terminal: Korean (East Asian wide) characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def format_summary(summary: ModelSummary) -> str:
    """Keras's table (Layer (type), Output Shape, Param #) with PyTorch's shape beside it; the
    Keras headings stay as Keras prints them, the lab's own words are translated."""
    header = ("Layer (type)", "Output Shape", _("PyTorch shape"), "Param #", _("Trainable"))
    rows = [
        (
            f"{row.name} ({row.keras_type})",
            row.keras_shape_text,
            row.output_shape_text,
            f"{row.params:,}",
            _("yes") if row.trainable else _("frozen"),
        )
        for row in summary.rows
    ]
    widths = [max(_width(line[i]) for line in [header, *rows]) + 2 for i in range(len(header))]
    rule = "_" * sum(widths)

    def line(cells: tuple[str, ...]) -> str:
        return "".join(
            cell + " " * (width - _width(cell)) for cell, width in zip(cells, widths, strict=True)
        ).rstrip()

    out = [
        f'Model: "{summary.name}"',
        _("Input: {shape}").format(shape=format_shape(summary.input_shape)),
        rule,
    ]
    out += [line(header), "=" * sum(widths)]
    for row in rows:
        out += [line(row), rule]
    out += [
        _("Total params: {count} ({size} MB)").format(
            count=f"{summary.total_params:,}", size=f"{summary.size_mb:.2f}"
        ),
        _("Trainable params: {count}").format(count=f"{summary.trainable_params:,}"),
        _("Non-trainable params: {count}").format(count=f"{summary.non_trainable_params:,}"),
        _("FLOPs (multiply-adds): {count}").format(count=f"{summary.flops:,}"),
    ]
    return "\n".join(out)
