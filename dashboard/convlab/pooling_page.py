"""Pooling, step by step: MaxPooling2D and average pooling, one window at a time."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core.convlab.kernels import COURSE_POOL_INPUT
from core.convlab.steps import ConvSettingsError
from core.i18n import N_, _
from core.model.shapes import conv_output_size as output_size
from dashboard.convlab import panels as conv_panels
from dashboard.convlab import state as grid
from dashboard.convlab.pool_animation import pool_figure
from dashboard.convlab.stepper import cached_pool_steps, cell_editor, speed_setting, stepper
from dashboard.keys import PoolKeys as K
from dashboard.tabs import open_tab_only
from dashboard.terms import with_term

COURSE = {K.SIZE: 4, K.POOL_SIZE: 2, K.STRIDE: 2, K.PADDING: 0, K.MODE: "max"}
ALEXNET = {K.SIZE: 7, K.POOL_SIZE: 3, K.STRIDE: 2, K.PADDING: 0, K.MODE: "max"}
MODES = {"max": N_("Max pooling"), "avg": N_("Average pooling")}


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
    b[0].button(_("Course example"), on_click=_course_example, icon=":material/school:")
    b[1].button(_("Overlapping: 3×3, stride 2 (AlexNet)"), on_click=_alexnet_example)
    b[2].button(_("Random input"), on_click=_randomize, icon=":material/casino:")
    c = st.columns([1, 1, 1, 1, 1.6])
    keep = {"persist_state": "session"}
    c[0].slider(_("Input size n"), 2, 9, key=K.SIZE, **keep)
    c[1].slider(_("Pool size k"), 1, 4, key=K.POOL_SIZE, help=with_term("pooling"), **keep)
    c[2].slider(_("Stride s"), 1, 4, key=K.STRIDE, help=with_term("stride"), **keep)
    c[3].slider(_("Padding p"), 0, 2, key=K.PADDING, help=with_term("padding"), **keep)
    c[4].segmented_control(
        _("Pooling"),
        list(MODES),
        format_func=lambda mode: _(MODES[mode]),
        key=K.MODE,
        required=True,
        **keep,
    )
    values = {key: state[key] for key in COURSE}
    grid.fit(K, K.INPUT, (values[K.SIZE],) * 2, 0, 9)
    return values


def step_by_step() -> None:
    # A key starting "explain": presentation mode leaves it out (the teacher says it).
    st.container(key="explain_pool_steps").markdown(
        _(
            "A pooling layer slides a window over each feature map and keeps one number per "
            "window: the **maximum** (MaxPooling2D) or the **average**. It has no weights to "
            "learn; with stride 2 it halves the map's height and width. Press **Next** to move "
            "the window."
        )
    )
    v = settings()
    with st.expander(_("Edit the input cells"), icon=":material/edit:"):
        cell_editor(_("Input feature map"), K.INPUT, (), st.session_state[K.VERSION])
    n, k, s, p, mode = (v[key] for key in (K.SIZE, K.POOL_SIZE, K.STRIDE, K.PADDING, K.MODE))
    left, step_box, right = st.columns([3, 1, 1], vertical_alignment="bottom")
    left.markdown(
        _("Output size") + f" = ⌊(n + 2p − k) / s⌋ + 1 = ⌊({n} + 2·{p} − {k}) / {s}⌋ + 1 = "
        f"**{output_size(n, k, s, p)}**"
    )
    with right:
        speed_setting(K)
    if p:
        st.caption(
            _(
                "Like PyTorch, max pooling pads with −∞ so padding is never the maximum; average "
                "pooling pads with 0 and counts those zeros (count_include_pad=True)."
            )
        )
    if s < k:
        st.caption(
            _(
                "Stride {stride} < pool size {size}: the windows overlap, as in AlexNet "
                "(3×3, stride 2)."
            ).format(stride=s, size=k)
        )
    try:
        steps = cached_pool_steps(st.session_state[K.INPUT], k, s, p, mode)
    except ConvSettingsError as error:
        st.warning(str(error), icon=":material/block:")
        return
    stepper(K, len(steps), pool_figure, st.session_state[K.INPUT], k, s, p, mode, box=step_box)
    if mode == "max":
        st.caption(_("The green square marks the largest value of the window: only it survives."))
    else:
        st.caption(_("The average counts every cell of the window, padding zeros included."))


def render() -> None:
    """The page itself; its file (core.pages) calls it on every rerun."""
    st.title(_("Pooling, step by step"))
    open_tab_only(  # only the open tab is drawn
        K.TAB,
        [(_("Step by step"), step_by_step), (_("On a photo"), conv_panels.pooling_photo_panel)],
    )
