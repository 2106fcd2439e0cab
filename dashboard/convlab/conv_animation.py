"""The convolution stepper's figure: input, kernel, products and feature map, every step a
frame, with the step's sum written out above the grids."""

from __future__ import annotations

import numpy as np

from core.convlab.steps import ConvStep, ConvSteps, conv2d_steps
from core.i18n import _, ngettext
from dashboard.convlab.animation import AnimatedFigure, animated_figure, player_words
from dashboard.convlab.canvas import Canvas, Panel, canvas, outline, title_trace
from dashboard.convlab.figures import (
    CHANNEL_SCALES,
    CLICK_HOVER,
    INPUT_HOVER,
    PADDING_HOVER,
    VALUE_SCALE,
    WEIGHT_HOVER,
    WINDOW_LINE,
)
from dashboard.convlab.grids import (
    changes,
    click_targets,
    feature_map,
    heatmap,
    input_trace,
    markdown_bold,
    wrap,
)
from dashboard.figure_style import DIVERGING, fmt

PRODUCTS_STRETCH = 1.5  # a product cell holds two lines: "input×weight" over the product
INPUT, KERNEL, PRODUCTS, FEATURE_MAP = range(4)  # the figure's panels, left to right


def _term(a: float, w: float) -> str:
    return f"({fmt(a)}×{fmt(w)})"


def channel_sum_text(step: ConvStep, channel: int) -> str:
    """The products of one channel written out: (1×1) + (1×0) + ... = 3."""
    terms = " + ".join(
        _term(a, w)
        for a, w in zip(step.window[channel].ravel(), step.kernel[channel].ravel(), strict=True)
    )
    return f"{terms} = {fmt(step.channel_sums[channel])}"


def conv_formula(step: ConvStep, filters: int, channel_names: list[str]) -> str:
    """The current output cell with the actual numbers, bold in HTML."""
    prefix = f"{step.filter}, " if filters > 1 else ""
    name = f"out[{prefix}{step.row}, {step.col}]"
    if len(channel_names) == 1:
        body = " + ".join(
            _term(a, w) for a, w in zip(step.window.ravel(), step.kernel.ravel(), strict=True)
        )
    else:
        body = " + ".join(
            f"{n}: {fmt(s)}" for n, s in zip(channel_names, step.channel_sums, strict=True)
        )
    text = _("**{cell}** = {body} + bias {bias} = **{total}**").format(
        cell=name, body=body, bias=fmt(step.bias), total=fmt(step.total)
    )
    return markdown_bold(text)


def window_text(steps: ConvSteps, step: ConvStep) -> str:
    """Where the window sits and how far apart its taps are."""
    s, d = steps.stride, steps.dilation
    return ngettext(
        "The window's top-left corner is at padded row {row}·s = {top}, column "
        "{col}·s = {left} (s = {s}); its taps are d = {d} cell apart, so it "
        "spans {height}×{width} cells.",
        "The window's top-left corner is at padded row {row}·s = {top}, column "
        "{col}·s = {left} (s = {s}); its taps are d = {d} cells apart, so it "
        "spans {height}×{width} cells.",
        d,
    ).format(
        row=step.row,
        top=step.rows[0],
        col=step.col,
        left=step.cols[0],
        s=s,
        d=d,
        height=step.rows[-1] - step.rows[0] + 1,
        width=step.cols[-1] - step.cols[0] + 1,
    )


def step_lines(steps: ConvSteps, step: ConvStep, names: list[str], chars: int) -> list[str]:
    """The text above the grids: the formula, each channel's sum, where the window is."""
    lines = wrap(conv_formula(step, steps.output.shape[0], names), chars)
    if len(names) > 1:
        for i, name in enumerate(names):
            lines += wrap(f"{name}: {channel_sum_text(step, i)}", chars)
    return lines + wrap(window_text(steps, step), chars, " ", "")


