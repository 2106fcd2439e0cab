"""core.convlab.kernels.load_gray goes through the one safe opener (core.images.open_rgb)."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from core.convlab.kernels import load_gray
from core.images import MAX_PIXELS, ImageError


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def test_an_exif_rotated_photo_comes_upright() -> None:
    # Stored 40 wide x 20 high with "rotate 90°" (orientation 6): shown 20 wide x 40 high.
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(out, format="JPEG", exif=exif)
    assert load_gray(out.getvalue()).shape == (40, 20)


def test_a_sixteen_bit_png_keeps_its_contrast() -> None:
    values = np.array([[0, 32768, 65535]], dtype=np.uint16)
    gray = load_gray(_png(Image.fromarray(values.astype(np.int32)).convert("I;16")))
    assert gray[0, 0] == 0.0 and gray[0, 2] == 1.0
    assert 0.45 < gray[0, 1] < 0.55  # Pillow's own convert("L") would clip it to white


def test_a_decompression_bomb_is_refused_before_decoding() -> None:
    side = int(MAX_PIXELS**0.5) + 100
    bomb = _png(Image.new("1", (side, side)))  # a few kB on disk, tens of millions of pixels
    with pytest.raises(ImageError, match="pixels"):
        load_gray(bomb)


def test_a_text_file_is_not_an_image() -> None:
    with pytest.raises(ImageError, match="not an image"):
        load_gray(b"hello")
