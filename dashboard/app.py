"""Entry point: `streamlit run dashboard/app.py`."""

from __future__ import annotations

import streamlit as st

from core.i18n import _
from dashboard.keys import is_persistent
from dashboard.language import choose_language
from dashboard.navigation import HOME, sections

NAVIGATION_KEY = "app.navigation"  # the session's st.Page objects


def main() -> None:
    st.set_page_config(page_title="CNN Lab", page_icon=":material/neurology:", layout="wide")
    language = choose_language()
    # Built once per session and language: st.Page resolves its file's real path, which on
    # every rerun of every student's session added up under a classroom's load.
    built = st.session_state.get(NAVIGATION_KEY)
    navigation = built[1] if built and built[0] == language else None
    if navigation is None:
        navigation = {
            _(section): [
                st.Page(
                    page.path,
                    title=_(page.title),
                    icon=page.icon,
                    url_path=page.url_path,
                    default=page is HOME,
                )
                for page in pages
            ]
            for section, pages in sections().items()
        }
        st.session_state[NAVIGATION_KEY] = (language, navigation)
    for key in [key for key in st.session_state if is_persistent(key)]:
        st.session_state[key] = st.session_state[key]
    st.navigation(navigation, expanded=True).run()  # every page listed, even with the switch below


main()
