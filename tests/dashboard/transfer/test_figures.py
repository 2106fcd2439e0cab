"""The transfer pages' pure figure and table builders."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
from PIL import Image

from core.transfer.net import BlockRow
from dashboard.transfer.figures import cam_figure, race_rows, summary_rows, topk_figure, totals


def test_topk_bars_put_the_best_on_top_with_percent_labels() -> None:
    figure = topk_figure([("monkey", 0.9123), ("human", 0.0877)])
    bar = figure.data[0]
    assert list(bar.y) == ["human", "monkey"]  # plotly draws the last bar on top
    assert list(bar.text) == ["8.8%", "91.2%"]
    assert tuple(figure.layout.xaxis.range) == (0, 1)


def test_cam_figure_lays_the_heatmap_over_the_photo() -> None:
    cam = np.linspace(0, 1, 16).reshape(4, 4)
    figure = cam_figure(Image.new("RGB", (4, 4)), cam, "monkey")
    image, heat = figure.data
    assert np.asarray(image.z).shape == (4, 4, 3)
    assert np.array_equal(np.asarray(heat.z), cam) and (heat.zmin, heat.zmax) == (0, 1)
    assert "monkey" in figure.layout.title.text


def test_summary_rows_mark_frozen_and_training_blocks() -> None:
    rows = [
        BlockRow("stem", "blocks", (32, 112, 112), 928, 0),
        BlockRow("pool", "blocks", (1280,), 0, 0),
        BlockRow("fc", "Linear", (2,), 2562, 2562),
        BlockRow("mixed", "blocks", (8,), 10, 4),
    ]
    table = summary_rows(rows)
    assert [r["state"] for r in table] == ["❄ frozen", "no weights", "● trains", "partly trains"]
    assert table[0]["output shape"] == "32x112x112"
    assert totals(rows) == (928 + 2562 + 10, 2562 + 4)


def test_race_rows_average_the_seconds_per_epoch() -> None:
    snap = SimpleNamespace(epochs=[{"seconds": 1.0}, {"seconds": 3.0}], best_val_acc=0.95)
    empty = SimpleNamespace(epochs=[], best_val_acc=None)
    rows = race_rows({"head": snap, "full": empty}, {"head": 2562, "full": 3373570})
    assert rows[0] == {
        "run": "head",
        "trainable parameters": 2562,
        "seconds / epoch": 2.0,
        "best val accuracy": 0.95,
        "epochs done": 2,
    }
    assert rows[1]["seconds / epoch"] is None and rows[1]["trainable parameters"] == 3373570
