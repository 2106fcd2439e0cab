"""Presentation mode on a 1280x720 projector: the sidebar collapsed, every page drawn
(screenshots), the convolution stepper's buttons and grids on screen, and the builder's
layer rows with their four buttons on one line."""

from __future__ import annotations

from playwright.sync_api import expect

from dashboard.navigation import PAGES
from tests.e2e.conftest import expect_no_exception, screenshot, wait_idle

WIDTH, HEIGHT = 1280, 720


def _projector(browser):
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(90_000)
    return context, page


def _open(page, server_url: str, url_path: str) -> None:
    page.goto(f"{server_url}/{url_path}?present=1")
    expect(page.locator("[data-testid='stMainBlockContainer'] h1").first).to_be_visible()
    wait_idle(page)
    expect_no_exception(page)


def test_every_page_in_presentation_mode_at_1280x720(browser, server_url: str) -> None:
    context, page = _projector(browser)
    try:
        for info in PAGES:
            _open(page, server_url, info.url_path)
            sidebar = page.locator("[data-testid='stSidebar']")
            expect(sidebar).to_have_attribute("data-collapsed", "true")
            screenshot(page, f"present_{info.url_path}", full_page=False)
    finally:
        context.close()


def test_the_stepper_and_its_grids_fit_and_layer_rows_keep_one_line(
    browser, server_url: str
) -> None:
    context, page = _projector(browser)
    try:
        _open(page, server_url, "convolution")
        next_button = page.get_by_role("button").filter(has_text="Next").first
        feature_map = page.get_by_text("Feature map (click a cell)")
        for item in (next_button, feature_map):
            box = item.bounding_box()
            assert box and box["y"] + box["height"] <= HEIGHT, box
        charts = page.locator("[data-testid='stPlotlyChart']")
        expect(charts.first).to_be_visible()
        box = charts.first.bounding_box()
        assert box["y"] + box["height"] * 0.75 <= HEIGHT, box  # the input grid, on screen

        _open(page, server_url, "builder")
        row = page.locator(".st-key-layer_tools_0 .stButton")
        expect(row).to_have_count(4)
        tops = {round(row.nth(i).bounding_box()["y"]) for i in range(4)}
        assert len(tops) == 1, tops  # one line, not stacked
    finally:
        context.close()
