"""Colours that carry meaning stay apart for a colour-blind student: each pair, seen through
Machado, Oliveira and Fernandes's (2009) simulation of protanopia, deuteranopia and
tritanopia (severity 1), differs by a CIE76 ΔE of at least 12 (D3's palette, used before,
fell to 4.6 under protanopia: its green, orange and red merge)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

MACHADO = {
    "protanopia": [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ],
    "deuteranopia": [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ],
    "tritanopia": [
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ],
}
SRGB_TO_XYZ = [[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]
WHITE = [0.95047, 1.0, 1.08883]
MIN_DELTA_E = 12


def _linear(colours: list[str]) -> np.ndarray:
    rgb = np.array([[int(c[i : i + 2], 16) / 255 for i in (1, 3, 5)] for c in colours])
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def _lab(linear: np.ndarray) -> np.ndarray:
    xyz = linear @ np.array(SRGB_TO_XYZ).T / np.array(WHITE)
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.stack([116 * f[:, 1] - 16, 500 * (f[:, 0] - f[:, 1]), 200 * (f[:, 1] - f[:, 2])], 1)


def closest_pair(colours: list[str], vision: str) -> float:
    """The smallest ΔE between two of `colours` as someone with `vision` sees them."""
    seen = _lab(np.clip(_linear(colours) @ np.array(MACHADO[vision]).T, 0, 1))
    return min(float(np.linalg.norm(a - b)) for a, b in itertools.combinations(seen, 2))


def _meaningful_colours() -> dict[str, list[str]]:
    from dashboard.convlab.figures import MAX_LINE, WINDOW_LINE
    from dashboard.inside.figures import top_k_figure
    from dashboard.run_figures import RACE_COLOURS, TRAIN_COLOR, VAL_COLOR

    bars = top_k_figure([("cat", 0.7), ("dog", 0.3)], true_label="dog").data[0]
    return {
        "race": list(RACE_COLOURS),
        "training vs validation": [TRAIN_COLOR, VAL_COLOR],
        "true class vs others": list(dict.fromkeys(bars.marker.color)),
        "window vs maximum": [WINDOW_LINE, MAX_LINE],
    }


@pytest.mark.parametrize("vision", list(MACHADO))
def test_colours_that_mean_something_stay_apart(vision: str) -> None:
    for name, colours in _meaningful_colours().items():
        assert closest_pair(colours, vision) >= MIN_DELTA_E, (name, vision)


def test_the_check_catches_a_palette_that_merges() -> None:
    d3 = ["#1F77B4", "#FF7F0E", "#2CA02C", "#D62728"]
    assert closest_pair(d3, "protanopia") < MIN_DELTA_E


def test_the_true_class_is_also_said_in_words() -> None:
    from dashboard.inside.figures import top_k_figure

    bars = top_k_figure([("cat", 0.7), ("dog", 0.3)], true_label="dog").data[0]
    assert list(bars.y) == ["dog (true class)", "cat"]  # best on top: reversed
