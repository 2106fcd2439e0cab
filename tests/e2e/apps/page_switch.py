"""A two-page app whose fragment reruns every 0.1 s, as a student's page checks on the
teacher: tests/e2e/test_stale_fragment_runs.py switches pages while the browser's timer
requests still name the page being left. CNNLAB_KEEP_STALE_RUNS=1 leaves Streamlit as it is
(to watch the test fail)."""

import os
import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))  # the lab's packages

from dashboard.stale_fragment_runs import drop_stale_fragment_runs

if os.environ.get("CNNLAB_KEEP_STALE_RUNS") != "1":
    drop_stale_fragment_runs()


@st.fragment(run_every=0.1)
def ticking() -> None:
    st.session_state["ticks"] = st.session_state.get("ticks", 0) + 1
    st.caption(f"Tick {st.session_state['ticks']}")


def first() -> None:
    st.title("First page")
    if st.button("Go"):
        st.switch_page(second_page)


def second() -> None:
    st.title("Second page")
    st.write("The second page's text.")


first_page = st.Page(first, title="First", url_path="first", default=True)
second_page = st.Page(second, title="Second", url_path="second")
page = st.navigation([first_page, second_page])
ticking()
page.run()
