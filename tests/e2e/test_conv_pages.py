"""The convolution and pooling pages in a real browser: stepping, clicking cells, presets."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import expect_no_exception, open_app_page, screenshot, wait_idle


def _formula(page, pattern: str) -> str:
    """Wait for the formula line matching `pattern` (a regex) and return its text."""
    block = page.locator("[data-testid='stMarkdownContainer']").filter(has_text=re.compile(pattern))
    expect(block).to_have_count(1, timeout=30_000)
    return block.inner_text()


def _expect_text(page, text: str) -> None:
    expect(page.locator("[data-testid='stMain']")).to_contain_text(text, timeout=30_000)


def _charts_ready(page, count: int) -> None:
    """Plotly draws after the script ends: wait for its drag layers before clicking or shooting."""
    expect(page.locator("[data-testid='stPlotlyChart'] .nsewdrag")).to_have_count(
        count, timeout=30_000
    )


def _shoot(page, name: str) -> None:
    # Streamlit scrolls its main area itself, so a tall viewport is what shows the whole page.
    page.set_viewport_size({"width": 1400, "height": 1700})
    page.wait_for_timeout(400)
    screenshot(page, name)
    page.set_viewport_size({"width": 1400, "height": 1000})


def _click(page, label: str) -> None:
    page.get_by_role("button", name=label).first.click()
    wait_idle(page)
    expect_no_exception(page)


def _click_cell(page, chart_index: int, row: int, col: int, size: int) -> None:
    """Click cell (row, col) of a size×size grid drawn by the chart_index-th plotly chart."""
    chart = page.locator("[data-testid='stPlotlyChart']").nth(chart_index)
    box = chart.locator(".nsewdrag").first.bounding_box()
    assert box is not None
    x = box["x"] + (col + 0.5) * box["width"] / size
    y = box["y"] + (row + 0.5) * box["height"] / size
    page.mouse.click(x, y)
    wait_idle(page)
    expect_no_exception(page)


CONV = r"^out\[.*bias"  # the convolution formula line
POOL = r"^out\[\d, \d\] = "  # the pooling formula line


def test_convolution_page_steps_through_the_course_example(page, server_url: str) -> None:
    open_app_page(page, server_url, "convolution")
    first = _formula(page, CONV)
    assert first.startswith("out[0, 0] = (1×1) + (1×0) + (1×1)") and first.endswith("= 4"), first
    _expect_text(page, "Step 1 of 9")
    _charts_ready(page, 5)  # 4 steps + the photo tab kernel
    _shoot(page, "conv_step1")

    _click(page, "Next")
    # Window rows 0-2, cols 1-3 of the course input, hand-checked: 1+0+0+0+1+0+0+1+1 = 3.
    second = _formula(page, r"^out\[0, 1\]")
    assert second.endswith("= 3"), second
    _expect_text(page, "Step 2 of 9")

    _click(page, "Previous")
    _formula(page, r"^out\[0, 0\]")

    _charts_ready(page, 5)  # 4 steps + the photo tab kernel
    _click_cell(page, 3, 2, 2, 3)  # the feature map is the fourth chart: jump to its last cell
    last = _formula(page, r"^out\[2, 2\]")
    assert last.endswith("= 4"), last
    _expect_text(page, "Step 9 of 9")
    _charts_ready(page, 5)  # 4 steps + the photo tab kernel
    _shoot(page, "conv_clicked_last_cell")


def test_convolution_play_presets_and_panels(page, server_url: str) -> None:
    open_app_page(page, server_url, "convolution")
    _click(page, "Play")
    main = page.locator("[data-testid='stMain']")
    # 1 step per second: it advances by itself (polling may skip a step, so any later one).
    expect(main).to_contain_text(re.compile(r"Step [3-8] of 9"), timeout=30_000)
    _shoot(page, "conv_playing")
    # At the last step it stops by itself and offers Play again.
    expect(main).to_contain_text("Step 9 of 9", timeout=30_000)
    expect(page.get_by_role("button", name="Play")).to_be_visible(timeout=30_000)

    _click(page, "RGB input, 2 filters")
    text = _formula(page, CONV)
    assert "R:" in text and "G:" in text and "B:" in text, text
    _expect_text(page, "Step 1 of 50")  # 2 filters × 5×5 (padding 1 keeps the size)
    _charts_ready(page, 12)  # one per subplot: 3 channels × 3 figures, 2 feature maps, photo
    _shoot(page, "conv_rgb")

    page.get_by_role("tab", name="On a photo").click()
    wait_idle(page)
    page.get_by_text("ReLU", exact=True).click()
    wait_idle(page)
    expect_no_exception(page)
    _expect_text(page, "ReLU on")
    page.wait_for_timeout(500)
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
    assert _formula(page, POOL) == "out[0, 0] = max(1, 2, 0, 1) = 2"
    _charts_ready(page, 2)
    _shoot(page, "pool_step1")
    expected = ["out[0, 1] = max(1, 0, 2, 3) = 3", "out[1, 0] = max(3, 0, 2, 4) = 4"]
    expected.append("out[1, 1] = max(1, 2, 0, 1) = 2")
    for text in expected:  # the course's [[2, 3], [4, 2]], one Next at a time
        _click(page, "Next")
        assert _formula(page, "^" + re.escape(text)) == text
    _charts_ready(page, 2)
    _shoot(page, "pool_step4")

    page.get_by_text("Average pooling", exact=True).click()
    wait_idle(page)
    assert _formula(page, POOL) == "out[1, 1] = (1 + 2 + 0 + 1) / 4 = 1"

    _click(page, "Overlapping: 3×3, stride 2 (AlexNet)")
    _expect_text(page, "Step 1 of 9")  # 7×7, 3×3 stride 2 → 3×3
    _expect_text(page, "windows overlap")
    _charts_ready(page, 2)
    _shoot(page, "pool_alexnet")

    page.get_by_role("tab", name="On a photo").click()
    wait_idle(page)
    expect_no_exception(page)
    _expect_text(page, "after max pooling")
    page.wait_for_timeout(500)
    _shoot(page, "pool_photo")
