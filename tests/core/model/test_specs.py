"""Spec JSON round-trips, and hostile or malformed JSON gives a clear SpecError."""

import json

import pytest

from core.errors import SpecError
from core.model.layers.conv import Conv2D
from core.model.layers.dense import Dense, Dropout
from core.model.presets import PRESETS, get_preset
from core.model.spec_io import spec_from_json
from core.model.specs import MAX_LAYERS


@pytest.mark.parametrize("name", list(PRESETS))
def test_json_round_trip(name: str) -> None:
    spec = get_preset(name)
    text = json.dumps(spec.to_json())
    assert spec_from_json(json.loads(text)) == spec


def test_layer_json_form() -> None:
    assert Dense(units=10, activation="softmax").to_json() == {
        "type": "dense",
        "params": {
            "trainable": True,
            "block": "",
            "units": 10,
            "activation": "softmax",
            "use_bias": True,
            "in_features": None,
            "kernel_initializer": "default",
        },
    }


def _bad(data: object) -> SpecError:
    with pytest.raises(SpecError) as info:
        spec_from_json(data)
    return info.value


def _spec_with(layer: object) -> dict:
    return {"input_shape": [1, 28, 28], "layers": [{"type": "flatten"}, layer]}


def test_not_an_object() -> None:
    assert "JSON object" in str(_bad([1, 2, 3]))
    assert "JSON object" in str(_bad("rm -rf /"))


def test_unknown_layer_type_lists_the_known_ones() -> None:
    error = _bad(_spec_with({"type": "__import__('os')", "params": {}}))
    assert error.layer_index == 1
    assert "Unknown layer type" in error.message and "conv2d" in error.message


def test_unknown_parameter() -> None:
    error = _bad(_spec_with({"type": "dense", "params": {"units": 3, "evil": 1}}))
    assert "Dense has no parameter 'evil'" in error.message


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"units": "10"}, "Dense 'units' must be int"),
        ({"units": True}, "must be a number"),
        ({"units": 0}, "between 1 and 65536"),
        ({"units": 10**12}, "between 1 and 65536"),
        ({"units": 10, "activation": "evil"}, "must be one of 'relu'"),
        ({"units": 10, "activation": 3}, "must be str"),
    ],
)
def test_wrong_values(params: dict, expected: str) -> None:
    assert expected in _bad(_spec_with({"type": "dense", "params": params})).message


def test_values_are_checked_when_built_in_code_too() -> None:
    with pytest.raises(SpecError, match="between 1 and 31"):
        Conv2D(kernel_size=0)
    with pytest.raises(SpecError, match="one of 'same', 'valid'"):
        Conv2D(padding="full")
    with pytest.raises(SpecError, match=r"between 0 and 0\.95"):
        Dropout(rate=1.5)
    assert Dropout(rate=0).rate == 0  # JSON writes 0.0 as 0


def test_too_many_layers() -> None:
    layers = [{"type": "relu"}] * 10_000
    error = _bad({"input_shape": [1, 28, 28], "layers": layers})
    assert f"at most {MAX_LAYERS}" in error.message


@pytest.mark.parametrize(
    ("shape", "expected"),
    [
        ([1, 28], "(channels, height, width)"),
        ([1, 28, "x"], "whole numbers"),
        ([0, 28, 28], "channels"),
        ([3, 10**6, 2], "height and width"),
    ],
)
def test_bad_input_shape(shape: list, expected: str) -> None:
    assert expected in _bad({"input_shape": shape, "layers": []}).message
