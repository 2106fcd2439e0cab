"""Augmentation lab: compose a pipeline, preview seeded augmented versions, export it."""

import streamlit as st

from core.augment.preview import advice, export_code
from core.i18n import _
from dashboard import flash
from dashboard.augment import panels as aw
from dashboard.augment import preview_panel as av
from dashboard.keys import AugmentKeys as K
from dashboard.pipeline_state import current_pipeline


def _export(text: str, file_name: str, mime: str, language: str) -> None:
    """A download button for the file, then its text."""
    st.download_button(
        _("Download {file_name}").format(file_name=file_name),
        text,
        file_name,
        mime,
        key=f"aug.download_{language}",
        icon=":material/download:",
        on_click="ignore",  # a download needs no rerun
    )
    st.code(text, language=language)


def render() -> None:
    """The page itself; its file (core.pages) calls it on every rerun."""
    st.title(_("Augmentation lab"))
    st.caption(
        _(
            "Build the random changes a training image goes through. Every preview tile says "
            "what was drawn for it, and the very same pipeline object feeds training."
        )
    )
    with st.expander(_("Does augmentation help?"), icon=":material/lightbulb:"):
        st.markdown(
            _(
                "A CNN learns from examples. With few of them it **memorises** the training set: "
                "training accuracy climbs while validation accuracy stalls (overfitting).\n\n"
                "Augmentation **enlarges a small dataset** for free: every epoch shows each image "
                "in a new random variant (shifted, turned, zoomed, recoloured), so the model "
                "learns that a cat moved three pixels is still a cat instead of remembering "
                "pixels.\n\n"
                "It only helps when the **label survives** the change: flipping a “2” or turning "
                "a “6” upside down makes another digit. Augmentation runs in training only; "
                "evaluation uses the same pipeline with the random steps off."
            )
        )

    aw.init_state()
    flash.show(K.MESSAGE)

    # The editor is drawn first: it is instant, while a first dataset sample may take a while.
    editor, result = st.columns([1, 2], gap="large")
    with editor:
        st.subheader(_("Pipeline"))
        st.caption(_("Applied top to bottom, after the image becomes a float tensor in 0..1."))
        steps = list(st.session_state[K.STEPS])
        if not steps:
            st.info(
                _(
                    "No steps: the image goes through unchanged. Add one below, or start from a "
                    "recipe (000's ImageDataGenerator is the course's)."
                )
            )
        for index, (uid, step) in enumerate(steps):
            aw.step_editor(index, uid, step, len(steps))
        aw.add_step_row()
        aw.recipe_row()

    pipeline = current_pipeline()
    with result:
        chosen = av.choose_image()
        seed_col, tiles_col, button_col = st.columns(3, vertical_alignment="bottom")
        seed = seed_col.number_input(
            _("Seed"),
            0,
            2**31 - 1,
            0,
            key=K.SEED,
            help=_("The same seed gives the same tiles."),
            persist_state="session",
        )
        n = tiles_col.select_slider(
            _("Tiles"), [4, 8, 12, 16], value=8, key=K.TILES, persist_state="session"
        )
        if button_col.button(
            _("Preview"),
            type="primary",
            key="aug.preview",
            icon=":material/grid_view:",
            use_container_width=True,
        ):
            st.session_state[K.SHOW] = True
        for note in advice(pipeline):
            st.warning(note, icon=":material/swap_vert:")
        if chosen is not None:
            av.show_preview(pipeline, chosen, int(seed), int(n))

    st.divider()
    st.subheader(_("Export and load"))
    code_tab, json_tab, load_tab = st.tabs([_("PyTorch code"), "JSON", _("Load JSON")])
    with code_tab:
        _export(export_code(pipeline), "augmentation_pipeline.py", "text/x-python", "python")
    with json_tab:
        _export(pipeline.to_json(), "augmentation.json", "application/json", "json")
    with load_tab:
        aw.load_json_panel()
