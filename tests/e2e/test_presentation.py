"""Presentation mode on a 1280x720 projector: the convolution figure's grids, buttons and step
slider on screen, and the builder's layer rows with their four buttons on one line. (Every page in
presentation mode, collapsed sidebar and screenshots: tests/e2e/test_korean.py's English
walk.)"""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import expect_no_exception, wait_idle

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


def test_the_stepper_and_its_grids_fit_and_layer_rows_keep_one_line(
    browser, server_url: str
) -> None:
    context, page = _projector(browser)
    try:
        _open(page, server_url, "convolution")
        # The animated figure's own buttons (Next is the third) and slider, under its grids.
        stepper = page.locator("[data-testid='stPlotlyChart']:has(.updatemenu-button)")
        next_button = stepper.locator(".updatemenu-button").nth(2)
        expect(next_button).to_be_visible()
        for item in (next_button, stepper.locator(".slider-container").first):
            box = item.bounding_box()
            assert box and box["y"] + box["height"] <= HEIGHT, box

        _open(page, server_url, "builder")
        row = page.locator(".st-key-layer_tools_0 .stButton")
        expect(row).to_have_count(4)
        tops = {round(row.nth(i).bounding_box()["y"]) for i in range(4)}
        assert len(tops) == 1, tops  # one line, not stacked
    finally:
        context.close()


def test_the_builders_summary_shows_every_keras_column_on_a_1280_laptop(
    browser, server_url: str
) -> None:
    """With the sidebar open (no presentation mode), Param # and Trainable are in view
    without scrolling the table sideways."""
    from dashboard.builder.summary_panel import KERAS_COLUMNS

    context, page = _projector(browser)
    try:
        page.goto(f"{server_url}/builder")
        table = page.locator("[data-testid='stDataFrame']").first
        expect(table).to_be_visible()
        wait_idle(page)
        sidebar = page.locator("[data-testid='stSidebar']")
        expect(sidebar).to_have_attribute("data-collapsed", "false")
        width = table.bounding_box()["width"]
        assert sum(KERAS_COLUMNS.values()) + 2 <= width, (KERAS_COLUMNS, width)
    finally:
        context.close()
