"""The builder's model in session state, and the callbacks that change it.

The model is kept as plain values (a tuple of layer specs and an input shape), so any page
can rebuild the same ModelSpec with `current_spec()`.
"""

from __future__ import annotations

import dataclasses

import streamlit as st

from core.errors import SpecError
from core.i18n import N_, _
from core.model.presets import PRESETS, get_preset
from core.model.specs import LayerSpec, ModelSpec
from dashboard.keys import BuilderKeys as K

DEFAULT_PRESET = "mnist_32_64"
CUSTOM_INPUT = N_("Custom")
# Input shapes by dataset: the input follows the dataset the model is meant for. The labels
# are the selectbox's values (kept in session state) and are translated where shown.
INPUT_CHOICES: dict[str, tuple[int, int, int] | None] = {
    N_("MNIST / Fashion-MNIST (1x28x28)"): (1, 28, 28),
    N_("CIFAR-10 (3x32x32)"): (3, 32, 32),
    N_("Photo, ImageNet size (3x224x224)"): (3, 224, 224),
    CUSTOM_INPUT: None,
}


def input_choice_for(shape: tuple[int, int, int]) -> str:
    for label, choice in INPUT_CHOICES.items():
        if choice == shape:
            return label
    return CUSTOM_INPUT


def init_state() -> None:
    """First visit of a session: start from the course's MNIST CNN."""
    if K.LAYERS not in st.session_state:
        _set_spec(get_preset(DEFAULT_PRESET))
    st.session_state.setdefault(K.EDITING, None)
    st.session_state.setdefault(K.FORM_VERSION, 0)
    st.session_state.setdefault(K.QUIZ_REVEALED, 0)
    st.session_state.setdefault(K.QUIZ_SCORE, (0, 0))


def current_spec() -> ModelSpec:
    """The model as it stands in the builder (the MNIST preset if the builder was never opened)."""
    if K.LAYERS not in st.session_state:
        return get_preset(DEFAULT_PRESET)
    return ModelSpec(
        st.session_state[K.INPUT_SHAPE],
        st.session_state[K.LAYERS],
        st.session_state.get(K.NAME, "my_cnn"),
    )


def _set_spec(spec: ModelSpec) -> None:
    st.session_state[K.LAYERS] = spec.layers
    st.session_state[K.INPUT_SHAPE] = spec.input_shape
    st.session_state[K.NAME] = spec.name
    st.session_state[K.INPUT_CHOICE] = input_choice_for(spec.input_shape)
    st.session_state[K.EDITING] = None
    st.session_state[K.QUIZ_REVEALED] = 0
    st.session_state[K.QUIZ_SCORE] = (0, 0)
    st.session_state[K.QUIZ_LAST] = None
    _new_form()


def _new_form() -> None:
    st.session_state[K.FORM_VERSION] = st.session_state.get(K.FORM_VERSION, 0) + 1


def _set_layers(layers: list[LayerSpec]) -> None:
    st.session_state[K.LAYERS] = tuple(layers)


def use_spec(spec: ModelSpec) -> None:
    """Make `spec` the builder's model, quietly, unless it already is (an assignment's)."""
    if K.LAYERS not in st.session_state or current_spec().to_json() != spec.to_json():
        _set_spec(spec)


def load_spec(spec: ModelSpec, message: str) -> None:
    _set_spec(spec)
    st.session_state[K.MESSAGE] = ("success", message)


def load_preset() -> None:
    name = st.session_state.get(K.PRESET_CHOICE)
    if name is None:  # nothing chosen since Clear
        return
    message = _("Loaded the preset {title}.").format(title=_(PRESETS[name].title))
    load_spec(get_preset(name), message)


def load_course_model(name: str) -> None:
    """Load a course model brought by the teacher's lesson step; the student's own model,
    if it was another, is kept to bring back (her work stays hers)."""
    spec = get_preset(name)
    if K.LAYERS in st.session_state and current_spec().to_json() != spec.to_json():
        st.session_state[K.KEPT] = current_spec()
    st.session_state[K.PRESET_CHOICE] = name
    load_spec(spec, _("Loaded the preset {title}.").format(title=_(PRESETS[name].title)))


def lock_blocks(blocks: list[str]) -> None:
    """Untick the trainable flag of every layer in these blocks (003:520: VGG16 locked up to
    block5_conv1); the others keep theirs."""
    _set_layers(
        [
            dataclasses.replace(layer, trainable=False) if layer.block in blocks else layer
            for layer in current_spec().layers
        ]
    )


def restore_kept() -> None:
    """Bring back the model a lesson step put aside."""
    kept = st.session_state.pop(K.KEPT, None)
    if kept is not None:
        load_spec(kept, _("Your model {name} is back.").format(name=kept.name))


def clear_layers() -> None:
    _set_layers([])
    st.session_state[K.PRESET_CHOICE] = None  # the box must not name a model no longer here
    st.session_state[K.NAME] = "my_cnn"
    st.session_state[K.EDITING] = None
    st.session_state[K.QUIZ_REVEALED] = 0


def set_input_shape(shape: tuple[int, int, int]) -> None:
    try:
        spec = current_spec()
        st.session_state[K.INPUT_SHAPE] = ModelSpec(shape, spec.layers, spec.name).input_shape
    except SpecError as error:
        st.session_state[K.MESSAGE] = ("error", error.describe())


def add_layer(layer: LayerSpec, position: int) -> None:
    """Insert `layer` so that it becomes layer number `position` (0-based)."""
    layers = list(st.session_state[K.LAYERS])
    layers.insert(position, layer)
    _set_layers(layers)


def replace_layer(index: int, layer: LayerSpec) -> None:
    layers = list(st.session_state[K.LAYERS])
    layers[index] = layer
    _set_layers(layers)
    st.session_state[K.EDITING] = None
    _new_form()


def remove_layer(index: int) -> None:
    layers = list(st.session_state[K.LAYERS])
    del layers[index]
    _set_layers(layers)
    st.session_state[K.EDITING] = None
    st.session_state[K.QUIZ_REVEALED] = min(st.session_state[K.QUIZ_REVEALED], index)


def move_layer(index: int, offset: int) -> None:
    layers = list(st.session_state[K.LAYERS])
    target = index + offset
    if 0 <= target < len(layers):
        layers[index], layers[target] = layers[target], layers[index]
        _set_layers(layers)
        st.session_state[K.QUIZ_REVEALED] = min(st.session_state[K.QUIZ_REVEALED], index, target)
    st.session_state[K.EDITING] = None


def start_editing(index: int | None) -> None:
    st.session_state[K.EDITING] = index
    _new_form()
