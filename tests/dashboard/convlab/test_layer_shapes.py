"""A real image through one layer (003:106): the page's shapes and Param # are PyTorch's."""

from __future__ import annotations

import re

import torch

from dashboard.convlab.layer_shapes import shape_lines
from dashboard.keys import ConvKeys as K
from tests.dashboard.apptest import open_page


def _torch(n: int, c: int, k: int, s: int, p: int, f: int) -> tuple[list[int], int]:
    layer = torch.nn.Conv2d(c, f, k, stride=s, padding=p)
    out = layer(torch.zeros(1, c, n, n))
    return list(out.shape[1:]), sum(w.numel() for w in layer.parameters())


def _bold(lines: list[str]) -> list[str]:
    return [re.search(r"\*\*(.+?)\*\*", line).group(1) for line in lines]


def test_the_documents_layer_is_32x32x3_from_36x36x3() -> None:
    at = open_page("convolution")
    assert not at.exception
    shown = " ".join(md.value for md in at.markdown)
    assert "**36×36×3**" in shown and "**32×32×3**" in shown  # 003:106
    (f, o, _o), params = _torch(32, 3, 5, 1, 2, 3)
    assert (f, o) == (3, 32) and f"**{params:,}**" in shown  # (5·5·3 + 1)·3 = 228


def test_other_settings_match_pytorch_and_a_kernel_too_big_is_said() -> None:
    for n, c, k, s, p, f in ((224, 3, 7, 2, 3, 64), (28, 1, 3, 1, 0, 32), (13, 16, 4, 3, 1, 8)):
        padded, output, params = _bold(shape_lines(n, c, k, s, p, f))
        (channels, height, width), count = _torch(n, c, k, s, p, f)
        assert padded == f"{n + 2 * p}×{n + 2 * p}×{c}"
        assert output == f"{height}×{width}×{channels}"
        assert params == f"{count:,}"
    lines = shape_lines(3, 1, 7, 1, 1, 1)
    assert "does not fit" in lines[-1] and len(lines) == 2


def test_the_inputs_drive_the_lines() -> None:
    at = open_page("convolution")
    at.number_input(key=K.LAYER_SIZE).set_value(224).run()
    at.number_input(key=K.LAYER_KERNEL).set_value(7).run()
    at.number_input(key=K.LAYER_STRIDE).set_value(2).run()
    at.number_input(key=K.LAYER_PADDING).set_value(3).run()
    at.number_input(key=K.LAYER_FILTERS).set_value(64).run()
    shown = " ".join(md.value for md in at.markdown)
    assert not at.exception and "**112×112×64**" in shown and "**9,472**" in shown  # ResNet's conv1
