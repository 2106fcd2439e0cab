"""Plotly figures for training: live curves, the learning rate, run comparisons and the
confusion matrix. Pure functions of plain records, testable without a server."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from core.i18n import _
from dashboard.plain import plot_text

TRAIN_COLOR, VAL_COLOR = "#4C78A8", "#F58518"
# Runs side by side need hues that differ at a glance (Streamlit's own palette starts with
# two blues), also to a colour-blind student: Okabe and Ito's palette, and each run its own
# line dash and marker shape besides, so no line is told apart by colour alone.
RACE_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000")
RACE_DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot", "solid")
RACE_MARKERS = ("circle", "square", "diamond", "triangle-up", "x", "cross", "star")
LAYOUT = {"height": 300, "margin": {"l": 10, "r": 10, "t": 40, "b": 10}, "hovermode": "x unified"}


def smooth(values: Sequence[float], weight: float = 0.9) -> list[float]:
    """Exponential moving average with bias correction, as TensorBoard smooths curves."""
    smoothed, average = [], 0.0
    for step, value in enumerate(values, start=1):
        average = weight * average + (1 - weight) * value
        smoothed.append(average / (1 - weight**step))
    return smoothed


def series(values: Sequence[float | None] | np.ndarray) -> np.ndarray:
    """A curve's values as one float array (None becomes a gap; an array is taken as it is):
    plotly checks a Python list element by element, 42 ms for a 10-epoch schedule's 1,689
    rates on every run of the Train page (and of each live panel's refresh), against 2 ms for
    the array."""
    return np.asarray(values, dtype=float)


def _figure(
    traces: list[dict], title: str, xaxis: dict | None = None, **layout: object
) -> go.Figure:
    """A figure made in one go from its traces and layout, epochs along x: plotly validates
    them as it would trace by trace, but add_trace and update_layout each took its slow
    update path (half of a live panel's refresh, which each training student's page does
    every second)."""
    axis = {"title": {"text": _("epoch")}} | (xaxis or {})
    return go.Figure(
        {"data": traces, "layout": {"title": {"text": title}, "xaxis": axis} | LAYOUT | layout}
    )


def epoch_figure(
    epochs: list[dict], metric: str, best_epoch: int | None = None, on_test: bool = False
) -> go.Figure:
    """Train and validation `metric` ("loss" or "acc") per epoch; the best epoch marked.
    `on_test`: the run held nothing out, so its "validation" line is the test set's."""
    title = {"loss": _("Loss per epoch"), "acc": _("Accuracy per epoch")}[metric]
    x = [record["epoch"] for record in epochs]
    checked = _("test (validation_data)") if on_test else _("validation")
    traces = [
        {
            "type": "scatter",
            "x": x,
            "y": [record.get(f"{split}_{metric}") for record in epochs],
            "mode": "lines+markers",
            "name": name,
            "line": {"color": color},
        }
        for split, color, name in (("train", TRAIN_COLOR, _("train")), ("val", VAL_COLOR, checked))
    ]
    if best_epoch is not None and metric == "acc":
        best = next((r for r in epochs if r["epoch"] == best_epoch), None)
        if best is not None and best.get("val_acc") is not None:
            traces.append(
                {
                    "type": "scatter",
                    "x": [best_epoch],
                    "y": [best["val_acc"]],
                    "mode": "markers+text",
                    "marker": {"size": 14, "symbol": "star", "color": "#E45756"},
                    "text": [_("best {accuracy:.4f}").format(accuracy=best["val_acc"])],
                    "textposition": "bottom center",
                    "name": _("best test") if on_test else _("best validation"),
                }
            )
    return _figure(traces, title, epoch_ticks(len(x)), **_percent_axis(metric))


def epoch_ticks(epochs: int) -> dict:
    """Whole epochs on the x axis, about 8 labels at most: every epoch's label would overlap
    on a half-width chart after a dozen."""
    return {"tick0": 1, "dtick": max(1, math.ceil(epochs / 8))}


def _percent_axis(metric: str) -> dict:
    """An accuracy's y axis in percent."""
    return {"yaxis": {"tickformat": ".0%"}} if metric.endswith("acc") else {}


def batch_loss_figure(batches: list[dict], batches_per_epoch: int | None) -> go.Figure:
    """Every batch's loss (faint) and its smoothed curve, against epochs."""
    per_epoch = max(batches_per_epoch or 1, 1)
    x = series([record["epoch"] - 1 + (record["batch"] + 1) / per_epoch for record in batches])
    losses = [record["loss"] for record in batches]
    line = {"type": "scatter", "x": x, "mode": "lines", "line": {"color": TRAIN_COLOR}}
    return _figure(
        [
            line | {"y": series(losses), "name": _("batch loss"), "opacity": 0.3},
            line | {"y": series(smooth(losses)), "name": _("smoothed")},
        ],
        _("Training loss per batch"),
    )


def lr_figure(
    lrs: Sequence[float] | np.ndarray, batches_per_epoch: int, title: str | None = None
) -> go.Figure:
    """The learning rate per batch (a schedule preview, or what a run used); `title` is
    shown as given (translated by the caller), "Learning rate" when None."""
    if title is None:
        title = _("Learning rate")
    x = np.arange(len(lrs)) / max(batches_per_epoch, 1)
    line = {"type": "scatter", "x": x, "y": series(lrs), "mode": "lines"}
    # Log scale: decays and tiny rates stay readable. Every tick in one format ("2e-3", not
    # plotly's default mix of "0.01", "5", "2", "1e-3" that drops the exponent).
    return _figure(
        [line | {"line": {"color": "#54A24B"}}],
        title,
        yaxis={"title": {"text": "lr"}, "type": "log", "tickformat": ".0e"},
    )


def compare_figure(curves: dict[str, list[dict]], key: str, title: str) -> go.Figure:
    """One line per run of `key` (e.g. "val_acc") per epoch: the optimizer race chart;
    `title` is shown as given (the caller translates it)."""
    traces = [
        {
            "type": "scatter",
            "x": [record["epoch"] for record in epochs],
            "y": [record.get(key) for record in epochs],
            "mode": "lines+markers",
            "name": plot_text(name),  # a run's name: the student's text
            "line": {
                "color": RACE_COLOURS[index % len(RACE_COLOURS)],
                "dash": RACE_DASHES[index % len(RACE_DASHES)],
            },
            "marker": {"symbol": RACE_MARKERS[index % len(RACE_MARKERS)], "size": 8},
        }
        for index, (name, epochs) in enumerate(curves.items())
    ]
    longest = max((len(epochs) for epochs in curves.values()), default=1)
    return _figure(traces, title, epoch_ticks(longest), **_percent_axis(key))


def confusion_figure(confusion: list[list[int]], classes: list[str]) -> go.Figure:
    """Rows are the true classes, columns the predicted ones; click a cell to see its images.
    The class names are shown as typed (plot_text): a click gives them back in that form."""
    labels = [plot_text(name) for name in classes]
    figure = go.Figure(
        go.Heatmap(
            z=confusion,
            x=labels,
            y=labels,
            colorscale="Blues",
            text=[[str(value) for value in row] for row in confusion],
            texttemplate="%{text}",
            hovertemplate=_("true %{y}, predicted %{x}: %{z} images") + "<extra></extra>",
            showscale=False,
        )
    )
    # Streamlit selects points, not heatmap cells: an invisible marker sits on every cell.
    cells = [(x, y) for y in labels for x in labels]
    figure.add_trace(
        go.Scatter(
            x=[x for x, _cell_y in cells],
            y=[y for _cell_x, y in cells],
            mode="markers",
            marker={"size": 30, "symbol": "square", "opacity": 0.01, "color": "black"},
            hovertemplate=_("true %{y}, predicted %{x}") + "<extra></extra>",
            showlegend=False,
        )
    )
    figure.update_layout(
        title=_("Confusion matrix (click a cell)"),
        xaxis_title=_("predicted"),
        yaxis_title=_("true"),
        height=max(320, 36 * len(labels) + 120),
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
    )
    figure.update_yaxes(autorange="reversed", type="category")
    figure.update_xaxes(type="category")
    return figure
