"""A real Streamlit server on 127.0.0.1 and headless Chromium driven by Playwright."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Less drawing for the same pages: no motion (Streamlit's fades and skeletons honour the
    # setting) and no smooth scrolling; about 12% less CPU over the Korean and convolution
    # browser tests here (93 and 95 CPU-seconds against 104 and 111).
    "--force-prefers-reduced-motion",
    "--disable-smooth-scrolling",
]
SCREENSHOTS = ROOT / "screenshots"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def listening(port: int) -> set[str]:
    """The local addresses listening on `port` (from /proc/net/tcp and tcp6, hex)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def _wait_healthy(url: str, process: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"streamlit did not become healthy at {url}")


@pytest.fixture(scope="session")
def lab_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The server's CNNLAB_HOME: its data, runs and caches (fresh for each test session)."""
    return tmp_path_factory.mktemp("cnnlab-home")


SERVER_LOGS: list[Path] = []  # this worker's servers' logs, shown when a browser test fails
PAGE_VIEWS: list[tuple[str, str]] = []  # what a failed test's pages showed (keep_views)
LOG_LINES = 30
VIEW_CHARS = 1500


def keep_views(pages: dict[str, object]) -> None:
    """Keep the address and text of each page (by a name), for the failed test's report: a
    test that closes its browsers in `finally` calls this there when an exception is flying."""
    for name, page in pages.items():
        try:
            text = page.locator("body").inner_text(timeout=5_000)  # type: ignore[attr-defined]
            errors = [str(e)[:VIEW_CHARS] for e in page.page_errors()]  # type: ignore[attr-defined]
            console = [
                m.text[:300]
                for m in page.console_messages()  # type: ignore[attr-defined]
                if m.type in ("error", "warning")
            ]
            view = "\n".join(
                [page.url, text[-VIEW_CHARS:], "page errors:", *errors, "console:", *console[-10:]]  # type: ignore[attr-defined]
            )
            SCREENSHOTS.mkdir(exist_ok=True)  # git-ignored: for a person at this machine
            page.screenshot(path=str(SCREENSHOTS / f"failed-{name}.png"))  # type: ignore[attr-defined]
        except Exception as error:  # a closed or crashed page: say so, the report goes on
            view = f"(could not read the page: {error})"
        PAGE_VIEWS.append((name, view))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    """A failed browser test's report ends with the last lines of each server's log: what the
    server said (a traceback, a warning) is then in CI's output beside the browser's view."""
    outcome = yield
    report = outcome.get_result()
    if report.failed:
        for name, view in PAGE_VIEWS:
            report.sections.append((f"page {name}", view))
        for log in SERVER_LOGS:
            if log.exists():
                tail = log.read_text(errors="replace").splitlines()[-LOG_LINES:]
                report.sections.append((f"server log {log.parent.name}", "\n".join(tail)))
    if call.when == "teardown":
        PAGE_VIEWS.clear()


def start_server(
    home: Path,
    log: Path | None = None,
    env: dict[str, str] | None = None,
    script: str = "dashboard/app.py",
) -> tuple[subprocess.Popen, str]:
    """`streamlit run dashboard/app.py` (or another script) on a free port of 127.0.0.1, with
    its own CNNLAB_HOME; returns once the health check answers."""
    port = _free_port()
    if log:
        SERVER_LOGS.append(log)
    out = log.open("w") if log else subprocess.DEVNULL
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            script,
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
        ],
        cwd=ROOT,
        env={**os.environ, "CNNLAB_HOME": str(home), **(env or {})},
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    _wait_healthy(url, process)
    return process, url


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def server_url(lab_home: Path) -> Iterator[str]:
    """The app's server for the browser tests, stopped after them."""
    process, url = start_server(lab_home, lab_home / "server.log")
    try:
        yield url
    finally:
        stop_server(process)


# An `expect` waits for what it checks up to this long: the suite runs a server and a
# browser per core (pytest-xdist), so a step that takes 1 s alone can take several.
EXPECT_TIMEOUT_MS = 20_000


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[object]:
    """Playwright, started once per worker (its browsers and contexts come from it)."""
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        pytest.skip("end-to-end tests need Debian's chromium (scripts/setup.sh installs it)")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_driver) -> Iterator[object]:
    """A browser whose contexts start empty, as a new person's browser (own cookies, cache)."""
    chromium = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
    yield chromium
    chromium.close()


LAPTOP = {"width": 1400, "height": 1000}


@pytest.fixture(scope="session")
def laptop_browser(playwright_driver, tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """One student's own browser for this worker's laptop tabs: a profile on disk, as a
    person's browser has. Its tabs share the cache, and with a profile on disk Chromium keeps
    the compiled code of Streamlit's scripts there too: a new tab costs about 20% less CPU
    than in a profile-less context (26 CPU-s against 32 for nine page loads, measured here).
    Each tab is still its own Streamlit session. Classroom tests, where a person is her
    cookie, make contexts of their own from `browser`."""
    profile = tmp_path_factory.mktemp("chromium-profile")
    context = playwright_driver.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, args=CHROMIUM_FLAGS, viewport=LAPTOP
    )
    yield context
    context.close()


@contextlib.contextmanager
def laptop_tab(
    laptop_browser, viewport: dict[str, int] | None = None, timeout_ms: float = 60_000
) -> Iterator[object]:
    """A new browser tab (its own Streamlit session) in the worker's laptop context, at its
    viewport or `viewport`, closed afterwards."""
    tab = laptop_browser.new_page()
    if viewport:
        tab.set_viewport_size(viewport)
    tab.set_default_timeout(timeout_ms)
    try:
        yield tab
    finally:
        tab.close()


