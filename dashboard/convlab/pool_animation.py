"""The pooling stepper's figure: the padded feature map and the pooled map, every window a
frame, with max(...) or the average written out above the grids."""

from __future__ import annotations

import numpy as np

from core.convlab.steps import PoolSteps, pool2d_steps
from core.i18n import _
from dashboard.convlab.animation import AnimatedFigure, animated_figure, player_words
from dashboard.convlab.canvas import Canvas, Panel, canvas, outline, title_trace
from dashboard.convlab.figures import (
    CLICK_HOVER,
    INPUT_HOVER,
    MAX_LINE,
    PADDING_HOVER,
    VALUE_SCALE,
    WINDOW_LINE,
)
from dashboard.convlab.grids import (
    changes,
    click_targets,
    feature_map,
    input_trace,
    markdown_bold,
    wrap,
)
from dashboard.figure_style import fmt

INPUT, POOLED = range(2)  # the figure's panels, left to right


def pool_formula(steps: PoolSteps, index: int) -> str:
    """The current pooled cell: max(1, 2, 0, 1) = 2 or (1 + 2 + 0 + 1) / 4 = 1, bold in HTML."""
    r, c, _rows, _cols = steps.position(index)
    values = [fmt(v) for v in steps.windows[r, c].ravel()]
    result = fmt(steps.output[r, c])
    if steps.mode == "max":
        return f"<b>out[{r}, {c}]</b> = max({', '.join(values)}) = <b>{result}</b>"
    return f"<b>out[{r}, {c}]</b> = ({' + '.join(values)}) / {len(values)} = <b>{result}</b>"


def _shapes(board: Canvas, steps: PoolSteps, index: int) -> list[dict]:
    """The window, its largest value (max pooling) and the pooled cell it gives."""
    r, c, rows, cols = steps.position(index)
    grid = board.grids[INPUT][0]
    shapes = [
        outline(grid, (int(rows[0]), int(rows[-1])), (int(cols[0]), int(cols[-1])), WINDOW_LINE, 3)
    ]
    if steps.mode == "max":
        i, j = divmod(int(steps.argmax[r, c]), steps.size)
        mark = (int(rows[i]), int(rows[i])), (int(cols[j]), int(cols[j]))
        shapes.append(outline(grid, *mark, MAX_LINE, 4))
    return [*shapes, outline(board.grids[POOLED][0], (r, r), (c, c), WINDOW_LINE, 4)]


def _pooled(board: Canvas, steps: PoolSteps, index: int) -> dict:
    """The pooled map with every cell up to step `index` filled in."""
    done = np.arange(steps.output.size).reshape(steps.output.shape) <= index
    bounds = (float(steps.output.min()), float(steps.output.max()))
    return feature_map(board.grids[POOLED][0], steps.output, done, bounds, "%{text}")


def pool_figure(
    x: np.ndarray,
    size: int,
    stride: int,
    padding: int,
    mode: str,
    start: int,
    speed: float,
    language: str,
    narrow: bool = False,
) -> AnimatedFigure:
    """Every window of this pooling as one animated figure, shown at step `start`, played at
    `speed` steps per second. `language` keys the shared figure cache; the texts are in the
    session's language; `narrow`: laid out for a phone (dashboard.convlab.canvas)."""
    del language
    steps = pool2d_steps(x, size, stride, padding, mode)
    pad_word = "−∞" if mode == "max" else "0"
    heading = _("**Input** (grey = padding, {value})").format(value=pad_word)
    padded, out = steps.padded.shape[0], steps.output.shape[0]
    panels = [
        Panel(markdown_bold(heading), [_("feature map")], padded, padded),
        Panel(markdown_bold(_("**Pooled map** (click a cell)")), [_("output")], out, out),
    ]
    chars = canvas(panels, 0, narrow).chars_per_line()
    lines = [wrap(pool_formula(steps, i), chars, ", ") for i in range(len(steps))]
    board = canvas(panels, max(len(text) for text in lines), narrow)
    p = steps.padding
    inner = steps.padded[p : padded - p, p : padded - p]
    bounds = (float(inner.min()), float(inner.max()))
    hovers = (_(INPUT_HOVER), _(PADDING_HOVER))
    grids = [board.grids[INPUT][0], board.grids[POOLED][0]]
    traces = [
        input_trace(grids[0], steps.padded, p, VALUE_SCALE, hovers, bounds),
        _pooled(board, steps, 0),
        click_targets(grids[1:], (1, out, out), _(CLICK_HOVER)),
        title_trace(board, grids, [g.title for g in grids]),
    ]
    frames = [
        {
            "data": [changes(_pooled(board, steps, i))],
            "traces": [1],
            "text": lines[i],
            "shapes": _shapes(board, steps, i),
        }
        for i in range(len(steps))
    ]
    start = min(start, len(steps) - 1)
    return AnimatedFigure(
        animated_figure(board, traces, frames, start, speed, player_words(narrow))
    )
