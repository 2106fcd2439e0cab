"""One-shot messages: a callback or an action stores `(kind, text)` under a page's MESSAGE
key; the next run of the page shows it once, as a success, info, warning or error box."""

from __future__ import annotations

import streamlit as st


def show(key: str) -> None:
    """Show and forget the message stored under `key`, if any."""
    message = st.session_state.pop(key, None)
    if message:
        kind, text = message
        show_box = {"success": st.success, "info": st.info, "warning": st.warning}
        show_box.get(kind, st.error)(text)
