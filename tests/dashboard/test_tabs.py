"""Only the open tab's function runs, and the open tab is kept by its key."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _two_tabs() -> None:
    import streamlit as st

    from dashboard.tabs import open_tab_only

    open_tab_only(
        "demo.tab", [("One", lambda: st.write("first")), ("Two", lambda: st.write("second"))]
    )


def test_only_the_open_tab_is_drawn_and_the_key_keeps_it() -> None:
    at = AppTest.from_function(_two_tabs).run()
    assert [tab.label for tab in at.tabs] == ["One", "Two"]
    assert [m.value for m in at.markdown] == ["first"]
    at.session_state["demo.tab"] = "Two"
    at.run()
    assert [m.value for m in at.markdown] == ["second"]
    at.session_state["demo.tab"] = "Nothing"  # a label of another language
    at.run()
    assert [m.value for m in at.markdown] == ["first"]