def _panels(steps: ConvSteps, names: list[str]) -> list[Panel]:
    size = steps.padded.shape[1]
    filters, out_size, _width = steps.output.shape
    k = steps.kernels.shape[-1]
    weights = [_("{channel} weights").format(channel=n) for n in names]
    maps = [_("filter {number}").format(number=i + 1) for i in range(filters)]
    return [
        Panel(markdown_bold(_("**Input** (grey = zero padding)")), names, size, size),
        Panel(_kernel_heading(filters - 1), weights, k, k),  # titled by each frame
        Panel(
            markdown_bold(_("**Products** (input × weight)")),
            [None] * len(names),  # "R: sum 3", written by each frame
            k,
            k,
            PRODUCTS_STRETCH,
        ),
        Panel(markdown_bold(_("**Feature map** (click a cell)")), maps, out_size, out_size),
    ]


def _kernel_trace(board: Canvas, steps: ConvSteps, f: int, c: int) -> dict:
    bound = max(float(np.abs(steps.kernels[f]).max()), 1e-9)
    grid = board.grids[KERNEL][c]
    trace = heatmap(grid, steps.kernels[f, c], None, DIVERGING, (-bound, bound), _(WEIGHT_HOVER))
    return trace | {"zmid": 0}


def _products_trace(board: Canvas, step: ConvStep, c: int) -> dict:
    products = step.products[c]
    bound = max(float(np.abs(step.products).max()), 1e-9)
    grid = board.grids[PRODUCTS][c]
    if grid.px >= 30:  # room for "input×weight" over the product
        text = [
            [f"{fmt(a)}×{fmt(w)}<br><b>{fmt(a * w)}</b>" for a, w in zip(ra, rw, strict=True)]
            for ra, rw in zip(step.window[c], step.kernel[c], strict=True)
        ]
    else:
        text = [[f"<b>{fmt(v)}</b>" for v in row] for row in products]
    trace = heatmap(grid, products, text, DIVERGING, (-bound, bound), "%{text}")
    trace["textfont"] = {"size": max(8, grid.font - 3), "color": "#111"}
    return trace | {"zmid": 0}


def _maps(board: Canvas, steps: ConvSteps, index: int) -> list[dict]:
    """The feature maps with every cell up to step `index` filled in."""
    done = np.arange(steps.output.size).reshape(steps.output.shape) <= index
    bounds = (float(steps.output.min()), float(steps.output.max()))
    return [
        feature_map(grid, steps.output[f], done[f], bounds, "%{text}")
        for f, grid in enumerate(board.grids[FEATURE_MAP])
    ]


def _kernel_heading(f: int) -> str:
    return markdown_bold(_("**Kernel** (filter {number})").format(number=f + 1))


def _step_titles(board: Canvas, step: ConvStep, names: list[str]) -> dict:
    """The titles that change with the step: whose kernel it is ("Kernel (filter 2)") over
    its channels' weights, and each products grid's sum ("R: sum 3")."""
    kernels, products = board.grids[KERNEL], board.grids[PRODUCTS]
    weights = [_("{channel} weights").format(channel=n) for n in names]
    texts = [_kernel_heading(step.filter) + "<br>" + weights[0], *weights[1:]]
    for c, (grid, name) in enumerate(zip(products, names, strict=True)):
        total = _("{channel}: sum {value}").format(channel=name, value=fmt(step.channel_sums[c]))
        texts.append(f"{grid.title}<br>{total}" if c == 0 else total)
    return title_trace(board, [*kernels, *products], texts)


def _static_traces(board: Canvas, steps: ConvSteps, names: list[str]) -> list[dict]:
    """Input, first kernel, first products, feature maps, click targets and titles; the
    frames then change the kernel, the products, the maps and the products' titles."""
    channels = steps.padded.shape[0]
    p = steps.padding
    inner = steps.padded[:, p : steps.padded.shape[1] - p, p : steps.padded.shape[2] - p]
    bounds = (float(inner.min()), float(inner.max()))
    scales = [CHANNEL_SCALES[n] for n in names] if channels == 3 else [VALUE_SCALE]
    hovers = (_(INPUT_HOVER), _(PADDING_HOVER))
    traces = [
        input_trace(board.grids[INPUT][c], steps.padded[c], p, scales[c], hovers, bounds)
        for c in range(channels)
    ]
    traces += [_kernel_trace(board, steps, 0, c) for c in range(channels)]
    traces += [_products_trace(board, steps.step(0), c) for c in range(channels)]
    traces += _maps(board, steps, 0)
    traces.append(click_targets(board.grids[FEATURE_MAP], steps.output.shape, _(CLICK_HOVER)))
    fixed = [g for panel in (INPUT, FEATURE_MAP) for g in board.grids[panel]]
    traces.append(title_trace(board, fixed, [g.title for g in fixed]))
    return [*traces, _step_titles(board, steps.step(0), names)]


