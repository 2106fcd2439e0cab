"""The lab's few style rules on top of Streamlit's theme, for Korean and small screens:
lines break between Korean words (not inside them), and metric and button labels wrap
instead of being cut off at 1280 pixels; code in a caption keeps a contrast of 4.5:1 (its grey
background under the caption's grey text did not); the stepper's spoken step is kept for
screen readers and hidden on screen."""

from __future__ import annotations

import streamlit as st

# A container with this key goes first when the columns stack on a phone (below 640 pixels
# Streamlit stacks st.columns in order): e.g. the Train page's Start and live chart above its
# many settings.
PHONE_FIRST = "phone_first"

STYLE = """
<style>
.stMarkdown, [data-testid="stCaptionContainer"], [data-testid="stWidgetLabel"],
.stButton button, [data-testid="stMetricLabel"], .stAlert {
    word-break: keep-all; overflow-wrap: anywhere;
}
[data-testid="stMetricLabel"] div, [data-testid="stMetricLabel"] p {
    white-space: normal; overflow: visible; text-overflow: clip;
}
[data-testid="stMetricValue"] { font-size: clamp(1.3rem, 2.3vw, 2.25rem); }
.stButton button p { white-space: normal; word-break: keep-all; }
@media (max-width: 640px) {
    [data-testid="stColumn"]:has(.st-key-phone_first) { order: -1; }
}
.stMarkdown code { white-space: pre-wrap; overflow-wrap: anywhere; }
.st-key-self_heal, .st-key-one_tap { display: none; }  /* scripts, nothing to see */
.st-key-spoken_step {
    position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%);
    white-space: nowrap;
}
[data-testid="stCaptionContainer"] code { color: #111111; }  /* the theme's textColor */
</style>
"""


def apply_style() -> None:
    st.html(STYLE)
