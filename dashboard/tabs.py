"""Tabs of which only the open one is drawn: a hidden tab's charts, images and code cost the
browser as much as a shown one's on every rerun (the builder's diagram and export were about
a third of its page's work, the Datasets explorer's hidden tabs most of its)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st


def open_tab_only(key: str, panels: Sequence[tuple[str, Callable[[], None]]]) -> None:
    """Tabs labelled as `panels` says; only the open one's function runs. Switching tabs
    reruns the page (Streamlit's `on_change="rerun"`, with `key` keeping the open tab). In
    another language the kept label is no tab's, and Streamlit opens the first tab."""
    tabs = st.tabs([label for label, _draw in panels], key=key, on_change="rerun")
    for tab, (_label, draw) in zip(tabs, panels, strict=True):
        if tab.open:
            with tab:
                draw()
