"""The builder in a real browser: build the course's CIFAR-10 CNN from scratch, break it,
export it and load a spec back."""

import json
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from core.model.presets import get_preset
from tests.e2e.conftest import expect_no_exception, open_app_page, screenshot, wait_idle
from tests.e2e.streamlit_ui import (
    choose,
    click_button,
    click_key,
    expect_metric,
    metric_value,
    set_number,
)


def _add(page, layer_type: str, **settings) -> None:
    choose(page, "Layer type", layer_type)
    for label, value in settings.items():
        if label in ("Padding (p)", "Activation"):
            choose(page, label, str(value))
        else:
            set_number(page, label, value)
    click_button(page, "Add layer")
    expect_no_exception(page)


def test_build_a_small_cnn_from_scratch(page, server_url: str) -> None:
    """The default run's quick version: clear, then three layers through the add form."""
    open_app_page(page, server_url, "builder")
    click_button(page, "Clear")
    _add(page, "Conv2D", **{"Filters": 8, "Kernel size (k)": 3})  # (3*3*1+1)*8 = 80
    _add(page, "Flatten")
    _add(page, "Dense", **{"Units": 10, "Activation": "softmax"})  # (6272+1)*10 = 62,730
    expect_metric(page, "Total params", "62,810")


@pytest.mark.slow
def test_build_the_cifar10_cnn_from_scratch(page, server_url: str) -> None:
    open_app_page(page, server_url, "builder")
    assert metric_value(page, "Total params") == "3,199,106"  # opens on the MNIST CNN
    started = time.monotonic()
    choose(page, "Input (follows the dataset)", "CIFAR-10")
    click_button(page, "Clear")
    _add(page, "Conv2D", **{"Filters": 32, "Kernel size (k)": 5})  # same + relu by default
    _add(page, "MaxPooling2D")
    _add(page, "Conv2D", **{"Kernel size (k)": 5})
    _add(page, "MaxPooling2D")
    _add(page, "Conv2D", **{"Filters": 64, "Kernel size (k)": 5})
    _add(page, "MaxPooling2D")
    _add(page, "Flatten")
    _add(page, "Dense", Units=64)
    _add(page, "Dense", **{"Units": 10, "Activation": "softmax"})
    seconds = time.monotonic() - started
    expect_metric(page, "Total params", "145,578")  # 004's printed summary
    expect(page.locator("[data-testid='stDataFrame']").first).to_be_visible()
    screenshot(page, "builder_cifar10")
    print(f"built the CIFAR-10 CNN in the browser in {seconds:.1f} s (scripted clicks)")


def test_invalid_architecture_names_the_layer(page, server_url: str) -> None:
    open_app_page(page, server_url, "builder")
    click_key(page, "builder_del_4")  # remove Flatten
    alert = page.locator("[data-testid='stAlert']").filter(has_text="does not fit").first
    text = alert.inner_text()
    assert "Layer 5 (Dense)" in text and "add a Flatten layer" in text
    expect_no_exception(page)
    screenshot(page, "builder_error")


def test_predict_then_check(page, server_url: str) -> None:
    open_app_page(page, server_url, "builder")
    page.get_by_text("Predict, then check", exact=True).click()
    shape = page.get_by_label("Output Shape", exact=True)
    shape.fill("N, 32, 28, 28")
    set_number(page, "Param #", 832)
    click_button(page, "Check")
    # The check reruns the page twice (submit, then reveal): wait for the verdict.
    verdict = page.get_by_text("Output Shape right", exact=False).first
    expect(verdict).to_be_visible(timeout=30_000)
    assert "832" in verdict.inner_text()
    screenshot(page, "builder_quiz")


