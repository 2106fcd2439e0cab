"""The augmentation page in a real browser: edit the pipeline, preview, seed, export, load."""

from __future__ import annotations

import json
import re

from playwright.sync_api import expect

from core.augment.pipeline import Pipeline
from tests.e2e.conftest import (
    download,
    expect_no_exception,
    open_app_page,
    screenshot,
    wait_idle,
)


def _tile_captions(page) -> list[str]:
    captions = page.locator("[data-testid='stCaptionContainer']").all_inner_texts()
    return [text for text in captions if "shift:" in text]


def _step_titles(page) -> list[str]:
    titles = page.locator("[class*='st-key-aug-box-'] strong").all_inner_texts()
    return [re.sub(r"^\d+\.\s*", "", title) for title in titles]


def test_augmentation_page_end_to_end(page, server_url: str, tmp_path) -> None:
    open_app_page(page, server_url, "augmentation")
    # The first dataset sample can take a while (a fresh data folder unpacks MNIST).
    page.locator("[data-testid='stImage']").first.wait_for(timeout=90_000)
    wait_idle(page)
    screenshot(page, "augmentation-open")
    assert _step_titles(page) == []  # a first visit starts empty
    page.get_by_role("button", name="Shift + rotation").click()
    wait_idle(page)
    assert _step_titles(page) == ["Width / height shift", "Rotation"]

    # Add a rotation step from the menu.
    menu = page.get_by_role("combobox", name="Augmentation to add")
    menu.click()
    menu.press_sequentially("Rotation")
    page.get_by_role("option", name="Geometry · Rotation").click()
    wait_idle(page)
    page.get_by_role("button", name="Add step").click()
    wait_idle(page)
    assert _step_titles(page) == ["Width / height shift", "Rotation", "Rotation"]

    # Preview: eight tiles, each labelled with the shift and both angles drawn.
    page.get_by_role("button", name="Preview").click()
    wait_idle(page)
    expect_no_exception(page)
    captions = _tile_captions(page)
    assert len(captions) == 8, captions
    for caption in captions:
        assert len(re.findall(r"rotation: [+-]\d+\.\d°", caption)) == 2, caption
    screenshot(page, "augmentation-preview")

    # A new seed draws new parameters; the same seed again gives the same ones.
    seed = page.get_by_role("spinbutton", name="Seed")
    seed.fill("7")
    seed.press("Enter")
    page.get_by_text("(seed 7)").wait_for()
    wait_idle(page)
    reseeded = _tile_captions(page)
    assert len(reseeded) == 8 and reseeded != captions
    seed.fill("0")
    seed.press("Enter")
    page.get_by_text("(seed 0)").wait_for()
    wait_idle(page)
    assert _tile_captions(page) == captions

    # Reorder and remove.
    page.locator("[class*='st-key-aug-down-'] button:visible").first.click()
    wait_idle(page)
    assert _step_titles(page) == ["Rotation", "Width / height shift", "Rotation"]
    page.locator("[class*='st-key-aug-remove-'] button:visible").last.click()
    wait_idle(page)
    assert _step_titles(page) == ["Rotation", "Width / height shift"]

    # Export JSON: the downloaded file loads back to the pipeline on screen.
    page.get_by_role("tab", name="JSON", exact=True).click()
    exported = Pipeline.from_json(_read(download(page, "Download augmentation.json")))
    assert [step.type for step in exported.steps] == ["rotation", "translate"]
    page.get_by_role("tab", name="PyTorch code").click()
    expect(page.get_by_text("train_transform = v2.Compose(").first).to_be_visible()

    # Load JSON: bad JSON gets a sentence; a good file replaces the pipeline.
    page.get_by_role("tab", name="Load JSON").click()
    page.get_by_label("Pipeline JSON").fill('[{"type": "rotation", "params": {"degrees": 500}}]')
    page.get_by_role("button", name="Load pasted JSON").click()
    wait_idle(page)
    alert = page.locator("[data-testid='stAlert']").first
    assert "between 0 and 180, not 500" in alert.inner_text()
    good = tmp_path / "pipeline.json"
    good.write_text(json.dumps([{"type": "horizontal_flip"}, {"type": "gaussian_blur"}]))
    page.get_by_role("tab", name="Load JSON").click()
    page.locator("[data-testid='stFileUploaderDropzoneInput']").last.set_input_files(str(good))
    wait_idle(page)
    expect_no_exception(page)
    assert _step_titles(page) == ["Horizontal flip", "Gaussian blur"]
    assert (
        "Loaded 2 step(s) from pipeline.json"
        in page.locator("[data-testid='stAlert']").first.inner_text()
    )
    screenshot(page, "augmentation-loaded")


def _read(downloaded) -> str:
    with open(downloaded.path(), encoding="utf-8") as handle:
        return handle.read()
