"""Pure figure and picture builders for the Datasets page (no Streamlit, testable alone)."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go
from PIL import Image

from core.i18n import N_, _
from dashboard.plain import plot_text

SPLIT_COLOURS = {"train": "#4C78A8", "test": "#F58518", "val": "#F58518"}
# How a split's name is shown (the names themselves stay the data's own "train", "val"...).
SPLIT_NAMES = {"train": N_("train"), "val": N_("val"), "test": N_("test")}


def split_name(split: str) -> str:
    """A split's name in the session's language (an unknown one as it is)."""
    return _(SPLIT_NAMES[split]) if split in SPLIT_NAMES else split


def class_count_figure(counts: dict[str, dict[str, int]]) -> go.Figure:
    """Grouped bars: images per class for each split, the number written on each bar."""
    figure = go.Figure()
    for split, per_class in counts.items():
        figure.add_bar(
            name=split_name(split),
            x=[plot_text(name) for name in per_class],
            y=list(per_class.values()),
            text=[f"{n:,}" for n in per_class.values()],
            textposition="outside",
            marker_color=SPLIT_COLOURS.get(split),
        )
    figure.update_layout(
        barmode="group",
        height=360,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        yaxis_title=_("images"),
        xaxis_title=_("class"),
        legend_title=_("split"),
    )
    return figure


def channel_figure(mean: Sequence[float], std: Sequence[float]) -> go.Figure:
    """Mean of each channel (pixel values in [0, 1]) with +-1 std as error bars."""
    names = [_("gray")] if len(mean) == 1 else [_("red"), _("green"), _("blue")][: len(mean)]
    colours = ["#888888"] if len(mean) == 1 else ["#E45756", "#54A24B", "#4C78A8"]
    figure = go.Figure(
        go.Bar(
            x=names,
            y=list(mean),
            error_y={"type": "data", "array": list(std), "visible": True},
            marker_color=colours[: len(mean)],
            text=[
                _("mean {mean:.4f}<br>std {std:.4f}").format(mean=m, std=s)
                for m, s in zip(mean, std, strict=True)
            ],
            textposition="inside",
        )
    )
    figure.update_layout(
        height=300,
        margin={"l": 10, "r": 10, "t": 20, "b": 10},
        yaxis={"range": [0, 1], "title": _("pixel value (0 = black, 1 = white)")},
    )
    return figure


# A tile is at most this many times as wide as high: one panorama cannot make the strip
# wider than an image format allows (JPEG stops at 65,535 pixels) or push the others away.
MAX_TILE_ASPECT = 3


def enlarge(image: Image.Image, size: int) -> Image.Image:
    """Scale an image to `size` pixels high (sharp pixels, no blur, when enlarging); a very
    wide one is centre-cropped to MAX_TILE_ASPECT first."""
    widest = image.height * MAX_TILE_ASPECT
    if image.width > widest:
        left = (image.width - widest) // 2
        image = image.crop((left, 0, left + widest, image.height))
    width = max(1, round(image.width * size / image.height))
    resample = Image.Resampling.NEAREST if image.height < size else Image.Resampling.LANCZOS
    return image.resize((width, size), resample)


def strip(images: Sequence[Image.Image], size: int = 72, gap: int = 4) -> Image.Image:
    """Images side by side at the same height, on white, as one picture."""
    tiles = [enlarge(image.convert("RGB"), size) for image in images]
    width = sum(tile.width for tile in tiles) + gap * max(0, len(tiles) - 1)
    canvas = Image.new("RGB", (max(width, 1), size), "white")
    x = 0
    for tile in tiles:
        canvas.paste(tile, (x, 0))
        x += tile.width + gap
    return canvas