def test_export_and_load_specs(page, server_url: str, tmp_path: Path) -> None:
    open_app_page(page, server_url, "builder")
    page.get_by_role("tab", name="Diagram").click()
    expect(page.locator("[data-testid='stPlotlyChart']")).to_have_count(1)
    page.get_by_role("tab", name="Export").click()
    expect(page.locator("[data-testid='stCode']").first).to_contain_text("class CNN(nn.Module)")
    bad = tmp_path / "bad.json"
    bad.write_text('{"input_shape": [1, 28, 28], "layers": [{"type": "evil"}]}')
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(bad))
    alert = page.locator("[data-testid='stAlert']").filter(has_text="was not loaded").first
    alert.wait_for()
    assert "Unknown layer type 'evil'" in alert.inner_text()
    hostile = tmp_path / "hostile.json"
    spec = get_preset("mnist_fast").to_json()
    spec["layers"][0]["params"]["__import__"] = "os"
    hostile.write_text(json.dumps(spec))
    wait_idle(page)
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(hostile))
    alert = page.locator("[data-testid='stAlert']").filter(has_text="hostile.json").first
    alert.wait_for()
    # Shown as written (not Markdown's bold "import"), and only the parameters one may set.
    assert "has no parameter '__import__'. Valid: trainable, block, filters" in alert.inner_text()
    assert "keras_name" not in alert.inner_text()
    page.get_by_role("tab", name="Summary").click()  # only the open tab is drawn
    expect_metric(page, "Total params", "3,199,106")  # nothing was lost
    good = tmp_path / "resnet.json"
    good.write_text(json.dumps(get_preset("resnet18").to_json()))
    page.get_by_role("tab", name="Export").click()
    wait_idle(page)
    # In hostile.json's place: the run that clears hostile.json's message must not make the
    # uploader anew while this file is on its way (dashboard/flash.py).
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(good))
    # The Summary tab opens on the loaded model's numbers (the one-shot "Loaded resnet.json"
    # message may already be gone when a busy machine gets to look): torchvision's
    # 11,689,512 weights + 9,600 BatchNorm statistics, as Keras counts them
    expect_metric(page, "Total params", "11,699,112", timeout=60_000)
    expect_metric(page, "Trainable params", "11,689,512")
    expect_no_exception(page)
    screenshot(page, "builder_export")


_MARK = "() => { document.querySelector(\"[data-testid='stFileUploader']\").marked = true; }"
_MARKED = "() => document.querySelector(\"[data-testid='stFileUploader']\")?.marked === true"


def test_a_message_leaves_the_uploader_in_place(page, server_url: str, tmp_path: Path) -> None:
    """The run after a one-shot message keeps the uploader below it: made anew, it dropped a
    file that was being uploaded at that moment (the next file, replacing the last)."""
    open_app_page(page, server_url, "builder")
    page.get_by_role("tab", name="Export").click()
    bad = tmp_path / "bad.json"
    bad.write_text('{"input_shape": [1, 28, 28], "layers": [{"type": "evil"}]}')
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(bad))
    page.locator("[data-testid='stAlert']").filter(has_text="was not loaded").first.wait_for()
    wait_idle(page)
    page.evaluate(_MARK)
    page.get_by_text("Predict, then check").click()  # a run without the message
    wait_idle(page)
    expect(page.locator("[data-testid='stAlert']").filter(has_text="was not loaded")).to_have_count(
        0
    )
    assert page.evaluate(_MARKED), "the uploader was made anew"


def test_click_a_row_to_see_its_arithmetic(page, server_url: str) -> None:
    open_app_page(page, server_url, "builder")
    table = page.locator("[data-testid='stDataFrame']").first.bounding_box()
    page.mouse.click(table["x"] + 8, table["y"] + 35 * 3 + 17)  # below the header and 2 rows
    wait_idle(page)
    info = page.locator("[data-testid='stAlert']").filter(has_text="receives").first
    text = info.inner_text()
    assert "conv2d_1 (Conv2D, nn.Conv2d)" in text
    assert "(5*5*32 + 1) * 64 = 51,264" in text
    assert "floor((14 + 2*2 - 5) / 1) + 1 = 14" in text


def test_click_anywhere_on_a_row(page, server_url: str) -> None:
    open_app_page(page, server_url, "builder")
    table = page.locator("[data-testid='stDataFrame']").first.bounding_box()
    # The middle of the table, not the row's checkbox: the third row (the first Conv2D's
    # pooling, maxpool2d), below the header.
    page.mouse.click(table["x"] + table["width"] / 2, table["y"] + 35 * 2 + 17)
    wait_idle(page)
    info = page.locator("[data-testid='stAlert']").filter(has_text="receives").first
    expect(info).to_contain_text("(MaxPooling2D, nn.MaxPool2d)")


def test_clear_empties_the_course_model_box(page, server_url: str) -> None:
    open_app_page(page, server_url, "builder")
    page.get_by_role("button", name="Clear").click()
    wait_idle(page)
    box = page.locator("[data-testid='stSelectbox']").filter(has_text="Course model")
    combobox = box.get_by_role("combobox")
    expect(combobox).to_have_value("")  # names no model (it named the old preset)
    expect(combobox).to_have_attribute("placeholder", "Choose a course model to load")
    expect(page.get_by_role("button", name="Load preset")).to_be_disabled()
    expect_no_exception(page)
