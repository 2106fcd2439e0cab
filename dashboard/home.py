"""Home: what CNN Lab offers, with a link to every page, in the session's language."""

from __future__ import annotations

import streamlit as st

from core.i18n import _
from core.identity.settings import classroom_mode
from dashboard.identity import actor
from dashboard.join_card import join_card
from dashboard.navigation import PAGES, link_to, sections


def render() -> None:
    st.title(_("CNN Lab"))
    st.markdown(
        _(
            "Build a convolutional neural network layer by layer, watch convolution and "
            "pooling happen one window at a time, train it with live charts and look inside it. "
            "Everything runs on real PyTorch, on this computer, with no internet needed."
        )
    )
    st.caption(
        _(
            "Start with **Build a CNN**: pick a dataset, load one of the course's models "
            "and read its summary (Output Shape, Param #) with the formula behind each number."
        )
    )

    if classroom_mode() and actor().role == "teacher":
        join_card()  # the teacher's start screen: how the class joins
    student = classroom_mode() and actor().role == "student"
    for section, pages in sections(student=student).items():
        section_pages = [page for page in pages if page in PAGES]
        if not section_pages:
            continue
        st.subheader(_(section))
        for page in section_pages:
            link_to(page.id)
            st.caption(_(page.blurb))
