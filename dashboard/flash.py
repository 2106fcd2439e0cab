"""One-shot messages: a callback or an action stores `(kind, text)` under a page's MESSAGE
key; the next run of the page shows it once, as a success, info, warning or error box."""

from __future__ import annotations

import streamlit as st


def show(key: str) -> None:
    """Show and forget the message stored under `key`, if any, in a slot that is on the page
    at every run, message or not.

    Without the slot, the run after a message moved every element below it up by one, and
    Streamlit's browser side made those elements anew: a file being uploaded in an uploader
    below (the next file, replacing the one that brought the message) was lost with the old
    uploader, as if never given (seen under the test suite's load)."""
    slot = st.empty()
    message = st.session_state.pop(key, None)
    if message:
        kind, text = message
        show_box = {"success": slot.success, "info": slot.info, "warning": slot.warning}
        show_box.get(kind, slot.error)(text)
