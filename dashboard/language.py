"""The session's language: a `?lang=ko` / `?lang=en` URL (a projector's bookmark), else the
browser's language (Korean for ko-*), switched in the sidebar. The choice is written back
into the URL, so it survives a reload and every page change."""

from __future__ import annotations

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
    st.query_params["lang"] = st.session_state[LANGUAGE_KEY]


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
    return language
