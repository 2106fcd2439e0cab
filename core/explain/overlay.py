"""Images in and out of a network: a photo as the model's input, a heatmap over a photo.

`to_input` follows `core.training.data`'s normalisation exactly (a test checks it), so a
feature map here is what the model computed during evaluation.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch
from PIL import Image

# A perceptual blue-cyan-yellow-red ramp (close to matplotlib's "turbo"), so a heatmap
# reads the same on a projector as on a screen.
_RAMP = np.array(
    [
        [48, 18, 59],
        [70, 134, 251],
        [27, 229, 181],
        [164, 252, 60],
        [251, 185, 56],
        [228, 70, 10],
        [122, 4, 3],
    ],
    dtype=np.float64,
)


def colorize(values: np.ndarray) -> np.ndarray:
    """Values in [0, 1] (H, W) -> uint8 RGB (H, W, 3) along the heat ramp."""
    v = np.clip(np.nan_to_num(values), 0, 1) * (len(_RAMP) - 1)
    low = np.floor(v).astype(int).clip(0, len(_RAMP) - 2)
    t = (v - low)[..., None]
    return np.rint(_RAMP[low] * (1 - t) + _RAMP[low + 1] * t).astype(np.uint8)


def overlay(image: Image.Image, cam: np.ndarray, alpha: float = 0.5) -> Image.Image:
    """The image with the heatmap blended on top (`alpha` of heat), at the image's size."""
    rgb = np.asarray(image.convert("RGB"), dtype=np.float64)
    heat = Image.fromarray((np.clip(cam, 0, 1) * 255).astype(np.uint8)).resize(
        image.size, Image.Resampling.BILINEAR
    )
    colours = colorize(np.asarray(heat, dtype=np.float64) / 255).astype(np.float64)
    return Image.fromarray(np.rint(rgb * (1 - alpha) + colours * alpha).astype(np.uint8))


def to_input(
    image: Image.Image,
    input_shape: Sequence[int],
    mean: Sequence[float],
    std: Sequence[float],
    invert: bool = False,
) -> torch.Tensor:
    """A PIL image as the model's (1, C, H, W) input, normalised as `core.training.data` does.

    Grayscale for one-channel models, resized (bilinear) when the size differs, scaled to
    [0, 1], optionally inverted (a dark digit on white paper, for an MNIST model), then
    (x - mean) / std per channel.
    """
    channels, height, width = (int(v) for v in input_shape)
    image = image.convert("L" if channels == 1 else "RGB")
    if image.size != (width, height):
        image = image.resize((width, height), Image.Resampling.BILINEAR)
    array = np.asarray(image, dtype=np.float32) / 255.0
    if invert:
        array = 1.0 - array
    x = torch.from_numpy(array.reshape(height, width, -1)).permute(2, 0, 1)
    mean_t = torch.tensor(list(mean), dtype=torch.float32).view(-1, 1, 1)
    std_t = torch.tensor(list(std), dtype=torch.float32).view(-1, 1, 1)
    return ((x - mean_t) / std_t).unsqueeze(0)
