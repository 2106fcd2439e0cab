"""The teacher's assignment on the Train page: its settings filled in, the locked ones fixed
(shown, not changeable) for a student; the open ones left to explore."""

from __future__ import annotations

from typing import Any

import streamlit as st

from core.augment.pipeline import Pipeline
from core.classroom.assignments import Assignment, current
from core.identity.settings import classroom_mode
from core.model.spec_io import spec_from_json
from dashboard import model_state
from dashboard.identity import actor
from dashboard.keys import TrainKeys as K
from dashboard.pipeline_state import set_pipeline
from dashboard.train_choices import COURSE_PRESET, MY_MODEL

# Where the Train page's widgets keep each setting an assignment or exercise may fill.
STATE_KEYS = {
    "preset": K.PRESET,
    "dataset": K.DATASET,
    "optimizer": K.OPTIMIZER,
    "lr": K.LR,
    "batch_size": K.BATCH_SIZE,
    "epochs": K.EPOCHS,
    "train_limit": K.LIMIT,
    "val_fraction": K.VAL_FRACTION,
    "scaling": K.SCALING,
    "classes": K.CLASSES,
    "per_class": K.PER_CLASS,
    "unfreeze_after": K.UNFREEZE,
    "schedule": K.SCHEDULE,
    "weight_decay": K.WEIGHT_DECAY,
    "momentum": f"{K.OPTIMIZER_PARAM}.momentum",
    "label_smoothing": K.LABEL_SMOOTHING,
    "tta": K.TTA,
    "channels_last": K.CHANNELS_LAST,
    "early_stopping": K.EARLY_STOP,
}
# A widget's value for a setting that is None in a TrainConfig (early stopping "off", all
# the classes, all the images per class).
WHEN_NONE: dict[str, Any] = {
    "early_stopping": "off",
    "classes": [],
    "per_class": "all",
    "unfreeze_after": "off",
}
LOCKED_KEY = "train.locked"  # the settings locked on this run of the page


def active_assignment() -> Assignment | None:
    return current() if classroom_mode() else None


def fill(settings: dict[str, Any], only: set[str] | None = None) -> None:
    """Put an assignment's (or a course exercise's) settings where the Train page's widgets
    read them."""
    state = st.session_state
    for name, value in settings.items():
        if name in STATE_KEYS and (only is None or name in only):
            if value is None and name in WHEN_NONE:
                value = WHEN_NONE[name]
            state[STATE_KEYS[name]] = "all" if name == "train_limit" and not value else value
    if "augment" in settings and (only is None or "augment" in only):
        use_pipeline(settings["augment"])
    if "preset" in settings and (only is None or "preset" in only):
        state[K.MODEL_SOURCE] = COURSE_PRESET
    if "spec" in settings and (only is None or "spec" in only):
        model_state.use_spec(spec_from_json(settings["spec"]))
        state[K.MODEL_SOURCE] = MY_MODEL


def use_pipeline(augment: dict) -> None:
    """A recipe's augmentation as the Augmentation lab's pipeline, switched on for training
    (new ids give its step widgets fresh keys, as the lab itself does)."""
    set_pipeline(Pipeline.from_dict(augment))
    st.session_state[K.AUGMENT] = True


def enforce() -> set[str]:
    """The settings locked for this student (none for the teacher, or with no assignment),
    set to the assignment's values before the widgets are drawn."""
    assignment = active_assignment()
    locked = set() if assignment is None or actor().is_teacher else set(assignment.locked)
    if locked:
        fill(assignment.settings, only=locked)
    st.session_state[LOCKED_KEY] = locked
    return locked


def is_locked(name: str) -> bool:
    return name in st.session_state.get(LOCKED_KEY, set())
