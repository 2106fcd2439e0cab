"""The Augmentation lab's pipeline in session state, which other pages set (a course
exercise, an assignment) and the Train page trains with.

The pipeline lives in `st.session_state[AugmentKeys.STEPS]` as (id, spec) pairs: the lab's
widgets are keyed by the id, and the specs survive a page change even though the widgets do
not.
"""

from __future__ import annotations

import streamlit as st

from core.augment.pipeline import Pipeline
from dashboard.keys import AugmentKeys as K


def set_pipeline(pipeline: Pipeline) -> None:
    """Replace every step; new ids give the step widgets fresh keys."""
    start = st.session_state.get(K.NEXT_ID, 0)
    st.session_state[K.STEPS] = [(start + i, step) for i, step in enumerate(pipeline.steps)]
    st.session_state[K.NEXT_ID] = start + len(pipeline.steps)


def current_pipeline() -> Pipeline:
    return Pipeline(tuple(step for _uid, step in st.session_state[K.STEPS]))
