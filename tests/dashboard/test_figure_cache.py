"""Figures shared across sessions: built once per distinct arguments, compared by value."""

import numpy as np

from dashboard.convlab.figures import kernel_figure
from dashboard.figure_cache import shared_figure


def test_same_values_same_figure_other_values_other_figure() -> None:
    kernel = np.array([[[1.0, 0.0, 1.0], [0.0, 1.0, 0.0], [1.0, 0.0, 1.0]]])
    first = shared_figure(kernel_figure, kernel, ["weights"])
    again = shared_figure(kernel_figure, kernel.copy(), ["weights"])  # equal values, new array
    assert again is first
    other = shared_figure(kernel_figure, kernel * 2, ["weights"])
    assert other is not first
    assert other.to_dict() == kernel_figure(kernel * 2, ["weights"]).to_dict()
    assert shared_figure(kernel_figure, kernel, ["other title"]) is not first


def test_shared_values_are_computed_once_per_key() -> None:
    from dashboard.figure_cache import shared_value

    calls: list[int] = []

    def compute() -> list[int]:
        calls.append(1)
        return [len(calls)]

    first = shared_value("test", ("model-a", "image-1"), compute)
    assert shared_value("test", ("model-a", "image-1"), compute) is first
    assert shared_value("test", ("model-a", "image-2"), compute) == [2]
    assert shared_value("other", ("model-a", "image-1"), compute) == [3]
    assert len(calls) == 3
