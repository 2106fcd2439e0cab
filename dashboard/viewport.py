"""Whether the student's browser is a phone's: pages whose figures cannot simply stack (the
step-by-step grids) lay themselves out for its narrow screen. Streamlit does not tell the
server the window's width, so the browser's own word is used: a phone's browser says "Mobi"
in its User-Agent (as MDN recommends testing), and Chromium's also sends Sec-CH-UA-Mobile."""

from __future__ import annotations

import streamlit as st


def on_a_phone() -> bool:
    headers = st.context.headers
    if headers.get("Sec-CH-UA-Mobile") == "?1":
        return True
    return "Mobi" in (headers.get("User-Agent") or "")
