"""Plotly figures of the builder: the architecture diagram (pure functions, no Streamlit)."""

from __future__ import annotations

import math

import plotly.graph_objects as go

from core.i18n import _, ngettext
from core.model.summary import ModelSummary

COLORS = {
    "Conv2D": "#4C78A8",
    "MaxPooling2D": "#F58518",
    "AveragePooling2D": "#F58518",
    "GlobalAveragePooling2D": "#F58518",
    "ResidualBlock": "#2E5A88",
    "BottleneckBlock": "#2E5A88",
    "InvertedResidualBlock": "#2E5A88",
    "DepthwiseConv2D": "#4C78A8",
    "Dense": "#54A24B",
    "Flatten": "#B279A2",
    "BatchNormalization": "#9D755D",
    "Dropout": "#BAB0AC",
}
DEFAULT_COLOR = "#72B7B2"  # activations
GAP = 0.6


def _box(shape: tuple[int, ...], max_side: int, max_flat: int) -> tuple[float, float]:
    """(width, height) of a layer's box: height to scale of the spatial size (or the vector
    length), width growing with the number of channels (log scale: 3 to 512 fits)."""
    if len(shape) == 3:
        channels, height, _width = shape
        return 0.3 + 0.35 * math.log2(channels + 1), 0.4 + 5.6 * height / max_side
    length = shape[0]
    return 0.35, 0.4 + 5.6 * math.log10(length + 1) / math.log10(max_flat + 1)


def architecture_figure(summary: ModelSummary) -> go.Figure:
    """Each layer as a box, left to right: taller = larger maps, wider = more channels."""
    shapes = [summary.input_shape, *(row.output_shape for row in summary.rows)]
    max_side = max(shape[1] for shape in shapes if len(shape) == 3)
    max_flat = max([shape[0] for shape in shapes if len(shape) == 1] or [10])
    entries = [(_("Input"), "", summary.input_shape, "#888888", _("the image batch"))]
    for row in summary.rows:
        detail = ngettext("{count:,} param", "{count:,} params", row.params).format(
            count=row.params
        )
        if not row.trainable:
            detail = _("{params} (frozen)").format(params=detail)
        color = COLORS.get(row.keras_type, DEFAULT_COLOR)
        entries.append((row.keras_type, row.name, row.output_shape, color, detail))
    # Everything is collected first and handed to plotly once: add_shape/add_annotation one
    # at a time re-validate the whole list each call (a quarter second for a small CNN).
    rects, annotations, centres, hovers, colors = [], [], [], [], []
    x = 0.0
    for label, name, shape, color, detail in entries:
        width, height = _box(shape, max_side, max_flat)
        rects.append(
            {
                "type": "rect",
                "x0": x,
                "x1": x + width,
                "y0": -height / 2,
                "y1": height / 2,
                "fillcolor": color,
                "opacity": 0.85,
                "line": {"color": "white", "width": 1},
            }
        )
        shape_text = "x".join(str(size) for size in shape)
        centres.append(x + width / 2)
        colors.append(color)
        hovers.append(f"<b>{name or label}</b> ({label})<br>{shape_text}<br>{detail}")
        annotations.append(
            {
                "x": x + width / 2,
                "y": height / 2 + 0.15,
                "text": label,
                "textangle": -60,
                "showarrow": False,
                "yanchor": "bottom",
                "xanchor": "left",
                "font": {"size": 11},
            }
        )
        annotations.append(
            {
                "x": x + width / 2,
                "y": -height / 2 - 0.15,
                "text": shape_text,
                "textangle": -60,
                "showarrow": False,
                "yanchor": "top",
                "xanchor": "right",
                "font": {"size": 10, "color": "#555"},
            }
        )
        x += width + GAP
    hover_points = {
        "type": "scatter",
        "x": centres,
        "y": [0] * len(centres),
        "mode": "markers",
        "hovertext": hovers,
        "marker": {"size": 1, "color": colors, "opacity": 0},
        "hovertemplate": "%{hovertext}<extra></extra>",
        "showlegend": False,
    }
    # The layout in the same one call: update_xaxes/update_layout afterwards took plotly's
    # slow update path (a third of the figure's time, on every run of the Build a CNN page).
    layout = {
        "shapes": rects,
        "annotations": annotations,
        "xaxis": {"visible": False, "range": [-0.5, x + 0.5]},
        "yaxis": {"visible": False, "range": [-5.5, 5.5]},
        "height": 420,
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "plot_bgcolor": "white",
        "dragmode": False,
    }
    return go.Figure({"data": [hover_points], "layout": layout})
