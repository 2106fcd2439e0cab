"""Monkey or human? In a real browser: upload a two-class photo set, fine-tune the head on
cached features, then ask about a held-out photo and see the probabilities and the heatmap."""

from __future__ import annotations

import re
import zipfile

import pytest
from playwright.sync_api import expect

from core.paths import ASSETS_DIR
from tests.core.transfer_photos import held_out, photo_folder
from tests.e2e.conftest import expect_no_exception, open_app_page, screenshot, wait_idle
from tests.e2e.streamlit_ui import choose, click_button, expect_metric, set_number, widget

# A long wait, run with `bash scripts/test.sh --slow` (the default run stays under 5 minutes,
# issue #25): a fine-tune in the browser (13 s). The default run checks its parts without a
# browser (AppTest and core).
pytestmark = pytest.mark.slow


def _zip(folder, archive):
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(folder.rglob("*.jpg")):
            zf.write(path, path.relative_to(folder).as_posix())
    return archive


def test_fine_tune_then_ask_monkey_or_human(page, server_url, shared_datasets, tmp_path) -> None:
    archive = _zip(photo_folder(shared_datasets, tmp_path / "photos", 10), tmp_path / "mvh.zip")
    open_app_page(page, server_url, "transfer")
    page.locator("[data-testid='stFileUploaderDropzoneInput']").first.set_input_files(str(archive))
    wait_idle(page)
    name = widget(page, "stTextInput", "Photo set name").locator("input")
    name.fill("monkey-or-human")
    name.press("Enter")
    wait_idle(page)
    click_button(page, "Import the photos")
    expect(page.get_by_text("Imported monkey-or-human: 20 photos in 2 classes")).to_be_visible()
    expect(page.get_by_text("20 photos: 10 human, 10 monkey")).to_be_visible()
    expect_metric(page, "Trainable parameters", "2,562")  # the new head alone

    set_number(page, "Epochs", 2)
    click_button(page, "Start fine-tuning")
    saved = page.get_by_text("Saved the fine-tuned model", exact=False)
    expect(saved).to_be_visible(timeout=240_000)
    wait_idle(page)
    expect_no_exception(page)
    log = page.locator("[data-testid='stCode']").filter(has_text="Iter: 2 >> T_loss").first
    expect(log).to_be_visible()
    screenshot(page, "transfer_finetuned")

    page.get_by_role("link", name="Test a photo").first.click()
    wait_idle(page)
    expect(page.get_by_role("heading", name="Test a photo")).to_be_visible()
    model = widget(page, "stSelectbox", "Model")
    expect(model.get_by_role("combobox")).to_have_value(re.compile(r"human, monkey"))
    photo = held_out(shared_datasets, "monkey")
    page.locator("[data-testid='stFileUploaderDropzoneInput']").first.set_input_files(str(photo))
    wait_idle(page)
    expect_no_exception(page)
    answer = page.get_by_role("heading", name=re.compile(rf"{photo.name}: (monkey|human) \("))
    expect(answer).to_be_visible(timeout=60_000)
    charts = page.locator("[data-testid='stPlotlyChart']")
    expect(charts).to_have_count(2)  # the top-k bars and the Grad-CAM heatmap
    expect(page.get_by_text("Where the evidence for", exact=False).first).to_be_visible()
    expect(page.get_by_text("Teaching point: shortcuts", exact=False)).to_be_visible()
    expect(page.get_by_text("shape (1, 3, 224, 224)", exact=False)).to_be_visible()
    # "Neither": the verdict, and the five closest training photos with their labels.
    verdict = page.get_by_text(re.compile(r"^(Like the training photos|Neither)"))
    expect(verdict.first).to_be_visible()
    expect(page.get_by_text("The 5 closest training photos", exact=False)).to_be_visible()
    expect(page.get_by_text(re.compile(r"^(human|monkey) · distance"))).to_have_count(5)
    screenshot(page, "test_photo_monkey")

    coffee = ASSETS_DIR / "samples" / "coffee.jpg"
    page.locator("[data-testid='stFileUploaderDropzoneInput']").first.set_input_files(str(coffee))
    wait_idle(page)
    choose(page, "Explain the photo", "coffee.jpg")
    wait_idle(page)
    expect_no_exception(page)
    expect(page.get_by_role("heading", name="coffee.jpg: neither")).to_be_visible()
    expect(page.get_by_text("Neither.", exact=False).first).to_be_visible()
    page.get_by_text("Why do the probabilities still add up to 100%?").click()
    # The expander's explanation (the table of photos has an "unknown score" column too).
    expect(page.get_by_text("asks another question", exact=False).first).to_be_visible()
    screenshot(page, "test_photo_neither")


@pytest.mark.slow  # trains the whole network twice (partial and full) on a shared CPU
def test_strategy_race(page, server_url, shared_datasets, tmp_path) -> None:
    folder = photo_folder(shared_datasets, tmp_path / "race", 10)
    open_app_page(page, server_url, "transfer")
    choose(page, "Photo set", "A folder on this computer")
    field = widget(page, "stTextInput", "Folder of class subfolders").locator("input")
    field.fill(str(folder))
    field.press("Enter")
    wait_idle(page)
    page.get_by_role("tab", name="Strategy race").click()
    set_number(page, "Epochs per run", 1)
    set_number(page, "Photos used (validation included)", 20)
    page.locator(".st-key-transfer_race_start button").click()
    wait_idle(page)
    done = page.get_by_text(re.compile(r"full fine-tuning\W+finished"))
    expect(done).to_be_visible(timeout=500_000)
    for label in ("head (feature extraction)", "last 2 blocks"):
        expect(page.get_by_text(re.compile(rf"{re.escape(label)}\W+finished"))).to_be_visible()
    expect_no_exception(page)
    screenshot(page, "transfer_strategy_race")
