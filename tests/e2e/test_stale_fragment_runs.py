"""A page switch while a fragment's timer still names the old page: the new page stays drawn
(dashboard/stale_fragment_runs.py). The server's messages are held back while the switch
runs, as a busy classroom server's are, so the browser's timer keeps asking for the fragment
on the page it still shows; Streamlit 1.67 ran those requests after the new page and the
browser cleared the new page."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import laptop_tab, start_server, stop_server, wait_idle

APP = "tests/e2e/apps/page_switch.py"
STALE_REQUESTS = 4  # timer requests sent for the old page before the switch reaches the browser


@pytest.fixture(scope="module")
def switch_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("page-switch")
    keep = {"CNNLAB_KEEP_STALE_RUNS": os.environ.get("CNNLAB_KEEP_STALE_RUNS", "0")}
    process, url = start_server(home, Path(home) / "server.log", env=keep, script=APP)
    try:
        yield url
    finally:
        stop_server(process)


class HeldSocket:
    """The app's websocket, with the server's messages held while `holding` and the
    browser's messages counted."""

    def __init__(self) -> None:
        self.holding = False
        self.held: list[str | bytes] = []
        self.sent = 0
        self.route = None

    def __call__(self, route) -> None:
        server = route.connect_to_server()
        self.route = route

        def from_server(message: str | bytes) -> None:
            if self.holding:
                self.held.append(message)
            else:
                route.send(message)

        def from_browser(message: str | bytes) -> None:
            self.sent += 1
            server.send(message)

        server.on_message(from_server)
        route.on_message(from_browser)

    def release(self) -> None:
        self.holding = False
        for message in self.held:
            self.route.send(message)
        self.held.clear()


_TICK = "() => +((document.body.innerText.match(/Tick (\\d+)/) || [0, 0])[1])"


def _tick(tab) -> int:
    return int(tab.evaluate(_TICK))


def _wait_for_tick(tab, tick: int) -> None:
    tab.wait_for_function(f"() => ({_TICK})() >= {tick}", polling=50)


def test_a_late_timer_request_does_not_blank_the_new_page(browser, switch_app: str) -> None:
    from playwright.sync_api import expect

    socket = HeldSocket()
    context = browser.new_context()
    try:
        context.route_web_socket("**/_stcore/stream", socket)
        with laptop_tab(context) as tab:
            tab.goto(switch_app)
            expect(tab.get_by_role("heading", name="First page")).to_be_visible()
            _wait_for_tick(tab, 3)  # the timer runs
            socket.holding = True
            tab.get_by_role("button", name="Go").click()
            sent = socket.sent
            deadline = time.monotonic() + 20
            while socket.sent < sent + STALE_REQUESTS and time.monotonic() < deadline:
                tab.wait_for_timeout(50)  # the browser's timer sends for the first page
            assert socket.sent >= sent + STALE_REQUESTS
            socket.release()
            expect(tab.get_by_role("heading", name="Second page")).to_be_visible()
            # The stale requests were queued before the second page's run ended: ten
            # ticks on, they have all been answered, and the page is still drawn.
            _wait_for_tick(tab, _tick(tab) + 10)
            wait_idle(tab)
            expect(tab.get_by_text("The second page's text.")).to_be_visible(timeout=1_000)
            expect(tab.get_by_role("heading", name="Second page")).to_be_visible(timeout=1_000)
    finally:
        context.close()
