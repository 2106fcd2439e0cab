"""Every course exercise, set up from its card in the real browser: its page opens with the
document's settings and no error."""

import re

import pytest
from playwright.sync_api import expect

from core.course.exercises import EXERCISES
from core.paths import ASSETS_DIR
from dashboard.navigation import PAGES
from tests.e2e.conftest import open_app_page, screenshot

TITLES = {info.file: info.title for info in PAGES}


@pytest.mark.parametrize("item", EXERCISES, ids=lambda item: item.id)
def test_each_exercise_opens_its_page(page, server_url: str, item) -> None:
    open_app_page(page, server_url, "course")
    page.locator(f"[class*='st-key-course'][class*='{item.id}'] button").first.click()
    heading = page.get_by_role("heading", name=TITLES[item.page]).first
    expect(heading).to_be_visible(timeout=90_000)
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    if item.id == "004-mnist-32-64":
        batch = page.locator("[data-testid='stNumberInput']").filter(has_text="Batch size")
        expect(batch.locator("input")).to_have_value("200")
        screenshot(page, "course_mnist_32_64_on_train")
    if item.id == "001-imagenet-top3":
        upload = page.locator("[data-testid='stFileUploaderDropzoneInput']").first
        upload.set_input_files(str(ASSETS_DIR / "samples" / "cat.jpg"))
        # 001 prints decode_predictions(prediction, top=3)[0]: (WordNet id, class, probability)
        printed = page.locator("[data-testid='stCode']").filter(has_text=re.compile(r"\('n0\d+'"))
        expect(printed).to_be_visible(timeout=90_000)
        expect(printed).to_contain_text(re.compile(r"n0212(3045|4075|3159)"))  # a cat
        screenshot(page, "course_imagenet_top3")
