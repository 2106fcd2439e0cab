"""The convolution page headless: the course example, the controls, and every step's number
against torch, read from the animated figure the page sends."""

from __future__ import annotations

import json
import re

import numpy as np
import torch
import torch.nn.functional as F

from core.convlab.kernels import KERNELS, load_gray, sample_photos
from dashboard.figure_style import fmt
from dashboard.keys import ConvKeys as K
from dashboard.keys import PoolKeys
from tests.dashboard.apptest import open_page
from tests.dashboard.convlab.frames import formula_total, step_text, stepper_figure


def _button(at, label: str):
    return next(b for b in at.button if label in b.label)


def _torch_map(at) -> np.ndarray:
    """The feature maps PyTorch computes from what the page holds in session state."""
    s = at.session_state
    out = F.conv2d(
        torch.from_numpy(s[K.INPUT])[None],
        torch.from_numpy(s[K.KERNELS]),
        torch.full((s[K.KERNELS].shape[0],), float(s[K.BIAS]), dtype=torch.float64),
        stride=s[K.STRIDE],
        padding=s[K.PADDING],
        dilation=s[K.DILATION],
    )
    return out[0].numpy()


def test_course_example_every_step_in_one_figure() -> None:
    at = open_page("convolution")
    assert not at.exception
    assert any("= **3**" in m.value and m.value.startswith("Output size") for m in at.markdown)
    frames = stepper_figure(at)["frames"]
    assert len(frames) == 9
    assert step_text(frames[0]).startswith("Step 1 of 9 out[0, 0] = (1×1) + (1×0) + (1×1) +")
    assert [formula_total(f) for f in frames] == [4, 3, 4, 2, 4, 3, 2, 3, 4]


def test_every_setting_shows_torchs_numbers() -> None:
    at = open_page("convolution")
    at.number_input(key=K.BIAS).set_value(1.5)
    for name, value in [
        ("Stride s", 2),
        ("Padding p", 2),
        ("Dilation d", 2),
        ("Filters", 2),
        ("Input size n", 7),
    ]:  # each setting adds to the ones before it
        next(s for s in at.slider if s.label == name).set_value(value).run()
        assert not at.exception
        totals = [formula_total(f) for f in stepper_figure(at)["frames"]]
        np.testing.assert_allclose(totals, _torch_map(at).ravel(), atol=0.006, err_msg=name)


def test_a_clicked_cell_is_where_the_figure_starts() -> None:
    at = open_page("convolution")
    at.session_state[K.INDEX] = 5  # what a click on out[1, 2] sets
    at.run()
    figure = stepper_figure(at)
    assert figure["layout"]["sliders"][0]["active"] == 5
    assert step_text({"layout": figure["layout"]}).startswith("Step 6 of 9 out[1, 2] =")
    next(s for s in at.slider if s.label == "Input size n").set_value(4).run()
    assert stepper_figure(at)["layout"]["sliders"][0]["active"] == 3  # 4 steps left: the last


def test_a_typed_step_is_where_the_figure_starts() -> None:
    """The keyboard's way: the figure's own buttons take a mouse or a finger."""
    at = open_page("convolution")
    box = next(n for n in at.number_input if n.label == "Go to step")
    assert (box.value, box.min, box.max) == (1, 1, 9)
    box.set_value(6).run()
    figure = stepper_figure(at)
    assert figure["layout"]["sliders"][0]["active"] == 5
    assert step_text({"layout": figure["layout"]}).startswith("Step 6 of 9 out[1, 2] =")
    # The same arithmetic as text, for a screen reader (the figure's is SVG).
    spoken = [t.value for t in at.text]
    assert [step_text({"layout": figure["layout"]})] == [s.strip() for s in spoken]
    at.session_state[K.INDEX] = 2  # a click on a cell: the box follows
    at.run()
    assert next(n for n in at.number_input if n.label == "Go to step").value == 3


def test_rgb_preset_sums_channels() -> None:
    at = open_page("convolution")
    _button(at, "RGB input").click().run()
    frame = stepper_figure(at)["frames"][0]
    text = step_text(frame)
    assert re.match(r"Step 1 of 50 out\[0, 0, 0\] = R: .* \+ G: .* \+ B: .* \+ bias 1 = ", text)
    assert np.isclose(formula_total(frame), _torch_map(at)[0, 0, 0], atol=0.01)
    assert len(re.findall(r"[RGB]: \(", text)) == 3  # each channel's products written out


def test_settings_with_no_output_are_explained() -> None:
    at = open_page("convolution")
    at.slider(key=K.KERNEL_SIZE).set_value(5).run()
    at.slider(key=K.DILATION).set_value(3).run()
    assert not at.exception
    assert any("No output" in w.value for w in at.warning)
    assert not any(json.loads(c.proto.spec).get("frames") for c in at.get("plotly_chart"))


def test_photo_kernels_relu_and_why_panel() -> None:
    at = open_page("convolution")
    assert not at.get("image") and not at.metric  # only the open tab is drawn
    at.session_state[K.TAB] = "On a photo"
    at.run()
    for name in ["Identity", "Laplacian", "Custom"]:
        at.selectbox(key=K.PHOTO_KERNEL).set_value(name).run()
        assert not at.exception, name
    at.selectbox(key=K.PHOTO_KERNEL).set_value("Sobel x").run()
    at.toggle(key=K.RELU).set_value(True).run()
    assert not at.exception
    # The min and max written under the feature map are PyTorch's, for the default photo.
    photo = torch.from_numpy(load_gray(next(iter(sample_photos().values()))))[None, None]
    weights = torch.from_numpy(KERNELS["Sobel x"].array())[None, None]
    expected = F.relu(F.conv2d(photo, weights, padding=1))
    caption = next(c.value for c in at.caption if "ReLU on" in c.value)
    assert f"min 0, max {fmt(float(expected.max()))} " in caption
    at.session_state[K.TAB] = "Why convolution"
    at.run()
    assert not at.get("image")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Conv2D Param #"] == "320"  # (3·3·1 + 1)·32
    assert metrics["Dense Param # (same output size)"] == "19,694,080"  # (784 + 1)·25,088


def test_the_photo_panel_sends_its_pngs_as_made() -> None:
    """Convolution's and Pooling's photos and maps arrive lossless, not re-encoded as JPEG
    on every run (Streamlit's "auto" for a picture without alpha): the pixels a student
    compares are the computed ones."""
    for page, tab, images in (("convolution", K.TAB, 2), ("pooling", PoolKeys.TAB, 3)):
        at = open_page(page)
        at.session_state[tab] = "On a photo"
        at.run()
        urls = [one.url for image in at.get("image") for one in image.proto.imgs]
        assert len(urls) == images and all(url.endswith(".png") for url in urls), urls
