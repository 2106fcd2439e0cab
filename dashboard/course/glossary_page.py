"""용어집 / Glossary: the course's terms in both languages, what each means, its formula."""

from __future__ import annotations

import streamlit as st

from core.course.glossary import TERMS
from core.i18n import _, get_language


def render() -> None:
    st.title(_("Glossary"))
    st.markdown(
        _(
            "The course's words in Korean and English, what each one means in one line, and "
            "its formula where it has one. Keras and PyTorch names (Conv2D, Dense, Param #) "
            "stay in English, as the course writes them."
        )
    )
    language = get_language()
    # ?term=learning-rate: opened from a tooltip's link; that term comes first, marked.
    focus = st.query_params.get("term")
    query = st.text_input(
        _("Find a term"), key="glossary.find", placeholder="컨볼루션, 레이어, stride…"
    )
    shown = [
        t for t in TERMS if not query or query.lower() in f"{t.korean} {t.english} {t.key}".lower()
    ]
    shown.sort(key=lambda t: t.key != focus)
    if not shown:
        st.info(_("No term matches. Try another word, in Korean or English."))
    for item in shown:
        with st.container(border=True, key=f"glossary-{item.key}"):
            pin = ":material/push_pin: " if item.key == focus else ""
            st.markdown(f"{pin}**{item.korean}** · {item.english}")
            st.caption(item.meaning(language))
            if item.formula:
                st.code(item.formula, language=None, wrap_lines=True)  # a phone: no sideways scroll
