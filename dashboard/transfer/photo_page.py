"""Test a photo: ask a fine-tuned model (or ImageNet's) what it sees, and where it looked."""

import streamlit as st

from core.i18n import _
from dashboard.keys import TransferKeys as K
from dashboard.transfer import photo_panel as view


def render() -> None:
    """The page itself; its file (core.pages) calls it on every rerun."""
    st.title(_("Test a photo"))
    st.markdown(
        _(
            "Upload a photo or take one with the camera. The model answers with its most "
            "probable classes, and a **Grad-CAM** heatmap shows what it looked at."
        )
    )

    left, right = st.columns([1, 2], gap="large")
    with left:
        model = view.choose_model()
        st.session_state.setdefault(K.PHOTO_TOP_K, 3)  # 001: top=3; app.py keeps the value
        k = st.slider(_("How many classes"), 1, 10, key=K.PHOTO_TOP_K)
        photos = view.choose_photos()

    with right:
        if model is None:
            st.stop()
        if not photos:
            st.info(
                _(
                    "Choose one or more photos to test with the uploader, or take one with "
                    "the camera."
                )
            )
            st.stop()
        chosen = view.choose_photo(model, photos)
        view.explain_panel(model, chosen, dict(photos)[chosen], min(k, len(model.classes)))
