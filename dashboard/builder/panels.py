"""The builder page's panels: model source, layer list, layer editor, export."""

from __future__ import annotations

import streamlit as st

from core.errors import ArchitectureError
from core.i18n import _, ngettext
from core.model.export import export_code
from core.model.export_keras import export_keras_code
from core.model.presets import PRESETS
from core.model.registry import layer_types
from core.model.spec_io import spec_from_bytes, spec_to_bytes
from core.model.specs import ModelSpec
from core.model.summary import ModelSummary
from dashboard import model_state as state
from dashboard.builder.layer_form import layer_fields
from dashboard.builder.summary_panel import shape_text
from dashboard.bundles import download_bundle, restore_bundle
from dashboard.keys import BuilderKeys as K
from dashboard.plain import plain
from dashboard.uploads import BUNDLE_MB


def render_model_source() -> None:
    """Input shape (follows the dataset), presets, and a clear button."""
    if K.INPUT_CHOICE not in st.session_state:  # first visit; persist_state keeps it after
        st.session_state[K.INPUT_CHOICE] = state.input_choice_for(st.session_state[K.INPUT_SHAPE])
    columns = st.columns([3, 3, 1.2, 1])
    choice = columns[0].selectbox(
        _("Input (follows the dataset)"),
        list(state.INPUT_CHOICES),
        key=K.INPUT_CHOICE,
        format_func=_,
        persist_state="session",
        help=_(
            "MNIST images are 1 channel of 28x28 pixels; CIFAR-10 images are 3 channels "
            "(RGB) of 32x32."
        ),
    )
    shape = state.INPUT_CHOICES[choice]
    if shape is None:
        channels, height, width = st.session_state[K.INPUT_SHAPE]
        custom = st.columns(3)
        shape = (
            int(custom[0].number_input(_("Channels"), 1, 64, channels, key="builder_custom_c")),
            int(custom[1].number_input(_("Height"), 1, 1024, height, key="builder_custom_h")),
            int(custom[2].number_input(_("Width"), 1, 1024, width, key="builder_custom_w")),
        )
    if shape != st.session_state[K.INPUT_SHAPE]:
        state.set_input_shape(shape)
    st.session_state.setdefault(K.PRESET_CHOICE, state.DEFAULT_PRESET)
    chosen = columns[1].selectbox(
        _("Course model"),
        list(PRESETS),
        key=K.PRESET_CHOICE,
        format_func=lambda name: _(PRESETS[name].title),
        placeholder=_("Choose a course model to load"),
        persist_state="session",
    )
    columns[2].button(
        _("Load preset"),
        on_click=state.load_preset,
        key="builder_load_preset",
        width="stretch",
        type="primary",
        disabled=chosen is None,
    )
    columns[3].button(_("Clear"), on_click=state.clear_layers, key="builder_clear", width="stretch")
    if chosen is not None:
        st.caption(_(PRESETS[chosen].description))


# The four icon buttons of a layer row stay on one line down to a 1280-pixel projector.
COMPACT_TOOLS = """<style>
[class*="st-key-layer_tools_"] button {
    min-height: 2rem; min-width: 0; padding: 0.2rem 0.4rem;
}
</style>"""


def render_layer_list(
    spec: ModelSpec, summary: ModelSummary, error: ArchitectureError | None, hide_from: int | None
) -> None:
    """One row per layer with its settings and Output Shape, and move/edit/delete buttons."""
    st.html(COMPACT_TOOLS)
    st.markdown(_("**Input** `{shape}`").format(shape=shape_text(spec.input_shape)))
    if not spec.layers:
        st.info(_("No layers yet. Add a Conv2D below, or load a course model above."))
    for index, layer in enumerate(spec.layers):
        if error is not None and index == error.layer_index:
            shape_shown = ":red[" + _("does not fit - see below") + "]"
        elif index < len(summary.rows) and (hide_from is None or index < hide_from):
            shape_shown = f"`{shape_text(summary.rows[index].output_shape)}`"
        else:
            shape_shown = "`?`" if index < len(summary.rows) else ""
        frozen = " :blue-badge[" + _("frozen") + "]" if not layer.trainable else ""
        settings = layer.describe()
        columns = st.columns([5, 4], vertical_alignment="center", gap="small")
        columns[0].markdown(
            f"**{index + 1}. {layer.keras_name}**{frozen} :gray[{layer.torch_name}]  \n"
            f"{settings} → {shape_shown}"
        )
        buttons = (
            (":material/arrow_upward:", _("Move up"), state.move_layer, (index, -1), "up"),
            (":material/arrow_downward:", _("Move down"), state.move_layer, (index, 1), "down"),
            (":material/edit:", _("Edit"), state.start_editing, (index,), "edit"),
            (":material/delete:", _("Remove"), state.remove_layer, (index,), "del"),
        )
        tools = columns[1].container(
            horizontal=True, gap=None, horizontal_alignment="right", key=f"layer_tools_{index}"
        )
        for icon, tip, action, args, name in buttons:
            tools.button(icon, help=tip, on_click=action, args=args, key=f"builder_{name}_{index}")


