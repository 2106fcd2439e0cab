"""The traces of a step-by-step figure: grids of numbers, the feature map filling in, the
cells a student clicks, and the texts written under them.

Grey cells (padding, cells not computed yet) are part of their grid's heatmap, not a second
heatmap on top: the colour scale starts with a grey band below the smallest value. A browser
redraws every heatmap on every step, so fewer heatmaps means faster steps.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from dashboard.convlab.canvas import Grid, columns_of
from dashboard.convlab.figures import PAD_COLOR, VALUE_SCALE
from dashboard.figure_style import fmt

GREY_BAND = 0.04  # the part of the colour range below the values, drawn grey
PENDING = "?"  # a feature-map cell not computed yet


def heatmap(
    grid: Grid,
    z: np.ndarray,
    text: list[list[str]] | None,
    scale: list,
    bounds: tuple[float, float],
    hover: str,
    grey: np.ndarray | None = None,
) -> dict:
    """A grid of numbers coloured from bounds[0] to bounds[1]; cells in the `grey` mask are
    grey (their z is replaced by one below the range), with the given text or none."""
    low, high = bounds[0], max(bounds[1], bounds[0] + 1e-9)
    values = np.array(z, dtype=np.float64)
    if text is None:
        text = [[fmt(v) for v in row] for row in np.where(np.isfinite(values), values, 0.0)]
    if grey is not None and grey.any():
        below = (high - low) * GREY_BAND / (1 - GREY_BAND)
        values = np.where(grey, low - below, values)
        low -= below
        scale = _with_grey(scale)
    return {
        "type": "heatmap",
        "z": rounded(values),
        "text": text,
        "texttemplate": "%{text}",
        "textfont": {"size": grid.font, "color": "#111"},
        "colorscale": scale,
        "zmin": low,
        "zmax": high,
        "x0": grid.x + grid.dx / 2,
        "dx": grid.dx,
        "y0": grid.y + 0.5,
        "dy": 1,
        "showscale": False,
        "xgap": 2,
        "ygap": 2,
        "hovertemplate": hover + "<extra></extra>",
    }


def _with_grey(scale: list) -> list:
    """`scale` squeezed above GREY_BAND, with grey below it."""
    squeezed = [[GREY_BAND + (1 - GREY_BAND) * stop, colour] for stop, colour in scale]
    return [[0, PAD_COLOR], [GREY_BAND * 0.999, PAD_COLOR], *squeezed]


def rounded(z: np.ndarray) -> list:
    """4 decimals are enough for a colour and keep hundreds of frames small."""
    return [[round(float(v), 4) for v in row] for row in z]


FRAME_KEYS = ("type", "z", "text", "zmin", "zmax", "colorscale")


def changes(trace: dict) -> dict:
    """What a frame sends of a heatmap: its numbers, texts and colour range, not its style."""
    return {key: trace[key] for key in FRAME_KEYS if key in trace}


def input_trace(
    grid: Grid,
    padded: np.ndarray,
    padding: int,
    scale: list,
    hovers: tuple[str, str],
    bounds: tuple[float, float],
) -> dict:
    """One padded input: cells coloured by value, the padding plain grey around them (no
    number on it: the heading says what it holds). `hovers`: a cell's and the padding's."""
    height, width = padded.shape
    pad = np.ones(padded.shape, dtype=bool)
    pad[padding : height - padding, padding : width - padding] = False
    values = np.where(pad, 0.0, padded)
    text = [[fmt(v) for v in row] for row in padded]  # −∞ on max pooling's padding
    hover = [
        [_hover(hovers[int(pad[r, c])], r, c, text[r][c]) for c in range(width)]
        for r in range(height)
    ]
    text = [
        ["" if p else t for t, p in zip(tr, pr, strict=True)]
        for tr, pr in zip(text, pad, strict=True)
    ]
    trace = heatmap(grid, values, text, scale, bounds, "%{customdata}", pad)
    return trace | {"customdata": hover}


def _hover(template: str, row: int, col: int, text: str) -> str:
    """A cell's hover text, its row and column filled in here: on the figure's one pair of
    axes, plotly's %{x} and %{y} are positions, not cell numbers."""
    return template.replace("%{y}", str(row)).replace("%{x}", str(col)).replace("%{text}", text)


def feature_map(
    grid: Grid, values: np.ndarray, done: np.ndarray, bounds: tuple[float, float], hover: str
) -> dict:
    """An output map filling in: the cells computed so far (`done`) with their values, the
    others grey with a question mark."""
    text = [
        [fmt(v) if ok else PENDING for v, ok in zip(vr, dr, strict=True)]
        for vr, dr in zip(values, done, strict=True)
    ]
    return heatmap(grid, values, text, VALUE_SCALE, bounds, hover, ~done)


def click_targets(grids: Sequence[Grid], shape: tuple[int, int, int], hover: str) -> dict:
    """An invisible square on every output cell: a click selects it (Streamlit reads points,
    which heatmaps do not give) and its customdata is the step that computes it (filters
    first, then rows)."""
    filters, rows, cols = shape
    x, y = [], []
    for f in range(filters):
        for r in range(rows):
            for c in range(cols):
                cx, cy = grids[f].centre(r, c)
                x.append(cx)
                y.append(cy)
    return {
        "type": "scatter",
        "x": x,
        "y": y,
        "mode": "markers",
        "marker": {"symbol": "square", "size": max(grids[0].px - 4, 4), "opacity": 0},
        "selected": {"marker": {"opacity": 0}},
        "unselected": {"marker": {"opacity": 0}},
        "customdata": list(range(filters * rows * cols)),
        "hovertemplate": hover + "<extra></extra>",
    }


def markdown_bold(text: str) -> str:
    """The catalogue's Markdown bold (**x**) as the figure's HTML bold (<b>x</b>)."""
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text)


def wrap(text: str, chars: int, separator: str = " + ", indent: str = "    ") -> list[str]:
    """Break a long sum (or, with separator " ", a sentence) into lines of about `chars`
    characters, after a separator; lines after the first start with `indent`."""
    lines, line = [], ""
    for part in text.split(separator):
        piece = part if not line else line + separator + part
        if line and columns_of(piece) > chars:
            lines.append(line + separator.rstrip())
            line = indent + part
        else:
            line = piece
    return [*lines, line]
