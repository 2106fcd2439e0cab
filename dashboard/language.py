"""The session's language: a `?lang=ko` / `?lang=en` URL (a projector's bookmark), else the
browser's language (Korean for ko-*), switched in the sidebar. The choice is written back
into the URL, so it survives a reload and every page change."""

from __future__ import annotations

import json

import streamlit as st

from core.i18n import LANGUAGES, language_of, use_language_provider

LANGUAGE_KEY = "app.language"  # widget: the sidebar's language switch


def _session_language() -> str | None:
    """The current session's language: also right in a widget's callback, which runs before
    the page; None outside a session (a training thread), which then speaks English."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    if get_script_run_ctx(suppress_warning=True) is None:
        return None
    return st.session_state.get(LANGUAGE_KEY)


use_language_provider(_session_language)


def _remember() -> None:
    """on_change of the switch: the URL keeps the language, and every choice keeps its value.

    Streamlit keeps a radio's or selectbox's pick as the text it showed; in the other language
    that text is no longer among the options, so the pick was lost (a radio showed nothing
    picked). A value the script sets is kept as the option itself, so each pick is set again
    here. Only plain values: a button, an upload or a table's selection cannot be set."""
    st.query_params["lang"] = st.session_state[LANGUAGE_KEY]
    for key, value in list(st.session_state.items()):
        if key != LANGUAGE_KEY and _settable(value):
            st.session_state[key] = value


def _settable(value: object) -> bool:
    """A choice's value: text or a number (not a button's True/False), or a list of them."""
    if isinstance(value, list | tuple):
        return bool(value) and all(_settable(item) for item in value)
    return isinstance(value, str | int | float) and not isinstance(value, bool)


def choose_language() -> str:
    """Set this run's language (before any text is made) and draw the switch."""
    asked = st.query_params.get("lang")
    if asked in LANGUAGES:
        st.session_state[LANGUAGE_KEY] = asked
    elif LANGUAGE_KEY not in st.session_state:
        st.session_state[LANGUAGE_KEY] = language_of(st.context.locale)
    language = st.session_state[LANGUAGE_KEY]
    st.query_params["lang"] = language
    st.sidebar.segmented_control(
        "Language / 언어",
        list(LANGUAGES),
        key=LANGUAGE_KEY,
        format_func=LANGUAGES.get,
        on_change=_remember,
    )
    # The page's lang attribute follows (Streamlit's page says "en" always): a screen reader
    # then reads Korean with a Korean voice. The value is one of LANGUAGES' keys.
    st.sidebar.html(
        f"<script>document.documentElement.lang = {json.dumps(language)};</script>",
        unsafe_allow_javascript=True,
    )
    return language
