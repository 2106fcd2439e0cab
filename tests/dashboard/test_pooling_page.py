"""The pooling page headless: the course example, max vs average, padding rules, presets."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from dashboard.keys import PoolKeys as K
from tests.dashboard.apptest import open_page


def _formula(at) -> str:
    lines = [m.value for m in at.markdown if m.value.startswith("**out[")]
    assert len(lines) == 1, lines
    return lines[0]


def _next(at) -> None:
    next(b for b in at.button if "Next" in b.label).click().run()


def test_course_example_gives_2_3_4_2() -> None:
    at = open_page("pooling.py")
    assert not at.exception
    results = []
    for _ in range(3):
        results.append(_formula(at).rsplit("**", 2)[-2])
        _next(at)
    results.append(_formula(at).rsplit("**", 2)[-2])
    assert results == ["2", "3", "4", "2"]
    assert _formula(at) == "**out[1, 1]** = max(1, 2, 0, 1) = **2**"
    assert next(b for b in at.button if "Next" in b.label).disabled  # the last window


def test_average_and_padding_match_torch() -> None:
    at = open_page("pooling.py")
    at.button_group(key=K.MODE).set_value("avg").run()
    at.slider(key=K.PADDING).set_value(1).run()
    assert not at.exception
    x = torch.from_numpy(at.session_state[K.INPUT])[None, None]
    expected = F.avg_pool2d(x, 2, 2, 1, count_include_pad=True)[0, 0]
    # Hand-checked too: the corner window is (0 + 0 + 0 + 1) / 4 = 0.25.
    assert _formula(at) == "**out[0, 0]** = (0 + 0 + 0 + 1) / 4 = **0.25**"
    assert float(expected[0, 0]) == 0.25
    _next(at)
    assert _formula(at).endswith(f"**{float(expected[0, 1]):g}**")


def test_too_much_padding_is_explained() -> None:
    at = open_page("pooling.py")
    at.slider(key=K.PADDING).set_value(2).run()
    assert not at.exception
    assert any("at most half" in w.value for w in at.warning)


def test_overlapping_alexnet_preset_and_photo() -> None:
    at = open_page("pooling.py")
    next(b for b in at.button if "AlexNet" in b.label).click().run()
    assert not at.exception
    x = torch.from_numpy(at.session_state[K.INPUT])[None, None]
    expected = F.max_pool2d(x, 3, 2)[0, 0]
    assert expected.shape == (3, 3)
    assert _formula(at).endswith(f"= **{float(expected[0, 0]):g}**")
    assert any("Step 1 of 9" in m.value for m in at.markdown)
    assert any("windows overlap" in c.value for c in at.caption)
    for name in ["Box blur", "Emboss"]:
        at.selectbox(key=K.PHOTO_KERNEL).set_value(name).run()
        assert not at.exception, name
    assert any("after max pooling" in m.value for m in at.markdown)
