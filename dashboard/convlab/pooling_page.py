"""Pooling, step by step: MaxPooling2D and average pooling, one window at a time."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core.convlab.kernels import COURSE_POOL_INPUT
from core.convlab.steps import ConvSettingsError, PoolSteps
from core.model.shapes import conv_output_size as output_size
from dashboard.convlab import panels as conv_panels
from dashboard.convlab import state as grid
from dashboard.convlab.figures import input_figure, output_figure
from dashboard.convlab.stepper import (
    cached_pool_steps,
    cell_editor,
    clickable_chart,
    pool_formula,
    stepper,
)
from dashboard.figure_cache import shared_figure
from dashboard.keys import PoolKeys as K

COURSE = {K.SIZE: 4, K.POOL_SIZE: 2, K.STRIDE: 2, K.PADDING: 0, K.MODE: "max"}
ALEXNET = {K.SIZE: 7, K.POOL_SIZE: 3, K.STRIDE: 2, K.PADDING: 0, K.MODE: "max"}
MODES = {"max": "Max pooling", "avg": "Average pooling"}


def _course_example() -> None:
    grid.load(K, COURSE, {K.INPUT: COURSE_POOL_INPUT.copy()})


def _alexnet_example() -> None:
    x = np.random.default_rng(3).integers(0, 10, size=(7, 7)).astype(np.float64)
    grid.load(K, ALEXNET, {K.INPUT: x})


def _randomize() -> None:
    n = st.session_state[K.SIZE]
    st.session_state[K.INPUT] = grid.random_grid((n, n), 0, 9)
    grid.replaced(K)


def settings() -> dict:
    state = st.session_state
    grid.start(K, COURSE, _course_example)
    b = st.columns(3)
    b[0].button("Course example", on_click=_course_example, icon=":material/school:")
    b[1].button("Overlapping: 3×3, stride 2 (AlexNet)", on_click=_alexnet_example)
    b[2].button("Random input", on_click=_randomize, icon=":material/casino:")
    c = st.columns([1, 1, 1, 1, 1.6])
    keep = {"persist_state": "session"}
    c[0].slider("Input size n", 2, 9, key=K.SIZE, **keep)
    c[1].slider("Pool size k", 1, 4, key=K.POOL_SIZE, **keep)
    c[2].slider("Stride s", 1, 4, key=K.STRIDE, **keep)
    c[3].slider("Padding p", 0, 2, key=K.PADDING, **keep)
    c[4].segmented_control(
        "Pooling", list(MODES), format_func=MODES.get, key=K.MODE, required=True, **keep
    )
    values = {key: state[key] for key in COURSE}
    grid.fit(K, K.INPUT, (values[K.SIZE],) * 2, 0, 9)
    return values


def draw_frame(steps: PoolSteps, index: int) -> None:
    r, c, rows, cols = steps.position(index)
    mark = None
    if steps.mode == "max":
        i, j = divmod(int(steps.argmax[r, c]), steps.size)
        mark = (int(rows[i]), int(cols[j]))
    pad_word = "−∞" if steps.mode == "max" else "0"
    left, right = st.columns([steps.padded.shape[1] * 38 + 20, max(steps.output.shape[1], 3) * 38])
    with left:
        st.markdown(f"**Input** (grey = padding, {pad_word})")
        padded = steps.padded[None]
        fig = shared_figure(
            input_figure, padded, steps.padding, ["feature map"], (rows, cols), mark
        )
        st.plotly_chart(fig, width="content", theme=None, config={"displayModeBar": False})
    with right:
        st.markdown("**Pooled map** (click a cell)")
        clickable_chart(shared_figure(output_figure, steps.output[None], index, ["output"]), K)
    st.markdown(pool_formula(steps, index))
    if steps.mode == "max":
        st.caption("The green square marks the largest value of the window: only it survives.")
    else:
        st.caption("The average counts every cell of the window, padding zeros included.")


def step_by_step() -> None:
    st.markdown(
        "A pooling layer slides a window over each feature map and keeps one number per "
        "window: the **maximum** (MaxPooling2D) or the **average**. It has no weights to learn; "
        "with stride 2 it halves the map's height and width. Press **Next** to move the window."
    )
    v = settings()
    with st.expander("Edit the input cells", icon=":material/edit:"):
        cell_editor("Input feature map", K.INPUT, (), st.session_state[K.VERSION])
    n, k, s, p, mode = (v[key] for key in (K.SIZE, K.POOL_SIZE, K.STRIDE, K.PADDING, K.MODE))
    st.markdown(
        f"Output size = ⌊(n + 2p − k) / s⌋ + 1 = ⌊({n} + 2·{p} − {k}) / {s}⌋ + 1 = "
        f"**{output_size(n, k, s, p)}**"
    )
    if p:
        st.caption(
            "Like PyTorch, max pooling pads with −∞ so padding is never the maximum; average "
            "pooling pads with 0 and counts those zeros (count_include_pad=True)."
        )
    if s < k:
        st.caption(
            f"Stride {s} < pool size {k}: the windows overlap, as in AlexNet (3×3, stride 2)."
        )
    try:
        steps = cached_pool_steps(st.session_state[K.INPUT], k, s, p, mode)
    except ConvSettingsError as error:
        st.warning(str(error), icon=":material/block:")
        return
    stepper(K, len(steps), lambda index: draw_frame(steps, index))


def render() -> None:
    """The page itself; pages/pooling.py calls it on every rerun."""
    st.title("Pooling, step by step")
    steps_tab, photo_tab = st.tabs(["Step by step", "On a photo"])
    with steps_tab:
        step_by_step()
    with photo_tab:
        conv_panels.pooling_photo_panel()
