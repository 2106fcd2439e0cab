"""Datasets: pick one, look at it (samples, counts, pixels, a batch), check it, import your own."""

import streamlit as st

from core.i18n import _
from dashboard.datasets import panels
from dashboard.datasets.import_panel import custom_list, import_panel


def render() -> None:
    """The page itself; its file (core.pages) calls it on every rerun."""
    st.title(_("Datasets"))
    st.markdown(
        _(
            "A CNN learns only what its data shows it. Look at the images, count the classes and "
            "check the data for problems before you train. MNIST works offline and is the default."
        )
    )
    name = panels.dataset_picker()
    if name is not None:
        panels.explorer(name)
        panels.quality(name)
    st.divider()
    import_panel()
    custom_list()