def render_layer_editor(spec: ModelSpec) -> None:
    """Add a layer (type, settings, position), or edit the one whose edit button was pressed."""
    editing = st.session_state[K.EDITING]
    version = st.session_state[K.FORM_VERSION]
    types = layer_types()
    if editing is not None and editing < len(spec.layers):
        layer = spec.layers[editing]
        st.markdown(
            "#### "
            + _("Edit layer {number} ({layer})").format(number=editing + 1, layer=layer.keras_name)
        )
        layer_cls, initial = type(layer), layer
    else:
        st.markdown("#### " + _("Add a layer"))
        type_name = st.selectbox(
            _("Layer type"),
            list(types),
            key=K.ADD_TYPE,
            format_func=lambda name: f"{types[name].keras_name}  ·  {types[name].torch_name}",
            persist_state="session",
        )
        layer_cls, initial = types[type_name], None
    with st.form(f"builder_form_{version}_{layer_cls.type}", border=True):
        values = layer_fields(layer_cls, initial, f"builder_field_{version}_{layer_cls.type}")
        if initial is None:
            # The options stay English (the widget's values); their labels are translated.
            shown = {"at the end": _("at the end")} | {
                f"before layer {i + 1} ({layer.keras_name})": _(
                    "before layer {number} ({layer})"
                ).format(number=i + 1, layer=layer.keras_name)
                for i, layer in enumerate(spec.layers)
            }
            positions = list(shown)
            where = st.selectbox(
                _("Insert"), positions, format_func=shown.get, key=f"builder_where_{version}"
            )
            label = _("Add layer")
        else:
            label = _("Save changes")
        submitted = st.form_submit_button(label, type="primary", key=f"builder_submit_{version}")
    if initial is not None and st.button(_("Cancel"), key=f"builder_cancel_{version}"):
        state.start_editing(None)
        st.rerun()
    if not submitted:
        return
    try:
        new_layer = layer_cls(**values)
    except ArchitectureError as error:
        st.error(plain(error.describe()))
        return
    if initial is None:
        position = positions.index(where)
        state.add_layer(new_layer, len(spec.layers) if position == 0 else position - 1)
    else:
        state.replace_layer(editing, new_layer)
    st.rerun()


def render_export(spec: ModelSpec, valid: bool) -> None:
    """PyTorch and Keras code and JSON out; a spec JSON in."""
    st.markdown(
        _(
            "The same spec builds the model here, in training and in this code: run it with "
            "`python model.py`, or summarise the JSON with "
            "`python -m core summary --spec model.json`. "
            "The Keras code is written as the course writes it (`Sequential`, `model.add`, "
            "`model.summary()`), and its summary shows the same Output Shape and Param #."
        )
    )
    if valid:
        torch_tab, keras_tab = st.tabs(["PyTorch", "Keras"])
        for tab, code, file_name in (
            (torch_tab, export_code(spec), "model.py"),
            (keras_tab, export_keras_code(spec), "model_keras.py"),
        ):
            with tab:
                st.download_button(
                    _("Download {file_name}").format(file_name=file_name),
                    code,
                    file_name=file_name,
                    mime="text/x-python",
                    on_click="ignore",  # a download needs no rerun
                )
                st.code(code, language="python")
        columns = st.columns(2)
    else:
        st.warning(_("Fix the architecture first: only a valid model can be exported as code."))
        columns = st.columns(2)
    columns[1].download_button(
        _("Download spec JSON"),
        spec_to_bytes(spec),
        file_name=f"{spec.name or 'model'}.json",
        mime="application/json",
        on_click="ignore",  # a download needs no rerun
    )
    with columns[0]:
        download_bundle(None, key="builder_bundle")
    st.file_uploader(
        _("Load a spec JSON or a .cnnlab file"),
        type=["json", "cnnlab"],
        key="builder_upload",
        on_change=_load_uploaded_spec,
        max_upload_size=BUNDLE_MB,  # a .cnnlab bundle too; a spec JSON is checked in core
    )


def _load_uploaded_spec() -> None:
    """on_change of the uploader: runs before the widgets, so it may replace the model."""
    upload = st.session_state.get("builder_upload")
    if upload is None:
        return
    if upload.name.lower().endswith(".cnnlab"):  # a bundle: its model, and its run if any
        restore_bundle(upload, K.MESSAGE)
        return
    try:
        loaded = spec_from_bytes(upload.getvalue(), upload.name)
    except ArchitectureError as error:
        st.session_state[K.MESSAGE] = (
            "error",
            _("{file} was not loaded. {error}").format(file=plain(upload.name), error=plain(error)),
        )
    else:
        count = len(loaded.layers)
        message = ngettext(
            "Loaded {file}: {count} layer.", "Loaded {file}: {count} layers.", count
        ).format(file=plain(upload.name), count=count)
        state.load_spec(loaded, message)
        st.session_state[K.TAB] = _("Summary")  # the loaded model's numbers, at once