def _window(board: Canvas, steps: ConvSteps, step: ConvStep) -> list[dict]:
    """The window on every input channel (each tap outlined when dilation spreads them) and
    the output cell it computes."""
    shapes = []
    rows, cols = (int(step.rows[0]), int(step.rows[-1])), (int(step.cols[0]), int(step.cols[-1]))
    for grid in board.grids[INPUT]:
        if steps.dilation > 1:
            for r in step.rows:
                for col in step.cols:
                    tap = ((int(r), int(r)), (int(col), int(col)))
                    shapes.append(outline(grid, *tap, WINDOW_LINE, 1.5))
        shapes.append(outline(grid, rows, cols, WINDOW_LINE, 3))
    here = ((step.row, step.row), (step.col, step.col))
    return [*shapes, outline(board.grids[FEATURE_MAP][step.filter], *here, WINDOW_LINE, 4)]


def _frame(
    board: Canvas, steps: ConvSteps, step: ConvStep, names: list[str], lines, ids, kernels
) -> dict:
    """Step `step`'s frame; `kernels` holds each filter's kernel grids (None: one filter)."""
    data = list(kernels[step.filter]) if kernels else []  # the kernel changes with the filter
    data += [changes(_products_trace(board, step, c)) for c in range(len(names))]
    data += [changes(trace) for trace in _maps(board, steps, step.index)]
    data.append({"type": "scatter", "text": _step_titles(board, step, names)["text"]})
    return {"data": data, "traces": ids, "text": lines, "shapes": _window(board, steps, step)}


def conv_figure(
    x: np.ndarray,
    kernels: np.ndarray,
    bias: float,
    stride: int,
    padding: int,
    dilation: int,
    start: int,
    speed: float,
    language: str,
    narrow: bool = False,
) -> AnimatedFigure:
    """Every step of this Conv2D as one animated figure, shown at step `start`, played at
    `speed` steps per second. `language` keys the shared figure cache; the texts are in the
    session's language; `narrow`: laid out for a phone (dashboard.convlab.canvas)."""
    del language
    steps = conv2d_steps(x, kernels, bias, stride, padding, dilation)
    channels, filters = steps.padded.shape[0], steps.output.shape[0]
    names = ["R", "G", "B"] if channels == 3 else [_("input")]
    panels = _panels(steps, names)
    chars = canvas(panels, 0, narrow).chars_per_line()
    every = [steps.step(i) for i in range(len(steps))]
    lines = [step_lines(steps, step, names, chars) for step in every]
    board = canvas(panels, max(len(text) for text in lines), narrow)
    traces = _static_traces(board, steps, names)
    # Trace order: inputs, kernels, products (C each), maps (F), click targets, titles, sums.
    ids = list(range(channels, 2 * channels)) if filters > 1 else []
    ids += list(range(2 * channels, 3 * channels + filters))
    ids.append(len(traces) - 1)
    kernels = None
    if filters > 1:  # each filter's kernel grids, built once and shared by its frames
        kernels = [
            [changes(_kernel_trace(board, steps, f, c)) for c in range(channels)]
            for f in range(filters)
        ]
    frames = [
        _frame(board, steps, step, names, text, ids, kernels)
        for step, text in zip(every, lines, strict=True)
    ]
    start = min(start, len(steps) - 1)
    return AnimatedFigure(
        animated_figure(board, traces, frames, start, speed, player_words(narrow))
    )
