"""Open any image file safely and turn it into plain 8-bit RGB.

Students bring photos of every kind: PNGs with transparency, grayscale scans, palette GIFs,
CMYK JPEGs from print workflows, 16-bit TIFFs and phone photos that are stored sideways with
an EXIF "rotate me" tag. Every one of them becomes an upright `RGB` image here, or raises
`ImageError` with a sentence a student can act on.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path
from typing import BinaryIO

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from core.i18n import _

# Above this many pixels an image is refused before it is decoded: a small "decompression
# bomb" file can claim 50,000 x 50,000 pixels and would need gigabytes of memory.
MAX_PIXELS = 40_000_000
# A side more than this many times the other is refused: a 30000x1 "image" holds no picture,
# and resizing its short side to a network's 224 pixels would make its long side millions of
# pixels (gigabytes). A 20:1 panorama still opens.
MAX_ASPECT = 20
# One uploaded photo (not a dataset archive) may be this large.
MAX_PHOTO_BYTES = 20_000_000
# A photo to look at, convolve or ask a network about is decoded at most this many pixels on
# its long side (a 224-pixel network, a 1440-pixel screen): a 40-megapixel phone photo is 120
# MB as RGB, and thirty students at once filled 10 GB (bench/upload_memory.py).
PHOTO_SIDE = 2048
# Alpha is flattened onto white, as a browser shows a transparent PNG on a white page.
BACKGROUND = (255, 255, 255)

ImageSource = str | Path | bytes | BinaryIO


class ImageError(ValueError):
    """A file that cannot be used as an image; the message says why, as the rest of a
    sentence that starts with the file's name ("photo.png is corrupt or truncated: ...")."""


def _open(source: ImageSource) -> Image.Image:
    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    # Pillow's own bomb guard warns at 89 MP and raises at 179 MP; ours is lower and is
    # checked from the header below, so silence its warning and keep its error as a backstop.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        return Image.open(stream)


def read_header(source: ImageSource, max_pixels: int = MAX_PIXELS) -> Image.Image:
    """Open lazily (only the header is read) and refuse images that are too large."""
    try:
        image = _open(source)
    except UnidentifiedImageError:
        raise ImageError(_("not an image file (or an image format Pillow cannot read)")) from None
    except Image.DecompressionBombError as error:
        raise ImageError(
            _("refused as a decompression bomb: {error}").format(error=error)
        ) from None
    except OSError as error:
        raise ImageError(_("cannot be read: {error}").format(error=error)) from None
    width, height = image.size
    if width < 1 or height < 1:
        raise ImageError(_("has an empty size {width}x{height}").format(width=width, height=height))
    if max(width, height) > MAX_ASPECT * min(width, height):
        raise ImageError(
            _(
                "is {width}x{height} pixels: one side is more than {ratio} times the other, "
                "too thin to be a photo; crop it to a usual photo shape first"
            ).format(width=width, height=height, ratio=MAX_ASPECT)
        )
    if width * height > max_pixels:
        raise ImageError(
            _(
                "is {width}x{height} = {pixels:,} pixels, more than the limit of {limit:,}; "
                "shrink it first (it may be a decompression bomb)"
            ).format(width=width, height=height, pixels=width * height, limit=max_pixels)
        )
    return image


def _sixteen_bit_to_8(image: Image.Image) -> Image.Image:
    """Scale 16/32-bit integer or float grayscale to 0..255 (Pillow's convert would clip)."""
    values = np.asarray(image, dtype=np.float64)
    if image.mode == "F":
        top = 1.0 if values.size and values.max() <= 1.0 else 255.0
    else:
        top = 65535.0 if values.size and values.max() > 255 else 255.0
    scaled = np.clip(values / top * 255.0 + 0.5, 0, 255).astype(np.uint8)
    return Image.fromarray(scaled, mode="L")


def to_rgb(image: Image.Image) -> Image.Image:
    """Any Pillow mode -> RGB: alpha onto white, palette and CMYK converted, 16-bit scaled."""
    if image.mode == "RGB":
        return image
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N", "F"):
        return _sixteen_bit_to_8(image).convert("RGB")
    if image.mode == "P" and "transparency" in image.info:
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, BACKGROUND)
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image.convert("RGB")


def open_rgb(
    source: ImageSource, max_pixels: int = MAX_PIXELS, max_side: int | None = None
) -> Image.Image:
    """Decode `source` (path, bytes or file object) into an upright 8-bit RGB image, with
    `max_side` at most that many pixels on its long side (aspect kept).

    Raises `ImageError` for non-images, truncated or corrupt files and oversized images.
    """
    image = read_header(source, max_pixels)
    try:
        if max_side:  # a JPEG decodes at 1/2, 1/4 or 1/8 of its size, for next to nothing
            image.draft("RGB", (max_side, max_side))
        image.load()
        # Phones store the sensor's orientation and a tag saying how to turn the picture.
        image = ImageOps.exif_transpose(image)
        image = to_rgb(image)
        if max_side:
            image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
        return image
    except Image.DecompressionBombError as error:
        raise ImageError(
            _("refused as a decompression bomb: {error}").format(error=error)
        ) from None
    except (OSError, ValueError, SyntaxError) as error:
        # Pillow reports truncated and corrupt data as OSError, bad headers as SyntaxError.
        raise ImageError(_("is corrupt or truncated: {error}").format(error=error)) from None


def is_grayscale(rgb: np.ndarray) -> bool:
    """True when an RGB array carries no colour (R == G == B at every pixel)."""
    return bool(
        np.array_equal(rgb[..., 0], rgb[..., 1]) and np.array_equal(rgb[..., 1], rgb[..., 2])
    )
