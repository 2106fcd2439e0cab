"""A phone (390x844, touch, a phone's User-Agent) in Chromium: no page scrolls sideways (a
table or a code block may scroll inside itself); on Train the Start button and the live run
come before the settings, so a student starts a run without scrolling past every setting; the
convolution and pooling steps stack their grids with no text over other text, and one tap on
an output cell jumps to its step."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dashboard.navigation import PAGES
from tests.e2e.conftest import expect_no_exception, navigate_in_app, wait_idle
from tests.e2e.streamlit_ui import run_status, widget

# A phone's browser says "Mobile" in its User-Agent (Chrome on Android, here Chromium's version).
PHONE_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/156.0.0.0 Mobile Safari/537.36"
)
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "user_agent": PHONE_AGENT,
}
# The step figure's texts (titles, the step's arithmetic, the buttons): how many overlap
# another, and how far right the rightmost reaches.
FIGURE_TEXTS = """() => {
  const boxes = [...document.querySelectorAll(".js-plotly-plot .textpoint text, "
    + ".js-plotly-plot .annotation-text, .js-plotly-plot .updatemenu-button")]
    .map((e) => e.getBoundingClientRect()).filter((b) => b.width > 0);
  let overlaps = 0;
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => {
    if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1
        && b.top < a.bottom - 1) overlaps += 1;
  }));
  return {texts: boxes.length, overlaps, right: Math.max(...boxes.map((b) => b.right))};
}"""
# Where on the screen the figure draws the output cell that step `step` computes.
OUTPUT_CELL = """(step) => {
  const plots = [...document.querySelectorAll(".js-plotly-plot")].filter((p) => p._fullData
    && p._fullData.some((t) => t.mode === "markers" && Array.isArray(t.customdata)));
  const plot = plots.pop();
  const trace = plot._fullData.find((t) => Array.isArray(t.customdata)
    && t.customdata.includes(step) && t.mode === "markers");
  const i = trace.customdata.indexOf(step);
  const xa = plot._fullLayout.xaxis, ya = plot._fullLayout.yaxis;
  const box = plot.getBoundingClientRect();
  return [box.left + xa._offset + xa.d2p(trace.x[i]), box.top + ya._offset + ya.d2p(trace.y[i])];
}"""

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

        _start_is_on_the_first_screen(page, server_url)
    finally:
        context.close()


def _start_is_on_the_first_screen(page, server_url: str):
    """Train, loaded afresh (the page at its top): Start is on the first screen, above the
    settings; returns the button."""
    page.goto(f"{server_url}/training")
    wait_idle(page)
    start = page.get_by_role("button", name="Start training")
    settings = page.get_by_role("heading", name="Set-up")
    assert start.bounding_box()["y"] + 40 <= 844  # on the first screen
    assert start.bounding_box()["y"] < settings.bounding_box()["y"]
    return start


@pytest.mark.slow  # a run trained to its end (the default run checks Start's place above)
def test_a_run_started_with_a_tap_shows_its_chart(browser, server_url: str) -> None:
    context = browser.new_context(**PHONE, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(90_000)
    try:
        start = _start_is_on_the_first_screen(page, server_url)
        slider = widget(page, "stSlider", "Training images").get_by_role("slider")
        slider.focus()
        page.keyboard.press("Home")  # the fewest images: a short run
        wait_idle(page)
        start.tap()
        expect(run_status(page, "finished")).to_be_visible(timeout=120_000)
        expect(page.locator("[data-testid='stPlotlyChart']").first).to_be_visible()
    finally:
        context.close()


def test_the_steps_stack_for_a_phone_and_one_tap_jumps_to_a_cell(browser, server_url: str) -> None:
    context = browser.new_context(**PHONE, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(90_000)
    spoken = page.locator(".st-key-spoken_step")
    try:
        for name, cell, step in (("convolution", 4, "Step 5 of 9"), ("pooling", 3, "Step 4 of 4")):
            # Loaded afresh: the sidebar link (navigate_in_app) leaves a phone's sidebar open
            # over the figure in this test browser.
            page.goto(f"{server_url}/{name}")
            wait_idle(page)
            expect_no_exception(page)
            page.locator("[data-testid='stPlotlyChart']").first.scroll_into_view_if_needed()
            texts = page.evaluate(FIGURE_TEXTS)
            assert texts["texts"] >= 8 and texts["overlaps"] == 0, (name, texts)
            assert texts["right"] <= 390, (name, texts)  # every button and title on screen
            page.touchscreen.tap(*page.evaluate(OUTPUT_CELL, cell))  # one tap, no second
            expect(spoken).to_contain_text(step)
    finally:
        context.close()


def test_a_photo_from_a_phone_gets_its_answer_and_closest_photos_as_thumbnails(
    browser,
    server_url: str,
    lab_home: Path,
    shared_datasets: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.core.transfer_photos import head_run

    monkeypatch.setenv("CNNLAB_HOME", str(lab_home))  # the server's home: it lists this run
    head_run(shared_datasets, tmp_path / "photos", 4, "phone", epochs=1)
    photo = sorted((shared_datasets / "monkey_vs_human" / "train" / "human").glob("*.jpg"))[-1]
    context = browser.new_context(**PHONE, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(90_000)
    try:
        page.goto(f"{server_url}/test_photo")
        wait_idle(page)
        page.locator("[data-testid='stFileUploaderDropzoneInput']").first.set_input_files(photo)
        answer = page.get_by_role("heading", name=re.compile(rf"{re.escape(photo.name)}: "))
        expect(answer).to_be_visible(timeout=90_000)
        thumbnails = page.locator("[data-testid='stImage']").filter(has_text="distance")
        expect(thumbnails).to_have_count(5)
        boxes = [thumbnails.nth(i).bounding_box() for i in range(5)]
        assert all(box["x"] + box["width"] <= 390 for box in boxes)
        assert boxes[0]["y"] == boxes[1]["y"]  # side by side, not one per screen width
        assert boxes[0]["width"] < 150
        expect_no_exception(page)
        assert page.evaluate(SIDEWAYS) <= 0
    finally:
        context.close()
