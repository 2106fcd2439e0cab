"""Pieces shared by the convolution and pooling pages: the stepper and the cell editors.

The stepper follows "compute once, animate by index": every step is a frame of one plotly
figure (dashboard.convlab.animation), built once per setting and shared by every session
showing the same example, and the browser plays it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from core.convlab.steps import ConvSteps, PoolSteps, conv2d_steps, pool2d_steps
from core.i18n import _, get_language
from dashboard.convlab.figures import WEIGHT_HOVER
from dashboard.figure_cache import shared_animation
from dashboard.viewport import on_a_phone

SPEEDS = [0.5, 1.0, 2.0, 4.0, 8.0]  # steps per second
SPOKEN_STEP = "spoken_step"  # the container of the step's text for screen readers


def weight_hover() -> str:
    """kernel_figure's hover text in the session's language."""
    return _(WEIGHT_HOVER)


@st.cache_data(max_entries=64, show_spinner=False)
def cached_conv_steps(
    x: np.ndarray, kernels: np.ndarray, bias: float, stride: int, padding: int, dilation: int
) -> ConvSteps:
    return conv2d_steps(x, kernels, bias, stride, padding, dilation)


@st.cache_data(max_entries=64, show_spinner=False)
def cached_pool_steps(x: np.ndarray, size: int, stride: int, padding: int, mode: str) -> PoolSteps:
    return pool2d_steps(x, size, stride, padding, mode)


def _on_cell_click(keys: Any, chart_key: str) -> None:
    points = st.session_state[chart_key]["selection"]["points"]
    steps = [p.get("customdata") for p in points if p.get("customdata") is not None]
    if steps:
        data = steps[0]
        st.session_state[keys.INDEX] = int(data[0] if isinstance(data, list) else data)
    # A fresh key clears the selection, so clicking the same cell again still jumps.
    st.session_state[keys.CHART] = st.session_state.get(keys.CHART, 0) + 1


def speed_setting(keys: Any) -> None:
    """How many steps per second Play shows (a new speed rebuilds the figure)."""
    st.session_state.setdefault(keys.SPEED, 1.0)
    st.select_slider(
        _("Play speed (steps per second)"), SPEEDS, key=keys.SPEED, persist_state="session"
    )


def stepper(
    keys: Any, n_steps: int, build: Callable[..., go.Figure], *args: Any, box: Any = None
) -> None:
    """The animated figure `build(*args, start, speed, language)`, played at the speed
    `speed_setting` chose.

    Every step is in the figure, so First / Previous / Next / Play and the step slider run in
    the browser; the server only hears of a click on an output cell or a step typed in the
    "Go to step" box (drawn in `box`, beside the speed; the figure then starts at that step)
    and of a new speed.
    """
    state = st.session_state
    start = min(max(int(state.get(keys.INDEX, 0)), 0), n_steps - 1)
    state[keys.INDEX] = start
    # The figure's buttons and slider take a mouse or a finger, not the keyboard: this box
    # does (Tab to it, type a step, Enter), and the figure then starts at that step.
    typed = f"{keys.INDEX}.typed"
    state[typed] = start + 1
    (box or st).number_input(
        _("Go to step"),
        1,
        n_steps,
        key=typed,
        on_change=lambda: state.update({keys.INDEX: int(state[typed]) - 1}),
    )
    speed = float(state.get(keys.SPEED, 1.0))
    fig = shared_animation(build, *args, start, speed, get_language(), on_a_phone())
    chart_key = f"{keys.CHART}.{state.get(keys.CHART, 0)}"
    st.plotly_chart(
        fig,
        key=chart_key,
        width="content",
        theme=None,
        on_select=partial(_on_cell_click, keys, chart_key),
        selection_mode="points",
        config={"displayModeBar": False},
    )
    # The step's arithmetic as text, for a screen reader (the figure draws it as SVG, which
    # they read poorly); hidden on screen by dashboard/style.py, where the figure shows it.
    arithmetic = fig.layout.annotations[0].text if fig.layout.annotations else ""
    st.container(key=SPOKEN_STEP).text(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", arithmetic)))


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
