"""The convolution and pooling pages in a real browser: stepping in the browser alone, clicking
cells, playing, presets."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import (
    expect_no_exception,
    open_app_page,
    screenshot,
    screenshots_wanted,
    wait_idle,
)
from tests.e2e.streamlit_ui import widget

STEPPER = "[data-testid='stPlotlyChart']:has(.updatemenu-button)"  # the animated figure
PLOTLY_BUTTONS = {"First": 0, "Previous": 1, "Next": 2, "Play": 3, "Pause": 4}


def _step_text(page, pattern: str) -> str:
    """Wait for the animated figure's text (step, formula) to match `pattern`; return it."""
    text = page.locator(f"{STEPPER} .annotation-text").first
    expect(text).to_have_text(re.compile(pattern), timeout=30_000)
    lines = text.locator("tspan.line").all_text_contents() or [text.text_content()]
    return " ".join(" ".join(lines).split())


def _plotly(page, label: str) -> None:
    """Press one of the figure's own buttons: the browser moves to another frame by itself."""
    page.locator(f"{STEPPER} .updatemenu-button").nth(PLOTLY_BUTTONS[label]).click()


def _click_output_cell(page, index: int) -> None:
    """Click the output cell that step `index` computes (its invisible click target)."""
    box = page.locator(f"{STEPPER} .scatterlayer .point").nth(index).bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    wait_idle(page)
    expect_no_exception(page)


def _expect_text(page, text: str) -> None:
    expect(page.locator("[data-testid='stMain']")).to_contain_text(text, timeout=30_000)


def _shoot(page, name: str) -> None:
    if not screenshots_wanted():
        return
    # Streamlit scrolls its main area itself, so a tall viewport is what shows the whole page.
    page.set_viewport_size({"width": 1400, "height": 1700})
    page.wait_for_timeout(900)  # the figures redraw at the new size (for a person to look at)
    screenshot(page, name)
    page.set_viewport_size({"width": 1400, "height": 1000})


def _click(page, label: str) -> None:
    page.get_by_role("button", name=label).first.click()
    wait_idle(page)
    expect_no_exception(page)


def test_convolution_page_steps_through_the_course_example(page, server_url: str) -> None:
    sent: list[str] = []  # what the page sends the server
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
    open_app_page(page, server_url, "convolution")
    first = _step_text(page, r"^Step 1 of 9")
    assert "out[0, 0] = (1×1) + (1×0) + (1×1)" in first and first.endswith("3×3 cells."), first
    assert " = 4 " in first, first
    _shoot(page, "conv_step1")

    before = len(sent)
    _plotly(page, "Next")
    # Window rows 0-2, cols 1-3 of the course input, hand-checked: 1+0+0+0+1+0+0+1+1 = 3.
    second = _step_text(page, r"^Step 2 of 9 ?out\[0, 1\]")
    assert "bias 0 = 3" in second, second
    _plotly(page, "Previous")
    _step_text(page, r"^Step 1 of 9 ?out\[0, 0\]")
    _plotly(page, "Next")
    _plotly(page, "Next")
    _step_text(page, r"^Step 3 of 9 ?out\[0, 2\]")
    assert len(sent) == before  # stepping never waited for the server

    _click_output_cell(page, 8)  # the last cell: a click asks the server to start there
    last = _step_text(page, r"^Step 9 of 9 ?out\[2, 2\]")
    assert "bias 0 = 4" in last, last
    _plotly(page, "First")
    _step_text(page, r"^Step 1 of 9")
    _shoot(page, "conv_clicked_last_cell")


def test_convolution_play_presets_and_panels(page, server_url: str) -> None:
    open_app_page(page, server_url, "convolution")
    # 4 steps a second (the page's default is 1): the same play in a quarter of the time.
    speed = widget(page, "stSlider", "Play speed (steps per second)").get_by_role("slider")
    speed.press("End")  # 8
    speed.press("ArrowLeft")  # 4
    expect(speed).to_have_attribute("aria-valuetext", "4.0")
    wait_idle(page)  # the figure made again at that speed
    _plotly(page, "Play")
    # Played by the browser: it advances by itself and stops at the end.
    _step_text(page, r"^Step [3-8] of 9")
    _shoot(page, "conv_playing")
    _step_text(page, r"^Step 9 of 9")
    _plotly(page, "Play")  # Play at the end starts again
    _step_text(page, r"^Step [1-8] of 9")
    _plotly(page, "Pause")

    _click(page, "RGB input, 2 filters")
    text = _step_text(page, r"^Step 1 of 50")  # 2 filters × 5×5 (padding 1 keeps the size)
    assert "R: " in text and "G: " in text and "B: " in text, text
    _shoot(page, "conv_rgb")

    page.get_by_role("tab", name="On a photo").click()
    wait_idle(page)
    page.get_by_text("ReLU", exact=True).click()
    wait_idle(page)
    expect_no_exception(page)
    _expect_text(page, "ReLU on")
    _shoot(page, "conv_photo")

    page.get_by_role("tab", name="Why convolution").click()
    wait_idle(page)
    _expect_text(page, "19,694,080")  # (784 + 1)·25,088, hand-checked
    _shoot(page, "conv_why")


def test_convolution_explains_settings_with_no_output(page, server_url: str) -> None:
    open_app_page(page, server_url, "convolution")
    page.get_by_role("slider").nth(1).focus()  # kernel size
    page.keyboard.press("End")  # k = 5
    wait_idle(page)
    page.get_by_role("slider").nth(4).focus()  # dilation
    page.keyboard.press("End")  # d = 3: the kernel spans 3·4+1 = 13 cells > 5
    wait_idle(page)
    expect_no_exception(page)
    _expect_text(page, "No output")
    _expect_text(page, "⌊(5 + 2·0 − 3·(5−1) − 1) / 1⌋ + 1 = -7")
    _shoot(page, "conv_no_output")


def test_pooling_page_steps_through_the_course_example(page, server_url: str) -> None:
    open_app_page(page, server_url, "pooling")
    assert _step_text(page, r"^Step 1 of 4").endswith("out[0, 0] = max(1, 2, 0, 1) = 2")
    _shoot(page, "pool_step1")
    expected = ["out[0, 1] = max(1, 0, 2, 3) = 3", "out[1, 0] = max(3, 0, 2, 4) = 4"]
    expected.append("out[1, 1] = max(1, 2, 0, 1) = 2")
    for step, text in enumerate(expected, 2):  # the course's [[2, 3], [4, 2]], one Next each
        _plotly(page, "Next")
        _step_text(page, f"^Step {step} of 4 ?" + re.escape(text) + "$")
    _shoot(page, "pool_step4")

    page.get_by_text("Average pooling", exact=True).click()
    wait_idle(page)
    _step_text(page, re.escape("out[0, 0] = (1 + 2 + 0 + 1) / 4 = 1") + "$")

    _click(page, "Overlapping: 3×3, stride 2 (AlexNet)")
    _step_text(page, r"^Step 1 of 9")  # 7×7, 3×3 stride 2 → 3×3
    _expect_text(page, "windows overlap")
    _shoot(page, "pool_alexnet")

    page.get_by_role("tab", name="On a photo").click()
    wait_idle(page)
    expect_no_exception(page)
    _expect_text(page, "after max pooling")
    _shoot(page, "pool_photo")
