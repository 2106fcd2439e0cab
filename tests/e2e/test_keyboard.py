"""The main path with the keyboard alone, as a student who cannot use a mouse walks it: step a
convolution, build a model, train it, test a photo. Every control is reached with Tab and
used with Enter, the arrow keys or typing; nothing is clicked."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from core.paths import ASSETS_DIR
from tests.e2e.conftest import expect_no_exception, open_app_page, wait_idle
from tests.e2e.streamlit_ui import expect_metric, run_status

# A long wait, run with `bash scripts/test.sh --slow` (the default run stays under 5 minutes,
# issue #25): a run trained with the keyboard alone (16 s). The default run checks its parts
# without a browser (AppTest and core).
pytestmark = pytest.mark.slow

# The focused element's name as a screen reader says it: its aria-label, its <label>, or its
# text's last line (a link's text starts with its icon's name).
FOCUSED = """() => {
    const e = document.activeElement;
    if (!e) return "";
    const name = e.getAttribute("aria-label")
        || (e.labels && e.labels.length ? e.labels[0].innerText : "")
        || e.innerText || "";
    return name.trim().split("\\n").filter(Boolean).pop() || "";
}"""


def tab_to(page, name: str, inside: str = "body", limit: int = 150) -> None:
    """Press Tab until the control named `name`, within the element `inside` selects, has
    the focus."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        seen.append(page.evaluate(FOCUSED))
        if seen[-1] == name and page.evaluate(
            "inside => !!document.activeElement.closest(inside)", inside
        ):
            return
    raise AssertionError(f"Tab never reached {name!r} in {inside}; it passed {seen}")


def type_into(page, name: str, text: str) -> None:
    """Tab to a text or number box, replace what it holds, and leave it: Tab commits (Enter
    would also submit a form the box is in)."""
    tab_to(page, name)
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(text)
    page.keyboard.press("Tab")
    wait_idle(page)


def press(page, name: str) -> None:
    """Tab to a button and press Enter."""
    tab_to(page, name)
    page.keyboard.press("Enter")
    wait_idle(page)


def test_the_main_path_with_the_keyboard_alone(page, server_url: str) -> None:
    open_app_page(page, server_url, "convolution")
    expect(page.get_by_text(re.compile(r"^Step 1 of 9")).first).to_be_visible()
    type_into(page, "Go to step", "6")
    expect(page.get_by_text(re.compile(r"^Step 6 of 9")).first).to_be_visible()

    open_app_page(page, server_url, "builder")
    press(page, "Clear")
    for layer, units in (("Flatten", None), ("Dense", "10")):
        tab_to(page, "Layer type")  # a combobox: type to filter, Enter picks
        page.keyboard.type(layer)
        page.keyboard.press("Enter")
        wait_idle(page)
        if units:
            type_into(page, "Units", units)
        press(page, "Add layer")
    expect_metric(page, "Total params", "7,850")  # (28·28 + 1)·10

    open_app_page(page, server_url, "training")
    tab_to(page, "Training images")
    page.keyboard.press("Home")  # the fewest images
    wait_idle(page)
    type_into(page, "Epochs", "1")
    press(page, "Start training")
    expect(run_status(page, "finished")).to_be_visible(timeout=120_000)

    open_app_page(page, server_url, "test_photo")
    wait_idle(page)
    # Waiting for the chooser turns Playwright's interception on without waiting for the
    # browser to confirm; begun before the Tab presses, it is on when Enter opens the chooser
    # (begun just before Enter, it lost that race under the suite's load).
    with page.expect_file_chooser() as chooser:
        tab_to(page, "Upload", inside="[data-testid='stFileUploader']")
        page.keyboard.press("Enter")
    chooser.value.set_files(str(ASSETS_DIR / "samples" / "cat.jpg"))
    wait_idle(page)
    expect(page.get_by_role("heading", name=re.compile(r"^cat\.jpg: "))).to_be_visible(
        timeout=60_000
    )
    expect_no_exception(page)
