"""Plotly figures of grids of numbers for the convolution and pooling pages (pure functions).

Every grid is a heatmap with the value written in each cell; padding is a second, grey heatmap
so it reads as a border; the current window is drawn as shapes on top.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core.i18n import N_

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
DIVERGING = [[0, "#6f9fd8"], [0.5, "#ffffff"], [1, "#e8896e"]]
PENDING_SCALE = [[0, "#f3f3f3"], [1, "#f3f3f3"]]
# Hover texts (Plotly templates). The figures are pure functions shared by every session
# (dashboard.figure_cache keys them by their arguments), so the pages pass these translated,
# as arguments, and the language is part of the key; the defaults are the English msgids.
INPUT_HOVER = N_("padded row %{y}, col %{x}: %{text}")
PADDING_HOVER = N_("padding: %{text}")
WEIGHT_HOVER = N_("weight %{text}")
PENDING_HOVER = N_("not computed yet")
CLICK_HOVER = N_("click to jump to this cell")


def fmt(value: float) -> str:
    """A number as a student writes it: 4 not 4.0, -0.25 not -0.25000001, −∞ for -inf."""
    if np.isneginf(value):
        return "−∞"
    if abs(value - round(value)) < 1e-9:
        return str(int(np.rint(value)))
    return f"{value:.2f}".rstrip("0")


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


def _rect(
    shapes: list[dict], panel: int, rows: tuple[int, int], cols: tuple[int, int], line: dict
) -> None:
    """Outline cells rows[0]..rows[1] × cols[0]..cols[1] of subplot `panel` (1-based).

    Shapes are collected as dicts and set once: fig.add_shape per cell is quadratic in plotly.
    """
    axis = "" if panel == 1 else str(panel)
    shapes.append(
        {
            "type": "rect",
            "xref": f"x{axis}",
            "yref": f"y{axis}",
            "x0": cols[0] - 0.5,
            "x1": cols[1] + 0.5,
            "y0": rows[0] - 0.5,
            "y1": rows[1] + 0.5,
            "line": line,
        }
    )


def input_figure(
    padded: np.ndarray,
    padding: int,
    titles: Sequence[str],
    window: tuple[np.ndarray, np.ndarray] | None = None,
    mark: tuple[int, int] | None = None,
    scales: Sequence[list] | None = None,
    hovers: tuple[str, str] = (INPUT_HOVER, PADDING_HOVER),
) -> go.Figure:
    """Padded input (C, H, W): real cells coloured by value, padding grey, window highlighted.
    `hovers`: the hover texts of a cell and of a padding cell."""
    channels, height, width = padded.shape
    fig = make_subplots(rows=channels, cols=1, subplot_titles=list(titles), vertical_spacing=0.04)
    inner = np.zeros((height, width), dtype=bool)
    inner[padding : height - padding, padding : width - padding] = True
    shapes: list[dict] = []
    finite = padded[:, inner]
    zmin, zmax = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    for c in range(channels):
        text = _text(padded[c])
        if window is not None:  # the numbers under the kernel in bold
            for r in window[0]:
                for col in window[1]:
                    text[r][col] = f"<b>{text[r][col]}</b>"
        scale = scales[c] if scales else VALUE_SCALE
        hover = hovers[0]
        fig.add_trace(
            _heatmap(
                np.where(inner, padded[c], np.nan), text, scale, zmin, max(zmax, zmin + 1), hover
            ),
            row=c + 1,
            col=1,
        )
        if padding:
            pad = np.where(inner, np.nan, 0.0)
            fig.add_trace(
                _heatmap(pad, text, [[0, PAD_COLOR], [1, PAD_COLOR]], 0, 1, hovers[1]),
                row=c + 1,
                col=1,
            )
        if window is not None:
            rows, cols = window
            for r in rows:
                for col in cols:
                    cell = {"color": WINDOW_LINE, "width": 1.5}
                    _rect(shapes, c + 1, (int(r), int(r)), (int(col), int(col)), cell)
            border = {"color": WINDOW_LINE, "width": 3}
            _rect(
                shapes, c + 1, (int(rows[0]), int(rows[-1])), (int(cols[0]), int(cols[-1])), border
            )
        if mark is not None:
            _rect(
                shapes,
                c + 1,
                (mark[0], mark[0]),
                (mark[1], mark[1]),
                {"color": MAX_LINE, "width": 4},
            )
    fig.update_layout(shapes=shapes)
    return _grid_layout(fig, channels, height, width)


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


def products_figure(window: np.ndarray, kernel: np.ndarray, titles: Sequence[str]) -> go.Figure:
    """Element-wise products (C, k, k), each cell written as input×weight over its product."""
    channels, k, _width = window.shape
    products = window * kernel
    fig = make_subplots(rows=channels, cols=1, subplot_titles=list(titles), vertical_spacing=0.04)
    bound = max(float(np.abs(products).max()), 1e-9)
    for c in range(channels):
        text = [
            [f"{fmt(a)}×{fmt(w)}<br><b>{fmt(a * w)}</b>" for a, w in zip(ra, rw, strict=True)]
            for ra, rw in zip(window[c], kernel[c], strict=True)
        ]
        heat = _heatmap(products[c], text, DIVERGING, -bound, bound, "%{text}", 0)
        heat.textfont = {"size": 11, "color": "#111"}
        fig.add_trace(heat, row=c + 1, col=1)
    fig = _grid_layout(fig, channels, k, k)
    # Two lines of text per cell need bigger cells than a plain grid.
    return fig.update_layout(height=fig.layout.height * 1.45, width=max(k * 58 + 20, 140))


def output_figure(
    output: np.ndarray,
    current: int,
    titles: Sequence[str],
    hovers: tuple[str, str] = (PENDING_HOVER, CLICK_HOVER),
) -> go.Figure:
    """Output maps (F, Ho, Wo): cells up to step `current` filled in, later ones '?'.

    An invisible square marker sits on every cell so a click selects it (Streamlit's
    on_select reads points, which heatmaps do not give); customdata holds its step index.
    `hovers`: the hover texts of a cell not computed yet and of the click target.
    """
    filters, height, width = output.shape
    order = np.arange(output.size).reshape(output.shape)
    fig = make_subplots(rows=filters, cols=1, subplot_titles=list(titles), vertical_spacing=0.06)
    done = order <= current
    zmin, zmax = float(output.min()), float(output.max())
    for f in range(filters):
        text = [[fmt(v) for v in row] for row in output[f]]
        values = np.where(done[f], output[f], np.nan)
        heat = _heatmap(values, text, VALUE_SCALE, zmin, max(zmax, zmin + 1), "%{text}")
        fig.add_trace(heat, row=f + 1, col=1)
        pending = np.where(done[f], np.nan, 0.0)
        qmarks = [["?"] * width for _row in range(height)]
        fig.add_trace(_heatmap(pending, qmarks, PENDING_SCALE, 0, 1, hovers[0]), f + 1, 1)
        rows, cols = np.divmod(np.arange(height * width), width)
        fig.add_trace(
            go.Scatter(
                x=cols,
                y=rows,
                mode="markers",
                marker={"symbol": "square", "size": CELL_PX - 4, "opacity": 0},
                selected={"marker": {"opacity": 0}},
                unselected={"marker": {"opacity": 0}},
                customdata=order[f].ravel(),
                hovertemplate=hovers[1] + "<extra></extra>",
            ),
            row=f + 1,
            col=1,
        )
    f_cur, r_cur, c_cur = np.unravel_index(current, output.shape)
    current = {"color": WINDOW_LINE, "width": 4}
    _rect(shapes := [], int(f_cur) + 1, (int(r_cur), int(r_cur)), (int(c_cur), int(c_cur)), current)
    fig.update_layout(shapes=shapes)
    fig = _grid_layout(fig, filters, height, max(width, 3))
    return fig.update_layout(clickmode="event+select")


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
