"""The tab's icon, drawn here: a 3x3 grid of greys, as a kernel or a feature map looks.

A Material icon (`:material/...:`) as the page icon is fetched from Google's font server,
which an offline classroom cannot reach (an error in the console on every page)."""

from __future__ import annotations

from functools import lru_cache

from PIL import Image, ImageDraw

SIZE = 64
# Light to dark, as the convolution page shades a kernel's weights.
SHADES = ((240, 200, 120), (90, 250, 170), (150, 60, 220))


@lru_cache(maxsize=1)
def tab_icon() -> Image.Image:
    """The 64x64 icon: a dark red rounded square holding nine grey cells."""
    icon = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(icon)
    draw.rounded_rectangle((0, 0, SIZE - 1, SIZE - 1), radius=12, fill=(180, 30, 45, 255))
    cell, gap, margin = 14, 4, 9
    for row, shades in enumerate(SHADES):
        for column, shade in enumerate(shades):
            x, y = margin + column * (cell + gap), margin + row * (cell + gap)
            draw.rectangle((x, y, x + cell, y + cell), fill=(shade, shade, shade, 255))
    return icon
