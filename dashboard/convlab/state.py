"""The session state both step-by-step pages keep: the input grid (and kernels), a version
that makes the cell editors start afresh, and the stepper's position."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import streamlit as st


def random_grid(shape: tuple[int, ...], low: int, high: int) -> np.ndarray:
    """Whole numbers in [low, high], as floats: easy to add up in one's head."""
    return np.random.default_rng().integers(low, high + 1, size=shape).astype(np.float64)


def replaced(keys: Any) -> None:
    """Note that the data changed, so the cell editors show the new values."""
    st.session_state[keys.VERSION] = st.session_state.get(keys.VERSION, 0) + 1


def load(keys: Any, settings: dict, grids: dict[str, np.ndarray]) -> None:
    """Replace the settings and the grids (input, kernels) and rewind the stepper."""
    state = st.session_state
    state.update(settings)
    state.update(grids)
    replaced(keys)
    state[keys.INDEX] = 0


def start(keys: Any, defaults: dict, load_course_example: Callable[[], None]) -> None:
    """On the first visit, the course's example; afterwards, any setting missing its default."""
    if keys.INPUT not in st.session_state:
        load_course_example()
    for key, value in defaults.items():
        st.session_state.setdefault(key, value)


def fit(keys: Any, key: str, shape: tuple[int, ...], low: int, high: int) -> None:
    """Resize grid `key` to `shape`: keep the values the student typed where they still fit,
    fill new cells at random."""
    old = st.session_state[key]
    if old.shape == shape:
        return
    new = random_grid(shape, low, high)
    overlap = tuple(slice(0, min(a, b)) for a, b in zip(old.shape, shape, strict=True))
    new[overlap] = old[overlap]
    st.session_state[key] = new
    replaced(keys)
