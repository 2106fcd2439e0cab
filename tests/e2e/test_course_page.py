"""Every course exercise, set up from its card in the real browser: its page opens with the
document's settings and no error."""

import re

import pytest
from playwright.sync_api import expect

from core.course.exercises import EXERCISES
from core.paths import ASSETS_DIR
from dashboard.navigation import PAGES
from tests.e2e.conftest import open_app_page, screenshot, wait_idle
from tests.e2e.streamlit_ui import click_button, widget

TITLES = {info.id: info.title for info in PAGES}
# One card for each page an exercise opens, in the default run, and those with checks of
# their own; every card opens its page under AppTest (tests/dashboard/test_course_page.py)
# and in Chromium with `-m slow` (about 2 s of browser time each).
IN_DEFAULT_RUN = {
    "004-convolution",
    "004-max-pooling",
    "004-mnist-32-64",
    "000-augmentation",
    "000-resnet18-transfer",
    "001-imagenet-top3",
    "001-mobilenet-v2",
}
CARDS = [
    pytest.param(item, id=item.id, marks=() if item.id in IN_DEFAULT_RUN else pytest.mark.slow)
    for item in EXERCISES
]


def test_every_page_an_exercise_opens_has_a_card_in_the_default_run() -> None:
    assert {item.page for item in EXERCISES if item.id in IN_DEFAULT_RUN} == {
        item.page for item in EXERCISES
    }


@pytest.mark.parametrize("item", CARDS)
def test_each_exercise_opens_its_page(shared_page, server_url: str, item) -> None:
    page = shared_page
    open_app_page(page, server_url, "course")
    page.locator(f"[class*='st-key-course'][class*='{item.id}'] button").first.click()
    # The exercise's page, by its address (a course heading may hold its title), then its title.
    expect(page).to_have_url(re.compile(rf"/{item.page}(\?|$)"), timeout=90_000)
    wait_idle(page)
    heading = page.get_by_role("heading", name=TITLES[item.page]).first
    expect(heading).to_be_visible(timeout=90_000)
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    if item.id == "004-mnist-32-64":
        batch = page.locator("[data-testid='stNumberInput']").filter(has_text="Batch size")
        expect(batch.locator("input")).to_have_value("200")
        # 004 fits every training image (300/300) on raw pixels (004:250).
        share = widget(page, "stSlider", "Validation share").get_by_role("slider")
        expect(share).to_have_value("0")
        scaling = widget(page, "stSelectbox", "Input scaling").get_by_role("combobox")
        expect(scaling).to_have_value(re.compile("^raw pixels"))
        screenshot(page, "course_mnist_32_64_on_train")
    if item.id == "001-imagenet-top3":
        upload = page.locator("[data-testid='stFileUploaderDropzoneInput']").first
        upload.set_input_files(str(ASSETS_DIR / "samples" / "cat.jpg"))
        # 001 prints decode_predictions(prediction, top=3)[0]: (WordNet id, class, probability)
        printed = page.locator("[data-testid='stCode']").filter(has_text=re.compile(r"\('n0\d+'"))
        expect(printed).to_be_visible(timeout=90_000)
        expect(printed).to_contain_text(re.compile(r"n0212(3045|4075|3159)"))  # a cat
        screenshot(page, "course_imagenet_top3")


@pytest.mark.slow  # a run trained in the browser; AppTest puts a run beside the figure
def test_a_run_of_an_exercise_is_put_beside_the_documents_figure(page, server_url: str) -> None:
    open_app_page(page, server_url, "course")
    page.locator("[class*='st-key-course'][class*='004-mnist-1-filter'] button").first.click()
    expect(page.get_by_role("heading", name=TITLES["training"]).first).to_be_visible()
    # The document's model, optimizer and batch size; fewer images and one epoch, to be quick.
    widget(page, "stSlider", "Training images").get_by_role("slider").press("Home")
    wait_idle(page)
    epochs = widget(page, "stNumberInput", "Epochs").locator("input")
    epochs.fill("1")
    epochs.press("Tab")
    wait_idle(page)
    click_button(page, "Start training")
    # The progress line of the run: "<name>: finished, epoch 1 of 1".
    finished = page.get_by_text(re.compile(r": finished, epoch 1 of 1")).first
    expect(finished).to_be_visible(timeout=180_000)
    open_app_page(page, server_url, "course")
    beside = page.get_by_text(
        re.compile(r"Ours \(.*1 epoch\).*· the document's test accuracy: 0\.9488")
    )
    expect(beside).to_be_visible(timeout=30_000)
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    screenshot(page, "course_result_beside_the_document")
