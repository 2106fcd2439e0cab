"""What the convolution and pooling figures share: the colours, the hover texts, the kernel
figure of the photo panels, and feature maps as images (the signed colour scale and the way a
number is written are dashboard.figure_style's, shared with the Inside page).

Every grid is a heatmap with the value written in each cell (pure functions).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core.i18n import N_
from dashboard.figure_style import DIVERGING, fmt

CELL_PX = 38
PAD_COLOR = "#d4d4d4"
WINDOW_LINE = "#e8590c"
MAX_LINE = "#2b8a3e"
# Light colour scales keep black text readable; RGB channels get their own tint.
VALUE_SCALE = [[0, "#ffffff"], [1, "#9cc3ea"]]
CHANNEL_SCALES = {
    "R": [[0, "#ffffff"], [1, "#f08c8c"]],
    "G": [[0, "#ffffff"], [1, "#8fd18f"]],
    "B": [[0, "#ffffff"], [1, "#8cb4f0"]],
}
# Hover texts (Plotly templates). The figures are pure functions shared by every session
# (dashboard.figure_cache keys them by their arguments), so the pages pass these translated,
# as arguments, and the language is part of the key; the defaults are the English msgids.
INPUT_HOVER = N_("padded row %{y}, col %{x}: %{text}")
PADDING_HOVER = N_("padding: %{text}")
WEIGHT_HOVER = N_("weight %{text}")
CLICK_HOVER = N_("click to jump to this cell")


def _text(values: np.ndarray) -> list[list[str]]:
    return [[fmt(v) for v in row] for row in values]


def _heatmap(
    z: np.ndarray,
    text: list[list[str]],
    scale: list,
    zmin: float,
    zmax: float,
    hover: str,
    zmid: float | None = None,
) -> go.Heatmap:
    # Plotly writes text even on NaN cells; blank those so overlaid grids do not double up.
    text = [
        [t if np.isfinite(v) else "" for t, v in zip(tr, zr, strict=True)]
        for tr, zr in zip(text, z, strict=True)
    ]
    return go.Heatmap(
        z=z,
        text=text,
        texttemplate="%{text}",
        textfont={"size": 14, "color": "#111"},
        colorscale=scale,
        zmin=zmin,
        zmax=zmax,
        zmid=zmid,
        showscale=False,
        xgap=2,
        ygap=2,
        hovertemplate=hover + "<extra></extra>",
    )


def _grid_layout(fig: go.Figure, panels: int, height_cells: int, width_cells: int) -> go.Figure:
    axes: dict[str, dict] = {}
    for i in range(1, panels + 1):  # one update_layout call: plotly validates per call
        n = "" if i == 1 else str(i)
        axes[f"xaxis{n}"] = {"visible": False, "constrain": "domain"}
        axes[f"yaxis{n}"] = {
            "visible": False,
            "autorange": "reversed",
            "scaleanchor": f"x{n}",
            "constrain": "domain",
        }
    fig.update_layout(
        **axes,
        height=panels * (height_cells * CELL_PX + 34) + 10,
        width=max(width_cells * CELL_PX + 20, 140),
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        plot_bgcolor="white",
        paper_bgcolor="white",
        showlegend=False,
        dragmode=False,
    )
    fig.update_annotations(font_size=13)
    return fig


def kernel_figure(
    kernels: np.ndarray, titles: Sequence[str], hover: str = WEIGHT_HOVER
) -> go.Figure:
    """Kernel slices (C, k, k), negative weights blue and positive red around white zero."""
    channels, k, _width = kernels.shape
    fig = make_subplots(rows=channels, cols=1, subplot_titles=list(titles), vertical_spacing=0.04)
    bound = max(float(np.abs(kernels).max()), 1e-9)
    for c in range(channels):
        heat = _heatmap(kernels[c], _text(kernels[c]), DIVERGING, -bound, bound, hover, 0)
        fig.add_trace(heat, row=c + 1, col=1)
    return _grid_layout(fig, channels, k, max(k, 3))


# A photo's feature map is mostly small values with a few very strong ones (an edge kernel on
# a sharp corner): scaled to its maximum it looks black. White is this percentile instead,
# and the few values above it are clipped to white; the caption says so.
DISPLAY_PERCENTILE = 98.0


def display_bound(values: np.ndarray, signed: bool) -> float:
    """The value shown as white (and, signed, minus it as black): the 99th percentile of
    the magnitudes, or the maximum when that is 0."""
    magnitudes = np.abs(values) if signed else np.asarray(values, dtype=np.float64)
    bound = float(np.percentile(magnitudes, DISPLAY_PERCENTILE)) if magnitudes.size else 0.0
    return bound if bound > 1e-12 else max(float(magnitudes.max(initial=0.0)), 1e-12)


def to_gray_image(values: np.ndarray, signed: bool, clip_percentile: bool = False) -> np.ndarray:
    """A map as uint8 pixels: 0 black to max white, or (signed) 0 mid-grey, ± darker/brighter.
    With `clip_percentile`, white is `display_bound` rather than the maximum."""
    values = np.asarray(values, dtype=np.float64)
    if signed:
        bound = display_bound(values, True) if clip_percentile else None
        bound = bound or max(float(np.abs(values).max()), 1e-12)
        scaled = 0.5 + 0.5 * values / bound
    else:
        low = float(values.min())
        high = display_bound(values, False) if clip_percentile else float(values.max())
        scaled = (values - low) / max(high - low, 1e-12)
    return np.clip(np.round(scaled * 255), 0, 255).astype(np.uint8)
