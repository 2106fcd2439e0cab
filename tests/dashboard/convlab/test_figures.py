"""The figures and formula text show the numbers conv_math computed, in the right cells."""

from __future__ import annotations

import numpy as np
import pytest

from core.convlab.kernels import COURSE_CONV_INPUT, COURSE_CONV_KERNEL, COURSE_POOL_INPUT
from core.convlab.steps import conv2d_steps, pool2d_steps
from dashboard.convlab.figures import (
    fmt,
    input_figure,
    kernel_figure,
    output_figure,
    products_figure,
    to_gray_image,
)
from dashboard.convlab.stepper import channel_sum_text, conv_formula, pool_formula


def _course():
    return conv2d_steps(COURSE_CONV_INPUT, COURSE_CONV_KERNEL)


def test_fmt_writes_numbers_as_a_student_would() -> None:
    assert [fmt(4.0), fmt(-0.25), fmt(1 / 3), fmt(-np.inf), fmt(2.5)] == [
        "4",
        "-0.25",
        "0.33",
        "−∞",
        "2.5",
    ]


def test_course_formula_first_and_second_step() -> None:
    steps = _course()
    first = conv_formula(steps.step(0), 1, ["input"])
    assert first == (
        "**out[0, 0]** = (1×1) + (1×0) + (1×1) + (0×0) + (1×1) + (1×0) + (0×1) + (0×0) + (1×1)"
        " + bias 0 = **4**"
    )
    assert conv_formula(steps.step(1), 1, ["input"]).endswith("= **3**")


def test_multichannel_formula_adds_channel_sums_and_bias() -> None:
    x = np.stack([COURSE_CONV_INPUT, 2 * COURSE_CONV_INPUT, np.zeros((5, 5))])
    w = np.stack([COURSE_CONV_KERNEL] * 3)[None].repeat(2, axis=0)
    step = conv2d_steps(x, w, bias=0.5).step(9)  # filter 1, cell (0, 0)
    text = conv_formula(step, 2, ["R", "G", "B"])
    # Hand-checked: R gives 4, G twice that, B nothing; plus the bias.
    assert text == "**out[1, 0, 0]** = R: 4 + G: 8 + B: 0 + bias 0.5 = **12.5**"
    assert channel_sum_text(step, 1).endswith("= 8")


def test_pool_formulas() -> None:
    assert (
        pool_formula(pool2d_steps(COURSE_POOL_INPUT, 2), 1)
        == "**out[0, 1]** = max(1, 0, 2, 3) = **3**"
    )
    avg = pool2d_steps(COURSE_POOL_INPUT, 2, mode="avg")
    assert pool_formula(avg, 2) == "**out[1, 0]** = (3 + 0 + 2 + 4) / 4 = **2.25**"
    padded = pool2d_steps(COURSE_POOL_INPUT, 2, 2, 1)
    assert pool_formula(padded, 0) == "**out[0, 0]** = max(−∞, −∞, −∞, 1) = **1**"


def test_input_figure_marks_padding_and_window() -> None:
    steps = conv2d_steps(COURSE_CONV_INPUT, COURSE_CONV_KERNEL, padding=1)
    step = steps.step(0)
    fig = input_figure(steps.padded, 1, ["input"], (step.rows, step.cols))
    values, padding = fig.data
    assert np.isnan(values.z[0][0]) and padding.z[0][0] == 0  # the corner is padding
    assert values.z[1][1] == 1 and np.isnan(padding.z[1][1])  # input[0, 0]
    assert values.text[1][1] == "<b>1</b>"  # inside the window: bold
    assert values.text[4][4] == "1" and padding.text[4][4] == ""
    # 9 cell outlines and the window's border, from padded (0, 0) to (2, 2)
    assert len(fig.layout.shapes) == 10
    border = fig.layout.shapes[-1]
    assert (border.x0, border.x1, border.y0, border.y1) == (-0.5, 2.5, -0.5, 2.5)


def test_products_and_kernel_figures_show_the_step() -> None:
    step = _course().step(0)
    products = products_figure(step.window, step.kernel, ["input"]).data[0]
    assert products.text[0][0] == "1×1<br><b>1</b>" and products.text[2][0] == "0×1<br><b>0</b>"
    assert np.array_equal(np.array(products.z), step.products[0])
    kernel = kernel_figure(step.kernel, ["weights"]).data[0]
    assert list(kernel.text[1]) == ["0", "1", "0"]


def test_output_figure_fills_cells_up_to_the_current_step() -> None:
    steps = _course()
    fig = output_figure(steps.output, 4, ["filter 1"])
    values, pending, clicks = fig.data
    assert list(values.text[0]) == ["4", "3", "4"] and list(values.text[1]) == ["2", "4", ""]
    assert list(pending.text[1]) == ["", "", "?"]
    assert list(clicks.customdata) == list(range(9))  # a click maps straight to a step index
    current = fig.layout.shapes[-1]
    assert (current.x0, current.y0) == (0.5, 0.5)  # cell (1, 1)


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
