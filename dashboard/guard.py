"""A page's unexpected error, as a person sees it: one sentence in her language, never a
traceback (which names the server's files and code); the traceback goes to the server's log
for the teacher. `.streamlit/config.toml` sets `client.showErrorDetails = "none"` for errors
raised outside a page too.

`CNNLAB_RAISE_ERRORS=1` (the tests set it) lets the error through, so a test sees it.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

import streamlit as st

from core.i18n import _

LOG = logging.getLogger("cnnlab.pages")


def run_guarded(
    run: Callable[[], object], where: str, on_error: Callable[[], None] | None = None
) -> None:
    """Call `run` (a page); an Exception is logged with its traceback and shown as a message
    (and `on_error` told: the board flags the student). Streamlit's own st.rerun()/st.stop()
    are BaseExceptions and pass through untouched."""
    try:
        run()
    except Exception as error:
        if on_error is not None:
            try:
                on_error()
            except Exception:  # the page's own error is the one to report
                LOG.exception("could not record page %s's failure", where)
        if os.environ.get("CNNLAB_RAISE_ERRORS") == "1":
            raise
        LOG.exception("page %s failed", where)
        st.error(
            _(
                "Something went wrong on this page ({kind}). Your work is kept: try again, or "
                "tell the teacher, who finds the details in the server's log."
            ).format(kind=type(error).__name__),
            icon=":material/error:",
        )
