"""Specs from untrusted bytes: limits and clear errors."""

import pytest

from core.errors import SpecError
from core.model.presets import get_preset
from core.model.spec_io import MAX_SPEC_BYTES, spec_from_bytes, spec_to_bytes


def test_round_trip_through_bytes() -> None:
    spec = get_preset("vgg_small")
    assert spec_from_bytes(spec_to_bytes(spec)) == spec


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xff\xfe\x00binary", "not a text file"),
        (b"{not json", "not valid JSON"),
        (b"[" * 50_000 + b"]" * 50_000, "not valid JSON"),
        (b" " * (MAX_SPEC_BYTES + 1), "larger than"),
        (b'{"input_shape": [1, 28, 28], "layers": [], "__class__": "os.system"}', "Unknown keys"),
    ],
)
def test_bad_bytes(data: bytes, expected: str) -> None:
    with pytest.raises(SpecError, match=expected):
        spec_from_bytes(data, "upload.json")
