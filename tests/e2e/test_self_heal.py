"""A page that Streamlit's browser code broke ("Cannot set a node at a delta path", a white
page) reloads itself, once: dashboard/self_heal.py. The break is raised here as the browser
reports it, an error event on the window; tests/e2e/test_classroom.py meets the real one on
busy cores, and its students' pages come back."""

from __future__ import annotations

import json

from playwright.sync_api import expect

from tests.e2e.conftest import open_app_page, wait_idle

HEALED_AT = "sessionStorage.getItem('cnnlab-healed-at')"


def _raise(page, message: str) -> list:
    """Report `message` as an uncaught error; what the page kept right after: [the time of its
    last self-reload, the marker this test set] (both gone after a reload)."""
    return page.evaluate(
        f"""() => {{
            window.dispatchEvent(new ErrorEvent("error", {{message: {json.dumps(message)}}}));
            return [{HEALED_AT}, window.cnnlabMarker ?? null];
        }}"""
    )


def test_a_broken_page_reloads_itself_once(page, server_url: str) -> None:
    open_app_page(page, server_url, "")
    heading = page.get_by_role("heading", name="CNN Lab", exact=False).first
    expect(heading).to_be_visible()
    page.evaluate("window.cnnlabMarker = 1")
    assert _raise(page, "TypeError: x is undefined") == [None, 1]  # another error: no reload

    with page.expect_navigation():
        page.evaluate(
            """window.dispatchEvent(new ErrorEvent("error",
                {message: "Uncaught Error: Cannot set a node at a delta path"}))"""
        )
    expect(heading).to_be_visible()  # the app again, after the reload
    wait_idle(page)
    healed = page.evaluate(HEALED_AT)
    assert healed is not None

    # Broken again at once: no second reload (never a loop).
    page.evaluate("window.cnnlabMarker = 2")
    assert _raise(page, "Error: Cannot set a node at a delta path") == [healed, 2]
