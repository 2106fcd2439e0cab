"""The model's messages in Korean: a hostile spec's error and its suggestion, a layer's
settings line, a preset's title and a convolution step's error."""

from __future__ import annotations

import pytest

from core.convlab.steps import ConvSettingsError, check_conv_settings
from core.errors import ShapeError, SpecError
from core.i18n import _, set_language
from core.model.layers.conv import Conv2D
from core.model.layers.dense import Dense
from core.model.presets import PRESETS
from core.model.shapes import infer_shapes
from core.model.spec_io import spec_from_json
from core.model.specs import ModelSpec


def test_a_hostile_spec_and_a_misplaced_layer_are_refused_in_korean() -> None:
    set_language("ko")
    try:
        with pytest.raises(SpecError, match="1에서 65536 사이여야 합니다"):
            spec_from_json(
                {"input_shape": [1, 28, 28], "layers": [{"type": "dense", "params": {"units": 0}}]}
            )
        with pytest.raises(ShapeError) as caught:
            infer_shapes(ModelSpec((1, 28, 28), (Dense(units=10),)))
        assert caught.value.layer_label == "1번 레이어 (Dense)"
        assert "평평한 벡터가 필요하지만" in caught.value.message
        assert "Flatten 레이어" in caught.value.suggestion
        assert (
            Conv2D(filters=32, kernel_size=5, padding="same").describe().startswith("필터 32개 5x5")
        )
        assert "필터 32개와 64개" in _(PRESETS["mnist_32_64"].title)
        with pytest.raises(ConvSettingsError, match="출력이 없습니다"):
            check_conv_settings(2, 5, 1, 0, 1)
    finally:
        set_language("en")


def test_english_stays_the_default() -> None:
    assert Conv2D(filters=1, kernel_size=3).describe() == "1 filter 3x3, padding 0"
    assert Dense(units=10).describe() == "10 units"
