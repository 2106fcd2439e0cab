"""A page that Streamlit's browser code broke reloads itself, once.

Streamlit 1.67's browser code sometimes stops with "Cannot set a node at a delta path" and
leaves a white page (seen on a student's Train page under load: her teacher-following check
every half second and the live run's redraw every second; 3 of 5 classroom browser tests on
two busy cores). Nothing is lost on the server: the run trains on and the sign-in is in a
cookie. So the page reloads itself; the Train page then shows her run again (own_runs.py). At
most one reload every half minute: a page that keeps breaking is not reloaded in a loop.
"""

from __future__ import annotations

import streamlit as st

HEAL_KEY = "self_heal"  # its container, hidden by style.py
_SCRIPT = """<script>(() => {
  if (window.cnnlabHeals) return;
  window.cnnlabHeals = true;
  window.addEventListener("error", (event) => {
    const message = String(event.message || (event.error && event.error.message) || "");
    if (!message.includes("Cannot set a node at a delta path")) return;
    const last = Number(sessionStorage.getItem("cnnlab-healed-at") || 0);
    if (Date.now() - last < 30000) return;
    sessionStorage.setItem("cnnlab-healed-at", String(Date.now()));
    window.location.reload();
  });
})();</script>"""


def heal_broken_pages() -> None:
    """Install the browser's reload-on-break once per page (in the sidebar: the main area's
    element positions stay as the pages expect)."""
    with st.sidebar.container(key=HEAL_KEY):
        st.html(_SCRIPT, unsafe_allow_javascript=True)
