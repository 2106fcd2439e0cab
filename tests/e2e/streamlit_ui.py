"""Small Playwright helpers for Streamlit widgets, found by their visible labels."""

from __future__ import annotations

import re

from tests.e2e.conftest import wait_idle


def run_status(page, status: str):
    """The live run's status line with this status word ("run: finished, epoch 1 of 1"), not
    any text holding the word: the empty epoch log says "(no epoch finished yet)" while the
    run trains, and a test waiting for "finished" went on before the run ended."""
    return page.get_by_text(re.compile(rf": {re.escape(status)}\b[^,]*, epoch \d+ of \d+")).first


def widget(page, testid: str, label: str):
    """The widget container of kind `testid` (e.g. stSelectbox) whose label is `label`."""
    label_locator = page.locator("[data-testid='stWidgetLabel']").get_by_text(label, exact=True)
    return page.locator(f"[data-testid='{testid}']").filter(has=label_locator).first


def choose(page, label: str, option: str) -> None:
    """Pick `option` (text contained in the option) in the selectbox labelled `label`."""
    widget(page, "stSelectbox", label).click()
    page.get_by_role("option").filter(has_text=option).first.click()
    wait_idle(page)


def set_number(page, label: str, value: float) -> None:
    field = widget(page, "stNumberInput", label).locator("input")
    field.fill(str(value))
    field.press("Tab")
    wait_idle(page)


def click_button(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).first.click()
    wait_idle(page)


def click_key(page, key: str) -> None:
    """Click the button created with `key=...` (Streamlit adds the class st-key-<key>)."""
    page.locator(f".st-key-{key} button").first.click()
    wait_idle(page)


def metric_value(page, label: str) -> str:
    metric = page.locator("[data-testid='stMetric']").filter(has_text=label).first
    return metric.locator("[data-testid='stMetricValue']").inner_text()


def expect_metric(page, label: str, value: str, timeout: float = 15_000) -> None:
    """Wait until the metric shows `value` (a rerun may still be drawing), then check it."""
    from playwright.sync_api import expect

    metric = page.locator("[data-testid='stMetric']").filter(has_text=label).first
    expect(metric.locator("[data-testid='stMetricValue']")).to_have_text(value, timeout=timeout)
