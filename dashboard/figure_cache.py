"""Figures shared by every session: a figure is a pure function of its arguments, and a
classroom of 30 students looks at the same default example, so each one is built once.

Building a plotly figure (validation, subplots) costs tens of milliseconds; under a
classroom's load that was most of the convolution and pooling pages' time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import plotly.graph_objects as go
import streamlit as st


@st.cache_resource(max_entries=512, show_spinner=False)
def _shared(name: str, args: tuple[Any, ...], _build: Callable[..., go.Figure]) -> go.Figure:
    return _build(*args)


def shared_figure(build: Callable[..., go.Figure], *args: Any) -> go.Figure:
    """`build(*args)`, built once per distinct arguments (numpy arrays are hashed by value).

    The figure is shared: st.plotly_chart copies it before use, and callers must not change it.
    """
    return _shared(f"{build.__module__}.{build.__qualname__}", args, build)


# An animated figure holds every step of a convolution: up to a few MB each, and every
# "Random input" makes a new one, so far fewer of them are kept.
@st.cache_resource(max_entries=48, show_spinner=False)
def _shared_animation(name: str, args: tuple[Any, ...], _build: Callable[..., go.Figure]) -> Any:
    return _build(*args)


def shared_animation(build: Callable[..., go.Figure], *args: Any) -> go.Figure:
    """Like shared_figure, for the large animated figures of the step-by-step pages."""
    return _shared_animation(f"{build.__module__}.{build.__qualname__}", args, build)


# Fewer entries than figures: a backbone's feature maps of one photo take tens of MB.
@st.cache_resource(max_entries=32, show_spinner=False)
def _shared_value(what: str, key: tuple[Any, ...], _compute: Callable[[], Any]) -> Any:
    return _compute()


def shared_value(what: str, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    """`compute()` once per (`what`, `key`) for all sessions: e.g. a shared model's feature
    maps of one test image, which every student opening the Inside page asks for. `key` must
    name everything the result depends on (model and image keys); callers must not change
    the result."""
    return _shared_value(what, key, compute)
