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


def test_an_animated_figure_is_shared_by_its_setting_and_language() -> None:
    from core.convlab.kernels import COURSE_POOL_INPUT
    from dashboard.convlab.pool_animation import pool_figure
    from dashboard.figure_cache import shared_animation

    first = shared_animation(pool_figure, COURSE_POOL_INPUT, 2, 2, 0, "max", 0, 1.0, "en")
    again = shared_animation(pool_figure, COURSE_POOL_INPUT.copy(), 2, 2, 0, "max", 0, 1.0, "en")
    assert again is first and len(first.to_dict()["frames"]) == 4
    assert (
        shared_animation(pool_figure, COURSE_POOL_INPUT, 2, 2, 0, "max", 0, 1.0, "ko") is not first
    )
    assert (
        shared_animation(pool_figure, COURSE_POOL_INPUT, 2, 2, 0, "max", 2, 1.0, "en") is not first
    )
