"""Helpers to run a page of the app headlessly with Streamlit's AppTest."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from streamlit.testing.v1 import AppTest

from core.pages import page

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


def page_file(page_id: str) -> str:
    """The page's file as AppTest.switch_page takes it (relative to dashboard/app.py)."""
    return f"../pages/{page(page_id).file}"


def app_in(language: str) -> AppTest:
    """A fresh session of the app in that language (AppTest resends a page's widgets after a
    switch, and a translated selectbox's value is not among its options there)."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = language
    return at.run()


def page_titles(page_ids: set[str], language: str = "en") -> dict[str, str]:
    """Each page's title as it shows it in that language, opened directly."""
    return {
        page_id: app_in(language).switch_page(page_file(page_id)).run().title[0].value
        for page_id in page_ids
    }


def open_page(page_id: str) -> AppTest:
    """Start the app and switch to the page with that id (core.pages); 60 s allows for
    importing torch."""
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, at.exception
    return at.switch_page(page_file(page_id)).run()


@contextmanager
def default_value_warnings() -> Iterator[list[str]]:
    """Streamlit's "created with a default value but also had its value set via the Session
    State API" warnings logged meanwhile. Streamlit logs it (no st.warning element) once per
    process, so this re-arms it first."""
    from streamlit.elements.lib import policies

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    messages: list[str] = []
    handler, shown = Collect(logging.WARNING), policies._shown_default_value_warning
    policies._shown_default_value_warning = False
    policies._LOGGER.addHandler(handler)
    try:
        yield messages
    finally:
        policies._LOGGER.removeHandler(handler)
        policies._shown_default_value_warning = shown


def shown(markdown: str) -> str:
    """What a browser shows for Markdown written with dashboard.plain: entities decoded,
    backslash escapes and word joiners gone (AppTest gives the Markdown itself)."""
    import html
    import re

    return re.sub(r"\\(.)", r"\1", html.unescape(markdown)).replace("\u2060", "")
