"""Inside a trained network: feature maps, filters, statistics, and one image's Grad-CAM."""

import streamlit as st

from core.explain import probes as explain
from core.explain.subjects import TRAINED
from core.i18n import N_, _
from dashboard.figure_cache import shared_value
from dashboard.inside import subjects as sources
from dashboard.inside.maps import render_feature_maps
from dashboard.inside.panels import render_filters, render_prediction, render_stats
from dashboard.keys import InsideKeys as K


def render() -> None:
    """The page itself; its file (core.pages) calls it on every rerun."""
    sources.apply_target()
    st.title(_("Inside a trained network"))
    st.markdown(
        _(
            "Open a model and one image: see its top guesses and **where** it found the evidence "
            "(Grad-CAM), then every layer's **feature maps**, the **filters** of the first layer "
            "and the layers' **statistics**. From *Runs & evaluation*, the **Inspect** button "
            "under a misclassified image opens it here."
        )
    )

    model_col, image_col = st.columns(2, gap="large")
    with model_col:
        subject = sources.choose_subject()
    if subject is None:
        st.stop()
    with image_col:
        picture = sources.choose_picture(subject)
    if picture is None:
        st.stop()

    layers = explain.probe_layers(subject.model)
    # The same model and image give the same maps: computed once for every session.
    outputs = shared_value(
        "capture",
        (subject.key, picture.key),
        lambda: explain.capture(subject.model, picture.x, layers),
    )
    kinds = {name: type(module).__name__ for name, module in layers}

    st.divider()
    render_prediction(subject, picture, outputs)
    st.divider()
    view = st.segmented_control(
        _("View"),
        [N_("Feature maps"), N_("Filters"), N_("Activation statistics")],
        key=K.VIEW,
        format_func=_,
        default="Feature maps",
        persist_state="session",
    )
    if view == "Filters":
        render_filters(subject, picture)
    elif view == "Activation statistics":
        dataset = subject.dataset if subject.kind == TRAINED else st.session_state.get(K.DATASET)
        render_stats(subject, dataset)
    else:
        fields = explain.receptive_fields(subject.model, subject.input_shape[-1])
        render_feature_maps(outputs, kinds, fields)
