"""Pieces shared by the convolution and pooling pages: the stepper, cell editors, formulas.

The stepper follows "compute once, animate by index": the page computes every step once
(cached), and the stepper only moves an index kept in session state. It lives in a fragment,
so Next / Previous / Play redraw the frame without re-running the whole page.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from core.convlab.steps import ConvStep, ConvSteps, PoolSteps, conv2d_steps, pool2d_steps
from core.i18n import _
from dashboard.convlab.figures import (
    CLICK_HOVER,
    INPUT_HOVER,
    PADDING_HOVER,
    PENDING_HOVER,
    WEIGHT_HOVER,
    fmt,
)

SPEEDS = [0.5, 1.0, 2.0, 4.0]  # steps per second


def input_hovers() -> tuple[str, str]:
    """input_figure's hover texts (a cell, a padding cell) in the session's language."""
    return _(INPUT_HOVER), _(PADDING_HOVER)


def weight_hover() -> str:
    """kernel_figure's hover text in the session's language."""
    return _(WEIGHT_HOVER)


def output_hovers() -> tuple[str, str]:
    """output_figure's hover texts (a pending cell, a click target) in the session's language."""
    return _(PENDING_HOVER), _(CLICK_HOVER)


@st.cache_data(max_entries=64, show_spinner=False)
def cached_conv_steps(
    x: np.ndarray, kernels: np.ndarray, bias: float, stride: int, padding: int, dilation: int
) -> ConvSteps:
    return conv2d_steps(x, kernels, bias, stride, padding, dilation)


@st.cache_data(max_entries=64, show_spinner=False)
def cached_pool_steps(x: np.ndarray, size: int, stride: int, padding: int, mode: str) -> PoolSteps:
    return pool2d_steps(x, size, stride, padding, mode)


def _term(a: float, w: float) -> str:
    return f"({fmt(a)}×{fmt(w)})"


def channel_sum_text(step: ConvStep, channel: int) -> str:
    """The products of one channel written out: (1×1) + (1×0) + ... = 3."""
    terms = " + ".join(
        _term(a, w)
        for a, w in zip(step.window[channel].ravel(), step.kernel[channel].ravel(), strict=True)
    )
    return f"{terms} = {fmt(step.channel_sums[channel])}"


def cell_name(step: ConvStep, filters: int) -> str:
    prefix = f"{step.filter}, " if filters > 1 else ""
    return f"out[{prefix}{step.row}, {step.col}]"


def conv_formula(step: ConvStep, filters: int, channel_names: Sequence[str]) -> str:
    """The current output cell with the actual numbers (Markdown)."""
    name = cell_name(step, filters)
    if len(channel_names) == 1:
        body = " + ".join(
            _term(a, w) for a, w in zip(step.window.ravel(), step.kernel.ravel(), strict=True)
        )
    else:
        body = " + ".join(
            f"{n}: {fmt(s)}" for n, s in zip(channel_names, step.channel_sums, strict=True)
        )
    return _("**{cell}** = {body} + bias {bias} = **{total}**").format(
        cell=name, body=body, bias=fmt(step.bias), total=fmt(step.total)
    )


def pool_formula(steps: PoolSteps, index: int) -> str:
    """The current pooled cell: max(1, 2, 0, 1) = 2 or (1 + 2 + 0 + 1) / 4 = 1."""
    r, c, _rows, _cols = steps.position(index)
    values = [fmt(v) for v in steps.windows[r, c].ravel()]
    result = fmt(steps.output[r, c])
    if steps.mode == "max":
        return f"**out[{r}, {c}]** = max({', '.join(values)}) = **{result}**"
    return f"**out[{r}, {c}]** = ({' + '.join(values)}) / {len(values)} = **{result}**"


def _go_to(keys: Any, index: int) -> None:
    st.session_state[keys.INDEX] = index


def _toggle_play(keys: Any, n_steps: int) -> None:
    state = st.session_state
    state[keys.PLAYING] = not state[keys.PLAYING]
    if state[keys.PLAYING] and state[keys.INDEX] >= n_steps - 1:
        state[keys.INDEX] = 0  # Play at the end starts again
    state[keys.LAST_TICK] = time.monotonic()


def _on_cell_click(keys: Any, chart_key: str) -> None:
    points = st.session_state[chart_key]["selection"]["points"]
    if points:
        data = points[0].get("customdata")
        st.session_state[keys.INDEX] = int(data[0] if isinstance(data, list) else data)
        st.session_state[keys.PLAYING] = False
        # A fresh key clears the selection, so clicking the same cell again still jumps.
        st.session_state[keys.CHART] = st.session_state.get(keys.CHART, 0) + 1


def clickable_chart(fig: go.Figure, keys: Any) -> None:
    """Draw the output grid; clicking a cell jumps the stepper to it."""
    chart_key = f"{keys.CHART}.{st.session_state.get(keys.CHART, 0)}"
    st.plotly_chart(
        fig,
        key=chart_key,
        width="content",
        theme=None,
        on_select=partial(_on_cell_click, keys, chart_key),
        selection_mode="points",
        config={"displayModeBar": False},
    )


def stepper(keys: Any, n_steps: int, draw: Callable[[int], None]) -> None:
    """First / Previous / Next / Play controls and the current frame `draw(index)`."""
    state = st.session_state
    state.setdefault(keys.PLAYING, False)
    state[keys.INDEX] = min(max(int(state.get(keys.INDEX, 0)), 0), n_steps - 1)
    playing, speed = state[keys.PLAYING], float(state.get(keys.SPEED, 1.0))

    @st.fragment(run_every=1 / speed if playing else None)
    def frame() -> None:
        # run_every is fixed when the fragment is declared: a new play state or speed needs
        # a full rerun to declare it again.
        if state[keys.PLAYING] != playing or float(state.get(keys.SPEED, 1.0)) != speed:
            st.rerun()
        if playing and time.monotonic() - state.get(keys.LAST_TICK, 0.0) >= 0.8 / speed:
            state[keys.LAST_TICK] = time.monotonic()
            if state[keys.INDEX] < n_steps - 1:
                state[keys.INDEX] += 1
            if state[keys.INDEX] >= n_steps - 1:
                state[keys.PLAYING] = False
                st.rerun()
        index = state[keys.INDEX]
        cols = st.columns([1, 1.2, 1.2, 1.1, 2.2, 2.3], vertical_alignment="bottom")
        cols[0].button(":material/first_page: " + _("First"), on_click=_go_to, args=(keys, 0))
        cols[1].button(
            ":material/chevron_left: " + _("Previous"),
            on_click=_go_to,
            args=(keys, max(index - 1, 0)),
            disabled=index == 0,
        )
        cols[2].button(
            _("Next") + " :material/chevron_right:",
            type="primary",
            on_click=_go_to,
            args=(keys, min(index + 1, n_steps - 1)),
            disabled=index == n_steps - 1,
        )
        cols[3].button(
            ":material/pause: " + _("Pause") if playing else ":material/play_arrow: " + _("Play"),
            on_click=_toggle_play,
            args=(keys, n_steps),
        )
        cols[4].select_slider(
            _("Speed (steps per second)"),
            SPEEDS,
            value=speed,
            key=keys.SPEED,
            persist_state="session",
        )
        cols[5].markdown(_("**Step {step} of {total}**").format(step=index + 1, total=n_steps))
        draw(index)

    frame()


def _apply_edits(store_key: str, index: tuple[int, ...], editor_key: str) -> None:
    grid = st.session_state[store_key][index]
    for row, changes in st.session_state[editor_key]["edited_rows"].items():
        for col, value in changes.items():
            if value is not None:  # a cleared cell keeps its old value
                grid[int(row), int(col)] = float(value)


def cell_editor(label: str, store_key: str, index: tuple[int, ...], version: int) -> None:
    """An editable table over one 2-D slice of the array kept at `store_key`, edited in place."""
    grid = st.session_state[store_key][index]
    columns = [str(j) for j in range(grid.shape[1])]
    editor_key = f"{store_key}.editor.{version}.{'.'.join(map(str, index))}"
    st.data_editor(
        pd.DataFrame(grid, columns=columns),
        key=editor_key,
        on_change=_apply_edits,
        args=(store_key, index, editor_key),
        column_config={c: st.column_config.NumberColumn(c, format="%g") for c in columns},
        width="content",
    )
    st.caption(label)
