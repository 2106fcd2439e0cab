"""The animated step-by-step figures: every frame's numbers are PyTorch's, each frame's buttons
lead to the right frame, and a click on an output cell names the step that computes it."""

from __future__ import annotations

import re

import numpy as np
import plotly.graph_objects as go
import pytest
import torch
import torch.nn.functional as F

from core.convlab.kernels import COURSE_CONV_INPUT, COURSE_CONV_KERNEL, COURSE_POOL_INPUT
from dashboard.convlab.canvas import MAX_WIDTH_PX, columns_of
from dashboard.convlab.conv_animation import conv_figure
from dashboard.convlab.grids import wrap
from dashboard.convlab.pool_animation import pool_figure
from tests.dashboard.convlab.frames import formula_total, step_text


def _spec(fig) -> dict:
    return fig.to_plotly_json()


def _button_target(frame: dict, position: int) -> str | None:
    args = frame["layout"]["updatemenus"][0]["buttons"][position]["args"]
    return args[0][0] if args[0] else None


def _course_figure(start: int = 0) -> dict:
    x, w = COURSE_CONV_INPUT[None], COURSE_CONV_KERNEL[None, None]
    return _spec(conv_figure(x, w, 0.0, 1, 0, 1, start, 1.0, "en"))


def test_the_course_example_frame_by_frame() -> None:
    fig = _course_figure()
    frames = fig["frames"]
    assert len(frames) == 9
    assert step_text(frames[0]).startswith(
        "Step 1 of 9 out[0, 0] = (1×1) + (1×0) + (1×1) + (0×0) + (1×1) + (1×0) + (0×1) + (0×0)"
        " + (1×1) + bias 0 = 4"
    )
    # Window rows 0-2, cols 1-3 of the course input, hand-checked: 1+0+0+0+1+0+0+1+1 = 3.
    assert "out[0, 1] =" in step_text(frames[1]) and formula_total(frames[1]) == 3
    assert [formula_total(f) for f in frames] == [4, 3, 4, 2, 4, 3, 2, 3, 4]  # the course's


@pytest.mark.parametrize(
    ("channels", "filters", "stride", "padding", "dilation", "bias", "n"),
    [
        (1, 1, 1, 0, 1, 0.0, 5),
        (1, 2, 2, 2, 2, 1.5, 7),
        (3, 2, 1, 1, 1, 1.0, 5),
        (3, 3, 3, 3, 1, -2.0, 9),
    ],
)
def test_every_frame_shows_torchs_number(channels, filters, stride, padding, dilation, bias, n):
    rng = np.random.default_rng(channels * 10 + filters)
    x = rng.integers(0, 4, size=(channels, n, n)).astype(np.float64)
    w = rng.integers(-1, 2, size=(filters, channels, 3, 3)).astype(np.float64)
    fig = _spec(conv_figure(x, w, bias, stride, padding, dilation, 0, 1.0, "en"))
    expected = F.conv2d(
        torch.from_numpy(x)[None],
        torch.from_numpy(w),
        torch.full((filters,), bias, dtype=torch.float64),
        stride=stride,
        padding=padding,
        dilation=dilation,
    )[0].numpy()
    assert len(fig["frames"]) == expected.size
    totals = [formula_total(frame) for frame in fig["frames"]]
    np.testing.assert_allclose(totals, expected.ravel(), atol=0.006)
    if channels == 3:  # each channel's sum written out, and the sums add up
        text = step_text(fig["frames"][0])
        assert re.search(r"R: \(.*\) = -?\d", text) and " B: (" in text


def test_the_feature_map_fills_in_one_cell_per_frame() -> None:
    fig = _course_figure()
    maps = fig["frames"][4]["data"][-2]  # the map, then the products' titles
    assert maps["text"] == [["4", "3", "4"], ["2", "4", "?"], ["?", "?", "?"]]
    # Cells still to come are grey: their value lies below the colour range's white.
    assert maps["z"][2][2] < maps["zmin"] + 0.05 * (maps["zmax"] - maps["zmin"])


def test_each_frames_buttons_lead_to_its_neighbours() -> None:
    frames = _course_figure()["frames"]
    for i, frame in enumerate(frames):
        assert _button_target(frame, 0) == "0"  # First
        assert _button_target(frame, 1) == str(max(i - 1, 0))  # Previous
        assert _button_target(frame, 2) == str(min(i + 1, 8))  # Next
        play = frame["layout"]["updatemenus"][0]["buttons"][3]["args"][1]
        assert play["fromcurrent"] == (i < 8)  # Play at the end starts again
        assert play["frame"]["duration"] == 1000


def test_the_figure_starts_where_the_stepper_is() -> None:
    fig = _course_figure(start=4)
    frame = fig["frames"][4]
    assert fig["layout"]["sliders"][0]["active"] == 4
    assert len(fig["layout"]["sliders"][0]["steps"]) == 9
    assert fig["layout"]["annotations"] == frame["layout"]["annotations"]
    assert fig["data"][frame["traces"][-2]]["text"] == frame["data"][-2]["text"]


