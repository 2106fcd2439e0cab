"""The Keras-style summary as plain text, for the CLI and for copying."""

from __future__ import annotations

from core.model.build import ModelSummary
from core.model.specs import format_shape


def format_summary(summary: ModelSummary) -> str:
    """A Keras-like table: Layer (type), Output Shape, Param #, then the totals."""
    header = ("Layer (type)", "Output Shape", "Param #", "Trainable")
    rows = [
        (
            f"{row.name} ({row.keras_type})",
            row.output_shape_text,
            f"{row.params:,}",
            "yes" if row.trainable else "frozen",
        )
        for row in summary.rows
    ]
    widths = [max(len(line[i]) for line in [header, *rows]) + 2 for i in range(4)]
    rule = "_" * sum(widths)

    def line(cells: tuple[str, ...]) -> str:
        return "".join(
            cell.ljust(width) for cell, width in zip(cells, widths, strict=True)
        ).rstrip()

    out = [f'Model: "{summary.name}"', f"Input: {format_shape(summary.input_shape)}", rule]
    out += [line(header), "=" * sum(widths)]
    for row in rows:
        out += [line(row), rule]
    out += [
        f"Total params: {summary.total_params:,} ({summary.size_mb:.2f} MB)",
        f"Trainable params: {summary.trainable_params:,}",
        f"Non-trainable params: {summary.non_trainable_params:,}",
        f"FLOPs (multiply-adds): {summary.flops:,}",
    ]
    return "\n".join(out)
