"""Inside a trained network in a real browser: from a run's misclassified image on the Runs
page (Inspect) to its top-5, Grad-CAM and feature maps; enlarge a map; filters; statistics."""

from pathlib import Path

from playwright.sync_api import expect

from core.model.presets import get_preset
from core.runs.run import TrainingRun
from core.training.config import TrainConfig
from tests.e2e.conftest import expect_no_exception, open_app_page, screenshot, wait_idle
from tests.e2e.streamlit_ui import click_button


def _train(lab_home: Path) -> None:
    run = TrainingRun(
        get_preset("mnist_fast"),
        TrainConfig(train_limit=500, epochs=1),
        "inside-e2e",
        root=lab_home / "runs",
    )
    run.start()
    run.join(timeout=180)
    assert run.snapshot().status == "finished"


def _view(page, name: str) -> None:
    # In the main area: the sidebar's language switch is a button group too.
    group = page.locator("[data-testid='stMain'] [data-testid='stButtonGroup']").first
    group.get_by_text(name, exact=True).click()
    wait_idle(page)


def test_inspect_a_mistake_then_look_inside(page, server_url: str, lab_home: Path) -> None:
    _train(lab_home)
    open_app_page(page, server_url, "runs")
    table = page.locator("[data-testid='stDataFrame']").first
    expect(table).to_contain_text("inside-e2e")
    box = table.bounding_box()
    row = 1  # runs are listed newest first: this one
    page.mouse.click(box["x"] + 8, box["y"] + 35 * row + 17)
    wait_idle(page)
    click_button(page, "Evaluate on the test set")
    expect(page.get_by_text("Test accuracy (10,000 images)")).to_be_visible(timeout=120_000)
    inspect = page.get_by_role("button", name="Inspect", exact=True).first
    inspect.scroll_into_view_if_needed()
    inspect.click()
    wait_idle(page)
    expect(page.get_by_role("heading", name="Inside a trained network")).to_be_visible()
    expect_no_exception(page)
    screenshot(page, "inside_mistake")
    verdict = page.get_by_text("predicted:", exact=False).first
    expect(verdict).to_contain_text("wrong")  # a mistake was opened
    expect(page.locator("[data-testid='stPlotlyChart']").nth(5)).to_be_visible()  # top-5 + layers

    # Click the first feature map of the first layer: it is enlarged beside the grid.
    chart = page.locator("[data-testid='stPlotlyChart']").nth(1)
    chart.scroll_into_view_if_needed()
    plot = chart.locator(".nsewdrag").first.bounding_box()
    # conv2d has 8 maps in one row: the centre of the first one.
    page.mouse.click(plot["x"] + plot["width"] / 16, plot["y"] + plot["height"] / 2)
    wait_idle(page)
    screenshot(page, "inside_feature_maps")
    expect(page.get_by_text("conv2d, channel 0").first).to_be_attached()
    expect_no_exception(page)
    screenshot(page, "inside_feature_maps")

    _view(page, "Filters")
    wait_idle(page)
    expect(page.get_by_text("Their response on this image")).to_be_visible()
    expect_no_exception(page)
    screenshot(page, "inside_filters")

    _view(page, "Activation statistics")
    wait_idle(page)
    expect(page.get_by_text("stops learning", exact=False).first).to_be_visible()
    expect_no_exception(page)
    screenshot(page, "inside_statistics")
