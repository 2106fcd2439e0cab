"""The augmentation page's pipeline editor: its steps, sliders, JSON loading.

The pipeline is kept in session state (dashboard.pipeline_state): widgets are keyed by each
step's id, so moving a step moves its sliders with it.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from core.augment.pipeline import MAX_STEPS, Pipeline
from core.augment.specs import AugmentError, AugmentSpec, Param
from core.augment.steps import IMAGENET, REGISTRY
from core.i18n import N_, _
from dashboard.keys import AugmentKeys as K
from dashboard.pipeline_state import set_pipeline
from dashboard.plain import plain
from dashboard.uploads import SPEC_MB

# --- the pipeline in session state ----------------------------------------------------


# Pipelines to start from: a first visit starts empty (nothing to remove first). The names
# are the buttons' keys too: they stay English, and `_(name)` labels the button.
RECIPES: dict[str, Any] = {
    N_("Empty"): lambda: Pipeline(()),
    N_("Shift + rotation"): Pipeline.default,
    N_("000's ImageDataGenerator"): Pipeline.image_data_generator,
    N_("000's Resize + RandomCrop"): Pipeline.resize_crop_flip,
}


def init_state() -> None:
    if K.STEPS not in st.session_state:
        set_pipeline(Pipeline(()))


def _add_step() -> None:
    kind = st.session_state[K.ADD_TYPE]
    steps = st.session_state[K.STEPS]
    if len(steps) >= MAX_STEPS:
        st.session_state[K.MESSAGE] = (
            "error",
            _("A pipeline holds at most {count} steps.").format(count=MAX_STEPS),
        )
        return
    values = {}
    if kind == "normalize":  # start from the statistics of the image's dataset
        values = dict(zip(("mean", "std"), st.session_state.get(K.STATS, IMAGENET), strict=True))
    side = st.session_state.get(K.SIDE)
    if side and REGISTRY[kind].sets_size:  # a crop or resize to the dataset's own size
        values = {"size": side}
    steps.append((st.session_state[K.NEXT_ID], REGISTRY[kind](**values)))
    st.session_state[K.NEXT_ID] += 1


def _move(index: int, offset: int) -> None:
    steps = st.session_state[K.STEPS]
    target = index + offset
    if 0 <= target < len(steps):
        steps[index], steps[target] = steps[target], steps[index]


def _remove(index: int) -> None:
    del st.session_state[K.STEPS][index]


def start_from(recipe: str) -> None:
    set_pipeline(RECIPES[recipe]())


def recipe_row() -> None:
    """Buttons that replace the pipeline with a recipe (or nothing)."""
    st.caption(_("Start from:"))
    # One row that wraps: in the narrow pipeline column, four equal columns broke the
    # recipes' names letter by letter.
    with st.container(horizontal=True):
        for name in RECIPES:
            st.button(_(name), key=f"aug.recipe.{name}", on_click=start_from, args=(name,))


# --- step editor ----------------------------------------------------------------------


def _key(uid: int, name: str) -> str:
    return f"{K.STEP}.{uid}.{name}"


def _widget_value(info: Param, value: Any) -> Any:
    if info.kind == "channels":
        return ", ".join(f"{v:g}" for v in value)
    return value


def _param_widget(uid: int, name: str, info: Param, value: Any) -> Any:
    """One slider (or box) for a parameter, seeded from the spec the first time."""
    key = _key(uid, name)
    label, tip = _(info.label), _(info.help) if info.help else None
    if key not in st.session_state:
        st.session_state[key] = _widget_value(info, value)
    if info.kind == "choice":
        return st.selectbox(label, info.choices, key=key, help=tip)
    if info.kind == "channels":
        text = st.text_input(label, key=key, help=_("One value, or three (R, G, B)."))
        try:
            return tuple(float(part) for part in text.replace(";", ",").split(","))
        except ValueError:
            return text  # the spec refuses it with a clear message
    if info.kind in ("int", "odd"):
        return st.slider(
            label,
            int(info.low),
            int(info.high),
            step=int(info.step),
            key=key,
            help=tip,
        )
    # As many decimals as the step has: "15°" not "15.00", "0.05" not "0.1".
    decimals = 0 if info.step >= 1 else 1 if info.step >= 0.1 else 2 if info.step >= 0.01 else 3
    return st.slider(
        label,
        float(info.low),
        float(info.high),
        step=float(info.step),
        format=f"%.{decimals}f",
        key=key,
        help=tip,
    )


def step_editor(index: int, uid: int, step: AugmentSpec, count: int) -> None:
    """A bordered box for one step: its title, move/remove buttons and its sliders."""
    with st.container(border=True, key=f"aug-box-{uid}"):
        # One row: the title takes the room (a long one wraps onto a second line), three
        # compact icon buttons keep their places on the right (they wrapped under a long title).
        title, *slots = st.columns([5, 1, 1, 1], gap=None, vertical_alignment="center", wrap=False)
        title.markdown(f"**{index + 1}. {_(step.title)}**")
        buttons = [
            ("up", ":material/arrow_upward:", _("Move up"), index == 0, _move, (index, -1)),
            (
                "down",
                ":material/arrow_downward:",
                _("Move down"),
                index == count - 1,
                _move,
                (index, 1),
            ),
            ("remove", ":material/delete:", _("Remove this step"), False, _remove, (index,)),
        ]
        for slot, (name, icon, tip, disabled, action, args) in zip(slots, buttons, strict=True):
            slot.button(
                icon,
                key=f"aug.{name}.{uid}",
                help=tip,
                disabled=disabled,
                on_click=action,
                args=args,
                type="tertiary",
            )
        st.caption(
            _(step.blurb)
            + (" " + _("Always applied: it sets the image size.") if step.sets_size else "")
        )
        values = {
            name: _param_widget(uid, name, info, getattr(step, name))
            for name, info in step.params()
        }
        try:
            edited = type(step)(**values)
        except AugmentError as error:
            st.error(_("{error} The previous value is kept.").format(error=plain(error)))
            return
        st.session_state[K.STEPS][index] = (uid, edited)


def add_step_row() -> None:
    """Choose an augmentation and add it at the end of the pipeline."""
    st.selectbox(
        _("Augmentation to add"),
        list(REGISTRY),
        format_func=lambda kind: f"{_(REGISTRY[kind].group)} · {_(REGISTRY[kind].title)}",
        key=K.ADD_TYPE,
        persist_state="session",
    )
    st.button(_("Add step"), key="aug.add", on_click=_add_step, icon=":material/add:")


# --- loading JSON ---------------------------------------------------------------------


def _load(text: str | bytes, origin: str) -> None:
    try:
        pipeline = Pipeline.from_json(text)
    except AugmentError as error:
        st.session_state[K.MESSAGE] = (
            "error",
            _("Could not load {origin}: {error}").format(origin=plain(origin), error=plain(error)),
        )
        return
    set_pipeline(pipeline)
    count = len(pipeline.steps)
    st.session_state[K.MESSAGE] = (
        "success",
        _("Loaded {count} step(s) from {origin}.").format(count=count, origin=origin),
    )


def _load_pasted() -> None:
    _load(st.session_state.get(K.JSON_TEXT, ""), _("the pasted JSON"))


def load_json_panel() -> None:
    """Paste or upload pipeline JSON; bad JSON gets a sentence, not a traceback."""
    st.text_area(
        _("Pipeline JSON"),
        key=K.JSON_TEXT,
        persist_state="session",
        height=160,
        placeholder='{"steps": [{"type": "rotation", "params": {"degrees": 10}}]}',
    )
    st.button(_("Load pasted JSON"), key="aug.load_json", on_click=_load_pasted)
    upload = st.file_uploader(
        _("…or a .json file"), type=["json"], key=K.JSON_FILE, max_upload_size=SPEC_MB
    )
    if upload is not None and st.session_state.get(K.JSON_FILE_ID) != upload.file_id:
        st.session_state[K.JSON_FILE_ID] = upload.file_id  # load each upload once
        _load(upload.getvalue(), upload.name)
        st.rerun()
