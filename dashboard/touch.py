"""One tap on a figure is a click on a touch screen too.

Plotly takes a touch screen's first tap on a figure for a hover (it has never seen the pointer
there: no mouse moved) and only its second tap clicks, so tapping an output cell of the step
figures showed a tooltip instead of jumping to the cell. Telling the figure where the finger
is as the touch starts makes one tap a click, as a mouse's is. Installed once per page, in the
sidebar (the main area's element positions stay as the pages expect); nothing happens without
a touch on a figure."""

from __future__ import annotations

import streamlit as st

TOUCH_KEY = "one_tap"  # its container, hidden by style.py
_SCRIPT = """<script>(() => {
  if (window.cnnlabOneTap) return;
  window.cnnlabOneTap = true;
  document.addEventListener("touchstart", (event) => {
    const touch = event.touches[0];
    if (event.touches.length !== 1 || !event.target.closest(".js-plotly-plot")) return;
    const where = {clientX: touch.clientX, clientY: touch.clientY, bubbles: true};
    event.target.dispatchEvent(new MouseEvent("mousemove", where));
  }, {capture: true, passive: true});
})();</script>"""


def one_tap_clicks() -> None:
    with st.sidebar.container(key=TOUCH_KEY):
        st.html(_SCRIPT, unsafe_allow_javascript=True)
