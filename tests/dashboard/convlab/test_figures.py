"""Kernels and feature maps drawn as they are."""

from __future__ import annotations

import numpy as np
import pytest

from core.convlab.kernels import COURSE_CONV_KERNEL
from dashboard.convlab.figures import kernel_figure, to_gray_image


def test_kernel_figure_writes_each_weight() -> None:
    kernel = kernel_figure(COURSE_CONV_KERNEL[None], ["weights"]).data[0]
    assert list(kernel.text[1]) == ["0", "1", "0"]


def test_gray_image_scales() -> None:
    assert to_gray_image(np.array([[0.0, 2.0]]), signed=False).tolist() == [[0, 255]]
    assert to_gray_image(np.array([[-2.0, 0.0, 2.0]]), signed=True).tolist() == [[0, 128, 255]]


def test_an_edge_map_of_a_photo_is_shown_bright_enough_to_see_its_edges() -> None:
    from core.convlab.kernels import KERNELS, load_gray, sample_photos
    from core.convlab.steps import conv2d
    from dashboard.convlab.figures import DISPLAY_PERCENTILE, display_bound

    gray = load_gray(sample_photos()["Cat"])
    edges = np.maximum(conv2d(gray, KERNELS["Sobel x"].array(), 0.0, 1, 1)[0], 0)  # + ReLU
    by_max = to_gray_image(edges, signed=False)
    shown = to_gray_image(edges, signed=False, clip_percentile=True)
    assert (shown > 64).mean() > 3 * (by_max > 64).mean()  # was: almost black
    bound = display_bound(edges, signed=False)
    assert bound == pytest.approx(np.percentile(edges, DISPLAY_PERCENTILE))
    assert (shown[edges >= bound] == 255).all() and (shown[edges == 0] == 0).all()
    signed = to_gray_image(np.array([[-10.0, -1.0, 0.0, 1.0, 10.0]]), True, clip_percentile=True)
    assert signed[0, 2] == 128 and signed[0, 0] == 0 and signed[0, -1] == 255
