"""A phone (390x844, touch) in Chromium: no page scrolls sideways (a table or a code block
may scroll inside itself), and on Train the Start button and the live run come before the
settings, so a student starts a run without scrolling past every setting."""

from __future__ import annotations

from playwright.sync_api import expect

from dashboard.navigation import PAGES
from tests.e2e.conftest import expect_no_exception, navigate_in_app, wait_idle
from tests.e2e.streamlit_ui import run_status, widget

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}

# How far the page itself scrolls sideways (0 when it fits the phone's width).
SIDEWAYS = """() => Math.max(
    document.documentElement.scrollWidth,
    document.querySelector("[data-testid='stMain']")?.scrollWidth || 0
) - window.innerWidth"""


def test_every_page_fits_a_phone_and_train_starts_at_the_top(browser, server_url: str) -> None:
    context = browser.new_context(**PHONE, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(90_000)
    try:
        for info in PAGES:
            if not navigate_in_app(page, server_url, info.id):
                page.goto(f"{server_url}/{info.id}")
            wait_idle(page)
            expect_no_exception(page)
            assert page.evaluate(SIDEWAYS) <= 0, info.id

        page.goto(f"{server_url}/training")
        wait_idle(page)
        start = page.get_by_role("button", name="Start training")
        settings = page.get_by_role("heading", name="Set-up")
        assert start.bounding_box()["y"] + 40 <= 844  # on the first screen
        assert start.bounding_box()["y"] < settings.bounding_box()["y"]
        slider = widget(page, "stSlider", "Training images").get_by_role("slider")
        slider.focus()
        page.keyboard.press("Home")  # the fewest images: a short run
        wait_idle(page)
        start.tap()
        expect(run_status(page, "finished")).to_be_visible(timeout=120_000)
        expect(page.locator("[data-testid='stPlotlyChart']").first).to_be_visible()
    finally:
        context.close()
