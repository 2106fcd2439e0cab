"""Classic 3×3 image kernels, the course examples, and photos to convolve them with."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.i18n import N_
from core.images import open_rgb
from core.paths import ASSETS_DIR

SAMPLES_DIR = ASSETS_DIR / "samples"

# The course's worked examples: the first output of the convolution is 4, the pooling gives
# [[2, 3], [4, 2]].
COURSE_CONV_INPUT = np.array(
    [[1, 1, 1, 0, 0], [0, 1, 1, 1, 0], [0, 0, 1, 1, 1], [0, 0, 1, 1, 0], [0, 1, 1, 0, 0]],
    dtype=np.float64,
)
COURSE_CONV_KERNEL = np.array([[1, 0, 1], [0, 1, 0], [1, 0, 1]], dtype=np.float64)
COURSE_POOL_INPUT = np.array(
    [[1, 2, 1, 0], [0, 1, 2, 3], [3, 0, 1, 2], [2, 4, 0, 1]], dtype=np.float64
)


@dataclass(frozen=True)
class ClassicKernel:
    """A hand-designed filter and what it does to a photo, in one sentence. `name` (also the
    key of KERNELS) and `effect` are msgids: show them with `_()`."""

    name: str
    weights: tuple[tuple[float, ...], ...]
    effect: str

    def array(self) -> np.ndarray:
        return np.array(self.weights, dtype=np.float64)


def _k(name: str, rows: list[list[float]], effect: str, scale: float = 1.0) -> ClassicKernel:
    return ClassicKernel(name, tuple(tuple(v * scale for v in row) for row in rows), effect)


KERNELS: dict[str, ClassicKernel] = {
    k.name: k
    for k in (
        _k(
            N_("Identity"),
            [[0, 0, 0], [0, 1, 0], [0, 0, 0]],
            N_("Copies each pixel: the map equals the photo."),
        ),
        _k(
            N_("Box blur"),
            [[1, 1, 1], [1, 1, 1], [1, 1, 1]],
            N_("Averages each 3×3 neighbourhood."),
            1 / 9,
        ),
        _k(
            N_("Gaussian blur"),
            [[1, 2, 1], [2, 4, 2], [1, 2, 1]],
            N_("A weighted average, the centre counting most: a softer blur."),
            1 / 16,
        ),
        _k(
            N_("Sharpen"),
            [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
            N_("Boosts a pixel against its neighbours."),
        ),
        _k(
            N_("Sobel x"),
            [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]],
            N_("Responds to vertical edges (brightness changing left to right)."),
        ),
        _k(
            N_("Sobel y"),
            [[-1, -2, -1], [0, 0, 0], [1, 2, 1]],
            N_("Responds to horizontal edges (brightness changing top to bottom)."),
        ),
        _k(
            N_("Laplacian"),
            [[0, 1, 0], [1, -4, 1], [0, 1, 0]],
            N_("Responds to edges in every direction."),
        ),
        _k(
            N_("Emboss"),
            [[-2, -1, 0], [-1, 1, 1], [0, 1, 2]],
            N_("Lights edges from one side, like relief."),
        ),
    )
}


# The bundled photos' display names, for the catalogue (shown with `_()`).
SAMPLE_TITLES = (N_("Astronaut"), N_("Cat"), N_("Coffee"), N_("Rocket"))


def sample_photos() -> dict[str, Path]:
    """Bundled CC0 sample photos by display name (an English msgid: show it with `_()`)."""
    return {p.stem.capitalize(): p for p in sorted(SAMPLES_DIR.glob("*.jpg"))}


def load_gray(source: Path | bytes, max_side: int = 192) -> np.ndarray:
    """A photo as a 2-D grayscale array in [0, 1], shrunk so its longer side is <= max_side.

    Opened by core.images.open_rgb (size guard, EXIF rotation, 16-bit scaling); a file that
    is not a usable image raises ImageError.
    """
    image = open_rgb(source, max_side=max_side).convert("L")
    return np.asarray(image, dtype=np.float64) / 255.0
