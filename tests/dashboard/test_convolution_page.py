"""The convolution page headless: the course example, the controls, and numbers against torch."""

from __future__ import annotations

import re

import numpy as np
import torch
import torch.nn.functional as F

from core.convlab.kernels import KERNELS, load_gray, sample_photos
from dashboard.convlab.figures import fmt
from dashboard.keys import ConvKeys as K
from tests.dashboard.apptest import open_page


def _formula(at) -> str:
    lines = [m.value for m in at.markdown if m.value.startswith("**out[")]
    assert len(lines) == 1, lines
    return lines[0]


def _total(formula: str) -> float:
    return float(re.search(r"= \*\*(-?[\d.]+)\*\*$", formula).group(1))


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


def test_course_example_then_next() -> None:
    at = open_page("convolution.py")
    assert not at.exception
    assert _formula(at).endswith("+ bias 0 = **4**")
    assert any("= **3**" in m.value and m.value.startswith("Output size") for m in at.markdown)
    _button(at, "Next").click().run()
    assert _formula(at).startswith("**out[0, 1]**") and _formula(at).endswith("= **3**")
    _button(at, "Previous").click().run()
    assert _formula(at).startswith("**out[0, 0]**")


def test_every_setting_shows_torchs_numbers() -> None:
    at = open_page("convolution.py")
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
        expected = _torch_map(at)
        step = at.session_state[K.INDEX]
        f, r, c = np.unravel_index(step, expected.shape)
        assert np.isclose(_total(_formula(at)), expected[f, r, c], atol=0.01), name
        _button(at, "Next").click().run()
        f, r, c = np.unravel_index(step + 1, expected.shape)
        assert np.isclose(_total(_formula(at)), expected[f, r, c], atol=0.01), name


def test_rgb_preset_sums_channels() -> None:
    at = open_page("convolution.py")
    _button(at, "RGB input").click().run()
    text = _formula(at)
    assert re.match(r"\*\*out\[0, 0, 0\]\*\* = R: .* \+ G: .* \+ B: .* \+ bias 1 = ", text), text
    assert np.isclose(_total(text), _torch_map(at)[0, 0, 0], atol=0.01)
    channel_lines = [c.value for c in at.caption if re.match(r"^[RGB]: \(", c.value)]
    assert len(channel_lines) == 3


def test_settings_with_no_output_are_explained() -> None:
    at = open_page("convolution.py")
    at.slider(key=K.KERNEL_SIZE).set_value(5).run()
    at.slider(key=K.DILATION).set_value(3).run()
    assert not at.exception
    assert any("No output" in w.value for w in at.warning)
    assert not [m for m in at.markdown if m.value.startswith("**out[")]


def test_photo_kernels_relu_and_why_panel() -> None:
    at = open_page("convolution.py")
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
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Conv2D Param #"] == "320"  # (3·3·1 + 1)·32
    assert metrics["Dense Param # (same output size)"] == "19,694,080"  # (784 + 1)·25,088
