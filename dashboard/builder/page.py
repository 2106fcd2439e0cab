"""Build a CNN: layers in, Keras-style summary out, with the formula behind every number."""

import streamlit as st

from core.errors import ArchitectureError
from core.i18n import _
from core.model.answers import answer_kind
from core.model.specs import ModelSpec
from core.model.summary import ModelSummary, summarize
from dashboard import flash
from dashboard import model_state as state
from dashboard.builder.figures import architecture_figure
from dashboard.builder.panels import (
    render_export,
    render_layer_editor,
    render_layer_list,
    render_model_source,
)
from dashboard.builder.summary_panel import (
    render_answer,
    render_quiz,
    render_summary_table,
    render_totals,
)
from dashboard.keys import BuilderKeys as K
from dashboard.plain import plain
from dashboard.tabs import open_tab_only


def render() -> None:
    """The page itself; its file (core.pages) calls it on every rerun."""
    st.title(_("Build a CNN"))
    st.markdown(
        _(
            "Stack layers the way the course does - **Conv2D**, **MaxPooling2D**, **Flatten**, "
            "**Dense** - and read the summary: each layer's **Output Shape** and **Param #**, "
            "with the formula that gives it. Every number here is what PyTorch itself builds."
        )
    )
    state.init_state()
    flash.show(K.MESSAGE)
    if (kept := st.session_state.get(K.KEPT)) is not None:
        with st.container(border=True, key="builder_kept"):
            st.caption(
                _("The teacher's step loaded a course model; your model {name} is kept.").format(
                    name=plain(kept.name)
                )
            )
            st.button(_("Bring my model back"), key="builder_restore", on_click=state.restore_kept)

    render_model_source()
    spec = state.current_spec()

    # A model that does not fit is summarised up to the layer that fails, then explained.
    error: ArchitectureError | None = None
    try:
        summary = summarize(spec)
    except ArchitectureError as caught:
        error = caught
        summary = summarize(spec.replace_layers(spec.layers[: caught.layer_index or 0]))

    quiz_on = st.toggle(
        _("Predict, then check"),
        key=K.QUIZ_ON,
        persist_state="session",
        help=_("Hide the Output Shape and Param # of each layer until you have predicted them."),
    )
    hide_from = st.session_state[K.QUIZ_REVEALED] if quiz_on else None

    left, right = st.columns([2, 3], gap="large")
    with left:
        st.subheader(_("Layers"))
        render_layer_list(spec, summary, error, hide_from)
        render_layer_editor(spec)

    with right:
        if error is not None:
            text = _("**{layer}** does not fit: {message}").format(
                layer=error.layer_label, message=error.message
            )
            if error.suggestion:
                text += "  \n" + _("**Suggestion:** {suggestion}").format(
                    suggestion=error.suggestion
                )
            st.error(text, icon=":material/error:")
        open_tab_only(
            K.TAB,
            [
                (_("Summary"), lambda: _summary(spec, summary, error, quiz_on, hide_from)),
                (_("Diagram"), lambda: _diagram(summary)),
                (_("Export"), lambda: render_export(spec, valid=error is None)),
            ],
        )


def _summary(
    spec: ModelSpec,
    summary: ModelSummary,
    error: ArchitectureError | None,
    quiz_on: bool,
    hide_from: int | None,
) -> None:
    """Keras's summary table (or the quiz), then the totals once every row is shown."""
    st.caption(
        _(
            "Output Shape is (N, channels, height, width) as PyTorch orders it, or (None, "
            "height, width, channels) as Keras prints it in the course; N (None) is the "
            "batch size. Param # counts weights and biases, and, as Keras does, "
            "BatchNormalization's moving mean and variance."
        )
    )
    if quiz_on:
        render_summary_table(summary, hide_from)
        render_quiz(summary)
    else:
        render_summary_table(summary)
    if error is None and (not quiz_on or hide_from >= len(summary.rows)):
        render_totals(summary)
        if summary.rows:
            render_answer(answer_kind(spec), summary.output_shape)


def _diagram(summary: ModelSummary) -> None:
    """The layers as boxes."""
    if summary.rows:
        st.caption(_("Taller boxes = larger feature maps; wider boxes = more channels."))
        st.plotly_chart(architecture_figure(summary), width="stretch")
    else:
        st.info(_("Add layers to see the diagram."))
