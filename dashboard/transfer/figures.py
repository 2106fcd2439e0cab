"""Pure figure and table builders for transfer learning and "Test a photo" (no Streamlit)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go
from PIL import Image

from core.i18n import N_, _
from dashboard.plain import plot_text


def topk_figure(top: Sequence[tuple[str, float]], title: str | None = None) -> go.Figure:
    """Horizontal bars of class probabilities, the most probable on top, labelled in %."""
    labels = [plot_text(label) for label, _prob in top][::-1]
    probs = [prob for _label, prob in top][::-1]
    figure = go.Figure(
        go.Bar(
            x=probs,
            y=labels,
            orientation="h",
            text=[f"{p:.1%}" for p in probs],
            textposition="auto",
            marker_color="#4c78a8",
            hovertemplate="%{y}: %{x:.2%}<extra></extra>",
        )
    )
    figure.update_layout(
        title=_("Top classes") if title is None else title,
        height=80 + 40 * len(top),
        margin={"l": 10, "r": 10, "t": 40, "b": 30},
        xaxis={"range": [0, 1], "tickformat": ".0%", "title": _("probability")},
    )
    return figure


def cam_figure(crop: Image.Image, cam: np.ndarray, label: str, opacity: float = 0.45) -> go.Figure:
    """The photo as the network saw it, with the Grad-CAM heatmap laid over it."""
    figure = go.Figure(go.Image(z=np.asarray(crop.convert("RGB"))))
    figure.add_trace(
        go.Heatmap(
            z=cam,
            colorscale="Jet",
            zmin=0,
            zmax=1,
            opacity=opacity,
            colorbar={"title": _("evidence"), "thickness": 12},
            hovertemplate="x %{x}, y %{y}: %{z:.2f}<extra></extra>",
        )
    )
    figure.update_layout(
        title=_("Where the evidence for '{label}' is").format(label=plot_text(label)),
        height=440,
        margin={"l": 0, "r": 0, "t": 40, "b": 0},
    )
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False, autorange="reversed", scaleanchor="x")
    return figure


def summary_rows(rows: Sequence[Any]) -> list[dict[str, Any]]:
    """The frozen-layer summary as table rows (core.transfer.net.BlockRow in, dicts out); the
    state is English, marked with N_ (the page shows it with _)."""
    table = []
    for row in rows:
        if row.params == 0:
            state = N_("no weights")
        elif row.frozen:
            state = N_("❄ frozen")
        elif row.trainable == row.params:
            state = N_("● trains")  # not an emoji: a projector machine may lack the font
        else:
            state = N_("partly trains")
        table.append(
            {
                "block": row.name,
                "output shape": "x".join(map(str, row.out_shape)),
                "parameters": row.params,
                "trainable": row.trainable,
                "state": state,
            }
        )
    return table


def totals(rows: Sequence[Any]) -> tuple[int, int]:
    """(total, trainable) parameters over the summary rows."""
    return sum(r.params for r in rows), sum(r.trainable for r in rows)


def race_rows(snapshots: dict[str, Any], trainable: dict[str, int]) -> list[dict[str, Any]]:
    """The course's comparison table: trainable parameters, seconds per epoch, best accuracy."""
    rows = []
    for label, snap in snapshots.items():
        seconds = [e["seconds"] for e in snap.epochs]
        rows.append(
            {
                "run": label,
                "trainable parameters": trainable.get(label),
                "seconds / epoch": sum(seconds) / len(seconds) if seconds else None,
                "best val accuracy": snap.best_val_acc,
                "epochs done": len(snap.epochs),
            }
        )
    return rows