def test_a_click_target_sits_on_the_cell_its_step_computes() -> None:
    fig = _course_figure()
    clicks = next(t for t in fig["data"] if t["type"] == "scatter" and "customdata" in t)
    assert list(clicks["customdata"]) == list(range(9))
    for index, frame in enumerate(fig["frames"]):
        here = frame["layout"]["shapes"][-1]  # the output cell this frame computes
        x, y = clicks["x"][index], clicks["y"][index]
        assert here["x0"] < x < here["x1"] and here["y0"] < y < here["y1"]


def test_the_window_covers_the_padded_cells_it_reads() -> None:
    x, w = COURSE_CONV_INPUT[None], COURSE_CONV_KERNEL[None, None]
    fig = _spec(conv_figure(x, w, 0.0, 2, 1, 1, 0, 1.0, "en"))
    inputs = fig["data"][0]
    left, top = inputs["x0"] - inputs["dx"] / 2, inputs["y0"] - 0.5  # the grid's corner
    window = fig["frames"][1]["layout"]["shapes"][0]  # out[0, 1]: padded cols 2-4 (s = 2)
    assert (window["x0"] - left, window["x1"] - left) == pytest.approx((2, 5))
    assert (window["y0"] - top, window["y1"] - top) == pytest.approx((0, 3))
    assert inputs["text"][0][0] == "" and inputs["text"][1][1] == "1"  # padding, input[0, 0]
    assert inputs["z"][0][0] < inputs["zmin"] + 0.05 * (inputs["zmax"] - inputs["zmin"])


def test_cells_are_square_and_the_largest_example_fits_the_page() -> None:
    rng = np.random.default_rng(0)
    x, w = rng.normal(size=(3, 9, 9)), rng.normal(size=(3, 3, 5, 5))
    fig = _spec(conv_figure(x, w, 0.0, 1, 3, 1, 0, 1.0, "en"))
    layout = fig["layout"]
    per_unit_x = layout["width"] / layout["xaxis"]["range"][1]
    per_unit_y = layout["height"] / layout["yaxis"]["range"][0]
    assert per_unit_x == pytest.approx(per_unit_y)
    assert layout["width"] <= MAX_WIDTH_PX + 40


def test_pooling_frames_give_the_course_result_and_mark_the_maximum() -> None:
    fig = _spec(pool_figure(COURSE_POOL_INPUT, 2, 2, 0, "max", 0, 1.0, "en"))
    assert [step_text(f).split(" ", 4)[4] for f in fig["frames"]] == [
        "out[0, 0] = max(1, 2, 0, 1) = 2",
        "out[0, 1] = max(1, 0, 2, 3) = 3",
        "out[1, 0] = max(3, 0, 2, 4) = 4",
        "out[1, 1] = max(1, 2, 0, 1) = 2",
    ]  # the course's [[2, 3], [4, 2]]
    inputs = fig["data"][0]
    left, top = inputs["x0"] - inputs["dx"] / 2, inputs["y0"] - 0.5
    mark = fig["frames"][2]["layout"]["shapes"][1]  # the 4 at row 3, col 1
    assert (mark["x0"] - left, mark["y0"] - top) == pytest.approx((1, 3))


def test_average_pooling_with_padding_matches_torch() -> None:
    fig = _spec(pool_figure(COURSE_POOL_INPUT, 2, 2, 1, "avg", 0, 1.0, "en"))
    x = torch.from_numpy(COURSE_POOL_INPUT)[None, None]
    expected = F.avg_pool2d(x, 2, 2, 1, count_include_pad=True)[0, 0].numpy()
    totals = [formula_total(frame) for frame in fig["frames"]]
    np.testing.assert_allclose(totals, expected.ravel(), atol=0.006)
    # Hand-checked too: the corner window is (0 + 0 + 0 + 1) / 4 = 0.25.
    assert step_text(fig["frames"][0]).endswith("out[0, 0] = (0 + 0 + 0 + 1) / 4 = 0.25")


def test_every_frame_is_a_valid_plotly_figure() -> None:
    """The frames skip plotly's validation when built (AnimatedFigure); it must accept them."""
    rng = np.random.default_rng(1)
    x, w = rng.integers(0, 4, (3, 5, 5)).astype(float), rng.integers(-1, 2, (2, 3, 3, 3))
    for fig in (
        conv_figure(x, w.astype(float), 1.0, 1, 1, 2, 0, 2.0, "en"),
        pool_figure(COURSE_POOL_INPUT, 3, 1, 1, "max", 0, 1.0, "en"),
    ):
        spec = fig.to_dict()
        assert len(go.Figure(spec).frames) == len(spec["frames"]) > 1


def test_long_lines_wrap_by_their_width_on_screen() -> None:
    sentence = "창의 왼쪽 위 모서리는 패딩된 입력의 행 0·s = 0, 열 3·s = 3에 있습니다 " * 3
    lines = wrap(sentence.strip(), 60, " ", "")
    assert len(lines) > 1 and all(columns_of(line) <= 60 for line in lines)
    assert " ".join(lines) == sentence.strip()  # nothing lost
    terms = wrap(" + ".join(["(1×1)"] * 30), 40)
    assert all(len(line) <= 42 for line in terms) and terms[1].startswith("    (1×1)")
