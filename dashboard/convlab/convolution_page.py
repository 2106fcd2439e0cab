"""Convolution, step by step: a Conv2D kernel sliding over an input, one window at a time."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core.convlab.kernels import COURSE_CONV_INPUT, COURSE_CONV_KERNEL
from core.convlab.steps import ConvSettingsError
from core.i18n import _, ngettext
from core.model.shapes import conv_output_size as output_size
from dashboard.convlab import panels as conv_panels
from dashboard.convlab import state as grid
from dashboard.convlab.conv_animation import conv_figure
from dashboard.convlab.layer_shapes import layer_shapes
from dashboard.convlab.stepper import cached_conv_steps, cell_editor, speed_setting, stepper
from dashboard.keys import ConvKeys as K
from dashboard.tabs import open_tab_only
from dashboard.terms import with_term

DEFAULTS = {K.SIZE: 5, K.KERNEL_SIZE: 3, K.STRIDE: 1, K.PADDING: 0, K.DILATION: 1, K.BIAS: 0.0}
DEFAULTS |= {K.CHANNELS: 1, K.FILTERS: 1}
RGB = {K.SIZE: 5, K.KERNEL_SIZE: 3, K.STRIDE: 1, K.PADDING: 1, K.DILATION: 1, K.BIAS: 1.0}
RGB |= {K.CHANNELS: 3, K.FILTERS: 2}


def _course_example() -> None:
    x, w = COURSE_CONV_INPUT[None].copy(), COURSE_CONV_KERNEL[None, None].copy()
    grid.load(K, DEFAULTS, {K.INPUT: x, K.KERNELS: w})


def _rgb_example() -> None:
    rng = np.random.default_rng(7)  # a fixed example, the same for the whole class
    x = rng.integers(0, 4, size=(3, 5, 5)).astype(np.float64)
    w = rng.integers(-1, 2, size=(2, 3, 3, 3)).astype(np.float64)
    grid.load(K, RGB, {K.INPUT: x, K.KERNELS: w})


def _randomize(what: str) -> None:
    state = st.session_state
    key, (low, high) = (K.INPUT, (0, 3)) if what == "input" else (K.KERNELS, (-1, 1))
    state[key] = grid.random_grid(state[key].shape, low, high)
    grid.replaced(K)


def settings() -> dict:
    """The controls; returns the current values."""
    state = st.session_state
    grid.start(K, DEFAULTS, _course_example)
    b = st.columns(4)
    b[0].button(_("Course example"), on_click=_course_example, icon=":material/school:")
    b[1].button(_("RGB input, 2 filters"), on_click=_rgb_example, icon=":material/palette:")
    b[2].button(_("Random input"), on_click=_randomize, args=("input",), icon=":material/casino:")
    b[3].button(_("Random kernel"), on_click=_randomize, args=("kernel",), icon=":material/casino:")
    c = st.columns(8)
    keep = {"persist_state": "session"}
    c[0].slider(_("Input size n"), 3, 9, key=K.SIZE, **keep)
    c[1].slider(_("Kernel size k"), 1, 5, key=K.KERNEL_SIZE, help=with_term("kernel"), **keep)
    c[2].slider(_("Stride s"), 1, 3, key=K.STRIDE, help=with_term("stride"), **keep)
    c[3].slider(
        _("Padding p"),
        0,
        3,
        key=K.PADDING,
        help=with_term("padding", _("Zeros added around the input.")),
        **keep,
    )
    c[4].slider(_("Dilation d"), 1, 3, key=K.DILATION, help=_("Gaps between kernel taps."), **keep)
    c[5].number_input(_("Bias b"), -5.0, 5.0, step=0.5, key=K.BIAS, **keep)
    c[6].segmented_control(_("Channels"), [1, 3], key=K.CHANNELS, required=True, **keep)
    c[7].slider(
        _("Filters"),
        1,
        3,
        key=K.FILTERS,
        help=with_term("feature-map", _("Each filter gives one feature map.")),
        **keep,
    )
    values = {key: state[key] for key in DEFAULTS}
    n, k, ch, f = (values[key] for key in (K.SIZE, K.KERNEL_SIZE, K.CHANNELS, K.FILTERS))
    grid.fit(K, K.INPUT, (ch, n, n), 0, 3)
    grid.fit(K, K.KERNELS, (f, ch, k, k), -1, 1)
    return values


def editors(channels: int, filters: int) -> None:
    state = st.session_state
    with st.expander(_("Edit the input and kernel cells"), icon=":material/edit:"):
        cols = st.columns([1, 1, 2, 2])
        names = ["R", "G", "B"] if channels == 3 else [_("gray")]
        channel = cols[0].selectbox(_("Channel"), range(channels), format_func=names.__getitem__)
        filt = cols[1].selectbox(
            _("Filter"),
            range(filters),
            format_func=lambda i: _("filter {number}").format(number=i + 1),
        )
        with cols[2]:
            label = _("Input, channel {channel}").format(channel=names[channel])
            cell_editor(label, K.INPUT, (channel,), state[K.VERSION])
        with cols[3]:
            label = _("Kernel of filter {number}, channel {channel}").format(
                number=filt + 1, channel=names[channel]
            )
            cell_editor(label, K.KERNELS, (filt, channel), state[K.VERSION])


def size_formula(n: int, k: int, s: int, p: int, d: int) -> str:
    o = output_size(n, k, s, p, d)
    return _("Output size") + (
        f" = ⌊(n + 2p − d(k−1) − 1) / s⌋ + 1 = ⌊({n} + 2·{p} − {d}·({k}−1) − 1) / {s}⌋"
        f" + 1 = **{o}**"
    )


def step_by_step() -> None:
    # A key starting "explain": presentation mode leaves it out (the teacher says it).
    st.container(key="explain_conv_steps").markdown(
        _(
            "At each position the kernel's window (orange) is multiplied element-wise with the "
            "kernel, the products are added up with the bias, and the sum lands in one cell of "
            "the feature map. Press **Next** to move the window by the stride."
        )
    )
    v = settings()
    n, k, s, p, d = (v[x] for x in (K.SIZE, K.KERNEL_SIZE, K.STRIDE, K.PADDING, K.DILATION))
    editors(v[K.CHANNELS], v[K.FILTERS])
    left, step_box, right = st.columns([3, 1, 1], vertical_alignment="bottom")
    left.markdown(size_formula(n, k, s, p, d))
    with right:
        speed_setting(K)
    state = st.session_state
    try:
        steps = cached_conv_steps(state[K.INPUT], state[K.KERNELS], v[K.BIAS], s, p, d)
    except ConvSettingsError as error:
        st.warning(str(error), icon=":material/block:")
        return
    o = steps.output.shape[-1]
    f = v[K.FILTERS]
    left.caption(
        ngettext(
            "{filters} filter → a feature map of {size}×{size}×{filters}.",
            "{filters} filters → a feature map of {size}×{size}×{filters}.",
            f,
        ).format(filters=f, size=o)
    )
    stepper(
        K,
        len(steps),
        conv_figure,
        state[K.INPUT],
        state[K.KERNELS],
        v[K.BIAS],
        s,
        p,
        d,
        box=step_box,
    )


def render() -> None:
    """The page itself; its file (core.pages) calls it on every rerun."""
    st.title(_("Convolution, step by step"))
    st.markdown(
        _(
            "A **Conv2D** layer slides a small **kernel** (also called a filter) over its input. "
            "Each output cell is a weighted sum of one window of the input plus a bias; all the "
            'cells together form a **feature map**. Deep-learning "convolution" is really '
            "cross-correlation: the kernel is used as it is, not flipped."
        )
    )
    # Only the open tab is drawn: the photo and "why" panels were a quarter of each run of
    # this page, and the page the class opens at once at a lesson's first step.
    open_tab_only(
        K.TAB,
        [
            (_("Step by step"), _steps_and_shapes),
            (_("On a photo"), conv_panels.photo_panel),
            (_("Why convolution"), conv_panels.why_panel),
        ],
    )


def _steps_and_shapes() -> None:
    step_by_step()
    layer_shapes()
