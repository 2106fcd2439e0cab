"""How the lab's number grids look, shared by the convolution lab and "Inside a trained
network": the colour scale for signed values, and a number as a student writes it."""

from __future__ import annotations

import numpy as np

# Negative blue, zero white, positive orange: light enough that black text stays readable.
DIVERGING = [[0, "#6f9fd8"], [0.5, "#ffffff"], [1, "#e8896e"]]


def fmt(value: float) -> str:
    """A number as a student writes it: 4 not 4.0, -0.25 not -0.25000001, −∞ for -inf."""
    if np.isneginf(value):
        return "−∞"
    if abs(value - round(value)) < 1e-9:
        return str(int(np.rint(value)))
    return f"{value:.2f}".rstrip("0").rstrip(".")