@pytest.fixture
def page(laptop_browser, server_url: str):
    """A fresh tab for each test."""
    with laptop_tab(laptop_browser) as tab:
        yield tab


@pytest.fixture(scope="module")
def shared_page(laptop_browser, server_url: str):
    """One tab for a module's tests that each open pages from wherever the last one left off,
    as one student clicks through the lab (a fresh tab per test loads the frontend again)."""
    with laptop_tab(laptop_browser) as tab:
        yield tab


def open_app_page(page, server_url: str, url_path: str, fresh: bool = False) -> None:
    """Open a page and wait until Streamlit has finished running its script.

    A tab that already shows this lab follows the sidebar's link, as a student does (the same
    session, no reload: loading Streamlit's frontend again costs the browser about a second of
    CPU); a fresh tab, another lab, an address with a query or `fresh=True` loads the address.
    """
    if fresh or not navigate_in_app(page, server_url, url_path):
        page.goto(f"{server_url}/{url_path}")
    wait_idle(page)
    expect_no_exception(page)


def navigate_in_app(page, server_url: str, url_path: str) -> bool:
    """Click the sidebar's link to `url_path` (even while a phone's sidebar is folded) and wait
    until the address shows it; False where the tab has no such link."""
    if "?" in url_path or not page.url.startswith(f"{server_url}/"):
        return False
    link = page.locator(f"[data-testid='stSidebarNav'] a[href='{server_url}/{url_path}']")
    if link.count() != 1:
        return False
    link.dispatch_event("click")
    path = urlparse(f"{server_url}/{url_path}").path
    page.wait_for_url(lambda address: urlparse(address).path == path)
    return True


_IDLE = """() => {
    const app = document.querySelector("[data-testid='stApp']");
    return app && app.getAttribute("data-test-script-state") === "notRunning"
        && app.getAttribute("data-test-connection-state") === "CONNECTED"
        && !document.querySelector("[data-testid='stSkeleton']");
}"""


_BUSY = f"() => !({_IDLE})()"
# The run's last elements drawn: two animation frames after the idle state (React's commit, then
# the paint). A page that gets no frames (one the browser does not draw) goes on after 100 ms.
_DRAWN = """() => new Promise((drawn) => {
    const fallback = setTimeout(drawn, 100);
    requestAnimationFrame(() => requestAnimationFrame(() => { clearTimeout(fallback); drawn(); }));
})"""
RERUN_STARTS_MS = 300  # a rerun an action asked for has started by then, or there is none


def wait_idle(page, timeout: float = 60_000) -> None:
    """Wait until Streamlit has finished the script run a click or a page load started: first
    for that run to start (at most RERUN_STARTS_MS: an action may ask for none), then for
    the app to be idle again."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    with contextlib.suppress(PlaywrightTimeout):  # no rerun, or one already over
        page.wait_for_function(_BUSY, timeout=RERUN_STARTS_MS)
    # Checked every 50 ms, not on every animation frame: a frame asked for 60 times a second
    # costs the browser CPU that the other worker's tests need.
    page.wait_for_function(_IDLE, timeout=timeout, polling=50)
    page.evaluate(_DRAWN)


def download(page, button_name: str):
    """Click the download button of this name once the app is idle, and return the download.

    Streamlit makes a download button's file when it is clicked, from the script run that drew
    the button: clicked while a newer run is drawing the page, the file can be gone and no
    download comes. So first the button is shown and enabled, and no script run is going.
    """
    from playwright.sync_api import expect

    button = page.get_by_role("button", name=button_name)
    expect(button).to_be_enabled()
    page.wait_for_function(_IDLE, polling=50)
    with page.expect_download() as info:
        button.click()
    return info.value


def expect_no_exception(page) -> None:
    exceptions = page.locator("[data-testid='stException']")
    assert exceptions.count() == 0, exceptions.first.inner_text()


def screenshots_wanted() -> bool:
    """Whether a person asked for the browser tests' screenshots (CNNLAB_SCREENSHOTS=1)."""
    return os.environ.get("CNNLAB_SCREENSHOTS") == "1"


def screenshot(page, name: str, full_page: bool = True) -> Path | None:
    """Save a full-page (or only what the viewport shows) screenshot under screenshots/
    (git-ignored) for a person to look at, when CNNLAB_SCREENSHOTS=1 asks for them (no test
    reads one, so the default run does not spend time taking them)."""
    if not screenshots_wanted():
        return None
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    if not full_page:
        page.screenshot(path=str(path))
        return path
    # Streamlit scrolls inside its main block, so grow the viewport to the content first.
    size = page.viewport_size
    height = page.evaluate(
        "() => document.querySelector(\"[data-testid='stMain']\")?.scrollHeight || 0"
    )
    page.set_viewport_size(
        {"width": size["width"], "height": max(size["height"], min(height, 8000))}
    )
    page.wait_for_timeout(1500)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)
    return path


def requests_elsewhere(page, server_url: str) -> list[str]:
    """Record, from now on, every request `page` makes to anywhere but the lab (an offline
    classroom reaches nothing else); returns the list it fills."""
    elsewhere: list[str] = []
    lab = (server_url, "data:", "blob:")
    page.on("request", lambda r: None if r.url.startswith(lab) else elsewhere.append(r.url))
    return elsewhere
