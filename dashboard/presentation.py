"""Presentation mode, for the projector: the main content of every page fits 1280x720 — the
sidebar collapsed, a compact header, tighter spacing, larger numbers. A switch in the
sidebar; `?present=1` in the address (a projector's bookmark) turns it on, and it stays in
the address so a reload keeps it."""

from __future__ import annotations

import streamlit as st

from core.i18n import _

PRESENT_KEY = "app.present"  # widget: the sidebar's switch
PARAM = "present"

STYLE = """
<style>
/* A compact header and page: the projector's 720 rows go to the content. */
[data-testid="stHeader"] { height: 2rem; min-height: 2rem; }
[data-testid="stMainBlockContainer"] {
    padding-top: 1.5rem; padding-bottom: 1rem; padding-left: 2rem; padding-right: 2rem;
    max-width: 100%;
}
[data-testid="stMainBlockContainer"] h1 { font-size: 1.9rem; padding: 0 0 0.25rem 0; }
[data-testid="stMainBlockContainer"] h2 { font-size: 1.45rem; padding: 0.25rem 0; }
[data-testid="stMainBlockContainer"] h3 { font-size: 1.2rem; padding: 0.2rem 0; }
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] { gap: 0.55rem; }
/* The page's opening paragraph and other explanations (containers keyed "explain..."):
   the teacher says them; each student's own laptop still shows them. */
[data-testid="stMainBlockContainer"] .stElementContainer:has(h1)
    + .stElementContainer:has([data-testid="stMarkdown"]) { display: none; }
[class*="st-key-explain"] { display: none; }
/* Larger numbers: what the class reads from the back of the room. */
[data-testid="stMetricValue"] { font-size: clamp(1.6rem, 2.9vw, 2.6rem); font-weight: 600; }
[data-testid="stMainBlockContainer"] code { font-size: 1rem; }
</style>
"""


def presentation_mode() -> bool:
    """On when the address says `?present=1` or the switch was turned on."""
    if PRESENT_KEY not in st.session_state:
        st.session_state[PRESENT_KEY] = st.query_params.get(PARAM) == "1"
    return bool(st.session_state[PRESENT_KEY])


def _remember() -> None:
    if st.session_state[PRESENT_KEY]:
        st.query_params[PARAM] = "1"
    else:
        st.query_params.pop(PARAM, None)


def presentation_switch() -> None:
    """The sidebar's switch, and the projector's style when it is on."""
    st.sidebar.toggle(
        _("Presentation mode"),
        key=PRESENT_KEY,
        on_change=_remember,
        help=_("For the projector: fits each page to 1280×720, with larger numbers."),
    )
    if st.session_state[PRESENT_KEY]:
        st.query_params[PARAM] = "1"
        st.html(STYLE)
