"""A lab installed where the course's photos are not (CNNLAB_COURSE_PHOTOS names no folder):
a student makes a two-class photo set on the Transfer page from the camera (Chromium's fake
camera) and picture files, fine-tunes, and Test a photo answers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.e2e.conftest import (
    CHROMIUM,
    CHROMIUM_FLAGS,
    expect_no_exception,
    start_server,
    stop_server,
    wait_idle,
)
from tests.e2e.streamlit_ui import click_button, set_number, widget

FAKE_CAMERA = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]
CAMERA_PLAYING = """() => {
    const video = document.querySelector("[data-testid='stCameraInput'] video");
    return Boolean(video && video.readyState >= 2 && video.videoWidth > 0);
}"""


@pytest.fixture(scope="module")
def bare_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("bare-home")
    env = {"CNNLAB_COURSE_PHOTOS": str(home / "no-course-photos")}
    process, url = start_server(home, home / "server.log", env)
    try:
        yield url
    finally:
        stop_server(process)


def _pictures(folder: Path, colour: tuple[int, int, int], count: int) -> list[str]:
    """`count` noisy pictures of one colour: two colours are two easy classes."""
    folder.mkdir(parents=True)
    rng = np.random.default_rng(sum(colour))
    paths = []
    for index in range(count):
        noise = rng.integers(-40, 40, (64, 64, 3))
        pixels = np.clip(np.array(colour) + noise, 0, 255).astype("uint8")
        path = folder / f"{index:02d}.png"
        Image.fromarray(pixels).save(path)
        paths.append(str(path))
    return paths


def test_a_photo_set_from_the_camera_and_files_fine_tunes(browser, bare_url, tmp_path) -> None:
    reds = _pictures(tmp_path / "red", (200, 40, 40), 11)
    blues = _pictures(tmp_path / "blue", (40, 60, 200), 10)
    # A browser of its own, with a camera (the worker's Playwright launches it: one per thread).
    camera_browser = browser.browser_type.launch(
        executable_path=CHROMIUM, args=[*CHROMIUM_FLAGS, *FAKE_CAMERA]
    )
    context = camera_browser.new_context(
        viewport={"width": 1400, "height": 1000}, permissions=["camera"], locale="en-US"
    )
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(f"{bare_url}/transfer")
        wait_idle(page)
        expect(page.get_by_role("heading", name="Transfer learning").first).to_be_visible()
        page.get_by_text("Make a photo set with the camera or picture files").click()
        classes = widget(page, "stTextInput", "Classes, separated by commas").locator("input")
        classes.fill("red, blue")
        classes.press("Enter")
        wait_idle(page)
        # One photo from the camera into "red" (the first class is chosen), once the fake
        # camera's picture is playing (a click before that took nothing, under CI's load).
        page.wait_for_function(CAMERA_PLAYING, polling=100)
        page.get_by_role("button", name="Take Photo").click()
        expect(page.get_by_text("red: 1 photo · blue: 0 photos")).to_be_visible()
        expect(page.get_by_text("Need at least 10 photos in each class")).to_be_visible()
        wait_idle(page)  # the picture's rerun drew a fresh uploader: add files to that one
        adder = page.locator(".stExpander [data-testid='stFileUploaderDropzoneInput']")
        adder.last.set_input_files(reds[:10])
        expect(page.get_by_text("red: 11 photos · blue: 0 photos")).to_be_visible()
        wait_idle(page)
        page.get_by_role("radiogroup").get_by_text("blue").click()
        wait_idle(page)
        adder.last.set_input_files(blues)
        expect(page.get_by_text("red: 11 photos · blue: 10 photos")).to_be_visible()
        name = widget(page, "stTextInput", "Name of the new photo set").locator("input")
        name.fill("colours")
        name.press("Enter")
        wait_idle(page)
        click_button(page, "Make the photo set")
        expect(page.get_by_text("Made the photo set colours")).to_be_visible()
        expect(page.get_by_text("21 photos: 10 blue, 11 red")).to_be_visible()  # sorted
        set_number(page, "Epochs", 2)
        click_button(page, "Start fine-tuning")
        saved = page.get_by_text("Saved the fine-tuned model", exact=False)
        expect(saved).to_be_visible(timeout=240_000)
        expect_no_exception(page)

        page.get_by_role("link", name="Test a photo").first.click()
        wait_idle(page)
        upload = page.locator("[data-testid='stFileUploaderDropzoneInput']").first
        upload.set_input_files(reds[10])
        # Noise pictures may look like no training photo: "neither" is an answer too.
        answer = page.get_by_role("heading", name=re.compile(r"10\.png: (red|blue|neither)"))
        expect(answer).to_be_visible(timeout=60_000)
        expect(page.locator("[data-testid='stPlotlyChart']").first).to_be_visible()  # top-k
        expect_no_exception(page)
    finally:
        camera_browser.close()
