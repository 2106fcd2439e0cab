"""The pooling page headless: the course example, max vs average, padding rules, presets, read
from the animated figure the page sends."""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

from dashboard.keys import PoolKeys as K
from tests.dashboard.apptest import open_page
from tests.dashboard.convlab.frames import formula_total, step_text, stepper_figure


def _formulas(at) -> list[str]:
    """Each frame's formula, without "Step i of n"."""
    return [step_text(f).split(" ", 4)[4] for f in stepper_figure(at)["frames"]]


def test_course_example_gives_2_3_4_2() -> None:
    at = open_page("pooling")
    assert not at.exception
    assert _formulas(at) == [
        "out[0, 0] = max(1, 2, 0, 1) = 2",
        "out[0, 1] = max(1, 0, 2, 3) = 3",
        "out[1, 0] = max(3, 0, 2, 4) = 4",
        "out[1, 1] = max(1, 2, 0, 1) = 2",
    ]
    assert any("green square" in c.value for c in at.caption)


def test_average_and_padding_match_torch() -> None:
    at = open_page("pooling")
    at.button_group(key=K.MODE).set_value("avg").run()
    at.slider(key=K.PADDING).set_value(1).run()
    assert not at.exception
    x = torch.from_numpy(at.session_state[K.INPUT])[None, None]
    expected = F.avg_pool2d(x, 2, 2, 1, count_include_pad=True)[0, 0]
    # Hand-checked too: the corner window is (0 + 0 + 0 + 1) / 4 = 0.25.
    assert _formulas(at)[0] == "out[0, 0] = (0 + 0 + 0 + 1) / 4 = 0.25"
    totals = [formula_total(f) for f in stepper_figure(at)["frames"]]
    np.testing.assert_allclose(totals, expected.numpy().ravel(), atol=0.006)
    assert any("padding zeros included" in c.value for c in at.caption)


def test_too_much_padding_is_explained() -> None:
    at = open_page("pooling")
    at.slider(key=K.PADDING).set_value(2).run()
    assert not at.exception
    assert any("at most half" in w.value for w in at.warning)


def test_overlapping_alexnet_preset_and_photo() -> None:
    at = open_page("pooling")
    next(b for b in at.button if "AlexNet" in b.label).click().run()
    assert not at.exception
    x = torch.from_numpy(at.session_state[K.INPUT])[None, None]
    expected = F.max_pool2d(x, 3, 2)[0, 0]
    assert expected.shape == (3, 3)
    frames = stepper_figure(at)["frames"]
    assert [formula_total(f) for f in frames] == expected.numpy().ravel().tolist()
    assert step_text(frames[0]).startswith("Step 1 of 9")
    assert any("windows overlap" in c.value for c in at.caption)
    assert not at.get("image")  # only the open tab is drawn
    at.session_state[K.TAB] = "On a photo"
    at.run()
    for name in ["Box blur", "Emboss"]:
        at.selectbox(key=K.PHOTO_KERNEL).set_value(name).run()
        assert not at.exception, name
    assert any("after max pooling" in m.value for m in at.markdown)
