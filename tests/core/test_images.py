"""open_rgb turns every kind of image into upright 8-bit RGB, and refuses bad files clearly."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from core.images import MAX_PIXELS, ImageError, is_grayscale, open_rgb


def _encode(image: Image.Image, fmt: str = "PNG", **kwargs: object) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **kwargs)
    return out.getvalue()


def test_modes_become_rgb_with_the_right_colours() -> None:
    gray = Image.new("L", (4, 3), 100)
    assert open_rgb(_encode(gray)).getpixel((0, 0)) == (100, 100, 100)
    rgba = Image.new("RGBA", (4, 3), (255, 0, 0, 0))  # fully transparent red -> white
    assert open_rgb(_encode(rgba)).getpixel((0, 0)) == (255, 255, 255)
    half = Image.new("RGBA", (4, 3), (0, 0, 0, 128))  # half-transparent black on white
    assert open_rgb(_encode(half)).getpixel((0, 0)) == (127, 127, 127)
    palette = Image.new("RGB", (4, 3), (10, 200, 30)).quantize(colors=2)
    assert open_rgb(_encode(palette, "GIF")).getpixel((0, 0)) == (10, 200, 30)
    cmyk = Image.new("CMYK", (4, 3), (0, 255, 255, 0))  # pure red in print colours
    assert open_rgb(_encode(cmyk, "JPEG", quality=100)).getpixel((0, 0))[0] > 240
    sixteen = Image.fromarray(np.full((3, 4), 65535, dtype=np.uint16))  # 16-bit white
    rgb = open_rgb(_encode(sixteen))
    assert rgb.mode == "RGB" and rgb.getpixel((0, 0)) == (255, 255, 255)
    mid = Image.fromarray(np.full((3, 4), 257 * 64, dtype=np.uint16))
    assert open_rgb(_encode(mid)).getpixel((0, 0)) == (64, 64, 64)


def test_exif_rotation_is_applied() -> None:
    image = Image.new("RGB", (40, 10), "red")
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 degrees clockwise to display"
    upright = open_rgb(_encode(image, "JPEG", exif=exif.tobytes()))
    assert upright.size == (10, 40)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"this is not an image", "not an image"),
        (b"", "not an image"),
        (_encode(Image.new("RGB", (64, 64), "blue"))[:60], "corrupt or truncated"),
    ],
)
def test_bad_files_raise_a_clear_error(data: bytes, words: str) -> None:
    with pytest.raises(ImageError, match=words):
        open_rgb(data)


def test_decompression_bomb_is_refused_from_the_header() -> None:
    # A 1-bit PNG of 8000 x 8000 pixels is tiny on disk but 64 M pixels decoded.
    bomb = _encode(Image.new("1", (8000, 8000), 0))
    assert len(bomb) < 100_000
    with pytest.raises(ImageError, match="more than the limit"):
        open_rgb(bomb)
    assert MAX_PIXELS < 8000 * 8000


def test_grayscale_detection() -> None:
    assert is_grayscale(np.asarray(open_rgb(_encode(Image.new("L", (3, 3), 7)))))
    assert not is_grayscale(np.asarray(Image.new("RGB", (3, 3), (1, 2, 3))))


def test_a_large_photo_is_decoded_small_upright_and_in_shape() -> None:
    """A 6000x4000 phone JPEG stored sideways: decoded at a fraction of its size (JPEG draft)
    and shrunk to PHOTO_SIDE on its long side, after the EXIF turn."""
    from core.images import PHOTO_SIDE

    pixels = np.random.default_rng(0).integers(0, 256, (4000, 6000, 3), dtype=np.uint8)
    stream = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to view"
    Image.fromarray(pixels).save(stream, "JPEG", quality=80, exif=exif.tobytes())
    full = open_rgb(stream.getvalue())
    small = open_rgb(stream.getvalue(), max_side=PHOTO_SIDE)
    assert full.size == (4000, 6000)  # upright: portrait
    assert max(small.size) == PHOTO_SIDE and small.size[1] > small.size[0]
    assert abs(small.size[0] / small.size[1] - 4000 / 6000) < 0.01
    assert small.mode == "RGB"
