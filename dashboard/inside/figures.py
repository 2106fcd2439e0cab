"""Plotly figures for "Inside a trained network" (pure functions of arrays).

Feature maps of a layer are tiled into one mosaic heatmap (one trace, fast to draw even
for 64 maps) with NaN gaps between tiles; an invisible square marker on every tile makes
it clickable, since Streamlit's on_select reads points and heatmaps give none.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from core.i18n import N_, _
from dashboard.figure_style import DIVERGING, fmt
from dashboard.plain import plot_text

# Zero is white paper, strong activations dark ink: the conv lab's light look, more contrast.
INK = [[0, "#ffffff"], [0.5, "#6f9fd8"], [1, "#0b2e59"]]
GAP = 1  # NaN cells between tiles
TILE_PX = 86  # drawn size of one tile


def grid_columns(count: int, max_columns: int = 8) -> int:
    return max(1, min(count, max_columns))


def mosaic(maps: np.ndarray, columns: int, per_map: bool = False) -> np.ndarray:
    """Maps (N, H, W) tiled row-major into one array with NaN gaps (scaled to [0, 1] each
    when `per_map`)."""
    count, height, width = maps.shape
    rows = math.ceil(count / columns)
    out = np.full((rows * (height + GAP) - GAP, columns * (width + GAP) - GAP), np.nan)
    for i, image in enumerate(maps):
        if per_map:
            low, high = float(image.min()), float(image.max())
            image = (image - low) / (high - low) if high > low else np.zeros_like(image)
        r, c = divmod(i, columns)
        out[
            r * (height + GAP) : r * (height + GAP) + height,
            c * (width + GAP) : c * (width + GAP) + width,
        ] = image
    return out


def tile_at(x: float, y: float, shape: tuple[int, int], columns: int) -> int | None:
    """The tile index under mosaic cell (x, y), or None for a gap."""
    height, width = shape
    c, dx = divmod(round(x), width + GAP)
    r, dy = divmod(round(y), height + GAP)
    if dx >= width or dy >= height or c >= columns:
        return None
    return r * columns + c


def maps_figure(
    maps: np.ndarray,
    labels: Sequence[int],
    per_map: bool = False,
    columns: int | None = None,
    unit: str = N_("channel"),
) -> go.Figure:
    """A page of feature maps (N, H, W), labelled with their channel numbers (`unit` is an
    English word marked with N_, translated here)."""
    count, height, width = maps.shape
    columns = columns or grid_columns(count)
    rows = math.ceil(count / columns)
    z = mosaic(maps, columns, per_map)
    signed = not per_map and float(np.nanmin(z)) < 0
    bound = float(np.nanmax(np.abs(z))) if z.size else 1.0
    # Raw values in the hover even when the colours are scaled per map.
    raw = mosaic(maps, columns, False)
    label_grid = np.full(z.shape, -1)
    for i, label in enumerate(labels):
        r, c = divmod(i, columns)
        label_grid[
            r * (height + GAP) : r * (height + GAP) + height,
            c * (width + GAP) : c * (width + GAP) + width,
        ] = label
    rr, cc = np.indices(z.shape)
    custom = np.stack([label_grid, rr % (height + GAP), cc % (width + GAP), raw], axis=-1)
    heat = go.Heatmap(
        z=z,
        customdata=custom,
        colorscale=DIVERGING if signed else INK,
        zmin=-bound if signed else 0.0 if per_map else min(0.0, float(np.nanmin(z))),
        zmax=bound if signed or not per_map else 1.0,
        showscale=False,
        hoverongaps=False,
        hovertemplate=_("{unit} {label}, row {row}, col {col}: {value}").format(
            unit=_(unit),
            label="%{customdata[0]}",
            row="%{customdata[1]}",
            col="%{customdata[2]}",
            value="%{customdata[3]:.3f}",
        )
        + "<extra></extra>",
    )
    centres = [
        (c * (width + GAP) + (width - 1) / 2, r * (height + GAP) + (height - 1) / 2)
        for r, c in (divmod(i, columns) for i in range(count))
    ]
    tile_px = TILE_PX if max(height, width) > 2 else 34
    clicker = go.Scatter(
        x=[x for x, _y in centres],
        y=[y for _x, y in centres],
        mode="markers",
        marker={"symbol": "square", "size": tile_px * 0.5, "opacity": 0},
        selected={"marker": {"opacity": 0}},
        unselected={"marker": {"opacity": 0}},
        customdata=list(labels),
        hovertemplate=_("{unit} {label}: click to enlarge").format(
            unit=_(unit), label="%{customdata}"
        )
        + "<extra></extra>",
    )
    fig = go.Figure([heat, clicker])
    scale = tile_px / max(height, width)
    fig.update_layout(
        height=int(rows * (height + GAP) * scale) + 20,
        width=int(columns * (width + GAP) * scale) + 20,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        xaxis={"visible": False, "constrain": "domain"},
        yaxis={"visible": False, "autorange": "reversed", "scaleanchor": "x"},
        plot_bgcolor="white",
        paper_bgcolor="white",
        showlegend=False,
        dragmode=False,
        clickmode="event+select",
    )
    return fig


def vector_figure(values: np.ndarray, title: str) -> go.Figure:
    """A 1-D layer output (Flatten, Dense) as one bar per unit."""
    fig = go.Figure(
        go.Bar(
            y=values,
            marker_color=np.where(values < 0, "#6f9fd8", "#0b2e59"),
            hovertemplate=_("unit {unit}: {value}").format(unit="%{x}", value="%{y:.3f}")
            + "<extra></extra>",
        )
    )
    fig.update_layout(
        title={"text": title, "font": {"size": 13}},
        height=180,
        bargap=0.05,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        xaxis={"title": None},
    )
    return fig


def single_map_figure(
    values: np.ndarray, title: str, mark: tuple[int, int] | None = None
) -> go.Figure:
    """One map, enlarged; small maps (up to 10 x 10) have their values written in."""
    height, width = values.shape
    signed = float(np.nanmin(values)) < 0
    bound = max(float(np.nanmax(np.abs(values))), 1e-9)
    text = None
    if max(height, width) <= 10:
        text = [[fmt(round(float(v), 2)) for v in row] for row in values]
    heat = go.Heatmap(
        z=values,
        text=text,
        texttemplate="%{text}" if text else None,
        textfont={"size": 10, "color": "#111"},
        colorscale=DIVERGING if signed else INK,
        zmin=-bound if signed else 0,
        zmax=bound,
        showscale=True,
        colorbar={"thickness": 10},
        hovertemplate=_("row {row}, col {col}: {value}").format(
            row="%{y}", col="%{x}", value="%{z:.3f}"
        )
        + "<extra></extra>",
    )
    fig = go.Figure(heat)
    if mark is not None:
        r, c = mark
        fig.add_shape(
            type="rect",
            x0=c - 0.5,
            x1=c + 0.5,
            y0=r - 0.5,
            y1=r + 0.5,
            line={"color": "#e8590c", "width": 3},
        )
    fig.update_layout(
        title={"text": title, "font": {"size": 14}},
        height=320,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        xaxis={"visible": False, "constrain": "domain"},
        yaxis={"visible": False, "autorange": "reversed", "scaleanchor": "x"},
        plot_bgcolor="white",
    )
    return fig


def kernels_rgb_figure(images: np.ndarray, columns: int = 16) -> go.Figure:
    """RGB kernels (F, k, k, 3) in [0, 1] as small colour images, in one mosaic."""
    count, k = images.shape[:2]
    columns = grid_columns(count, columns)
    planes = [mosaic(images[..., c], columns) for c in range(3)]
    rgb = np.nan_to_num(np.stack(planes, axis=-1), nan=1.0)
    fig = go.Figure(go.Image(z=(rgb * 255).round(), hoverinfo="skip"))
    rows = math.ceil(count / columns)
    scale = 40 / k
    fig.update_layout(
        height=int(rows * (k + GAP) * scale) + 20,
        width=int(columns * (k + GAP) * scale) + 20,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        xaxis={"visible": False},
        yaxis={"visible": False},
    )
    return fig


def top_k_figure(top: Sequence[tuple[str, float]], true_label: str | None = None) -> go.Figure:
    """Horizontal bars of the most probable classes, best on top; the true class green and
    marked "(true class)" (colour is not the only sign: a colour-blind student reads it)."""
    names = [name for name, _p in top][::-1]
    values = [p for _name, p in top][::-1]
    colors = ["#009E73" if name == true_label else "#0072B2" for name in names]
    names = [
        _("{name} (true class)").format(name=plot_text(name))
        if name == true_label
        else plot_text(name)
        for name in names
    ]
    fig = go.Figure(
        go.Bar(
            x=values,
            y=names,
            orientation="h",
            marker_color=colors,
            text=[f"{v:.1%}" for v in values],
            textposition="auto",
            hovertemplate="%{y}: %{x:.2%}<extra></extra>",
        )
    )
    fig.update_layout(
        height=60 + 32 * len(names),
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        xaxis={"range": [0, 1], "tickformat": ".0%"},
        title=_("Top probabilities"),
    )
    return fig


def stats_figure(names: Sequence[str], zero: Sequence[float], means: Sequence[float]) -> go.Figure:
    """Fraction of zeros (bars) and mean activation (line) per layer."""
    fig = go.Figure(
        [
            go.Bar(
                x=list(names),
                y=list(zero),
                name=_("fraction of zeros"),
                marker_color="#9cc3ea",
                hovertemplate=_("{layer}: {fraction} zeros").format(
                    layer="%{x}", fraction="%{y:.1%}"
                )
                + "<extra></extra>",
            ),
            go.Scatter(
                x=list(names),
                y=list(means),
                name=_("mean"),
                yaxis="y2",
                mode="lines+markers",
                line={"color": "#e8590c"},
                hovertemplate=_("{layer}: mean {value}").format(layer="%{x}", value="%{y:.3f}")
                + "<extra></extra>",
            ),
        ]
    )
    fig.update_layout(
        height=320,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        yaxis={"title": _("zeros"), "range": [0, 1], "tickformat": ".0%"},
        yaxis2={"title": _("mean"), "overlaying": "y", "side": "right", "showgrid": False},
        legend={"orientation": "h", "y": 1.12},
    )
    return fig
