"""The photo panel's images, made once for every session: the PNGs decode to the photo and
to PyTorch's feature map, and another kernel or ReLU makes other images."""

from __future__ import annotations

import io

import numpy as np
import torch
from PIL import Image
from torch.nn import functional

from core.convlab.kernels import KERNELS, load_gray, sample_photos
from dashboard.convlab.figures import display_bound, to_gray_image
from dashboard.convlab.panels import _digest, _maps, _pooled


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)))


def test_the_images_are_the_photo_and_pytorchs_feature_map() -> None:
    gray = load_gray(next(iter(sample_photos().values())))
    kernel = KERNELS["Sobel x"].array()
    photo = torch.from_numpy(gray)[None, None]
    expected = functional.conv2d(photo, torch.from_numpy(kernel)[None, None], padding=1)[0, 0]
    for relu in (False, True):
        shown = expected.relu() if relu else expected
        maps = _maps(gray, kernel, relu)
        assert (_pixels(maps.input_png) == to_gray_image(gray, signed=False)).all()
        drawn = to_gray_image(shown.numpy(), signed=not relu, clip_percentile=True)
        assert np.abs(_pixels(maps.map_png).astype(int) - drawn).max() <= 1  # float32 vs 64
        assert maps.maximum == np.float32(shown.max().item())
        assert maps.minimum == np.float32(shown.min().item())
        assert abs(maps.white - display_bound(shown.numpy(), signed=not relu)) < 1e-5
    other = _maps(gray, KERNELS["Laplacian"].array(), False)
    assert other.map_png != _maps(gray, kernel, False).map_png


def test_the_shared_key_tells_photos_apart_by_their_pixels() -> None:
    a = np.zeros((4, 4))
    b = a.copy()
    b[1, 2] = 0.5
    assert _digest(a) == _digest(a.copy()) != _digest(b)
    assert _digest(np.zeros((2, 8))) != _digest(np.zeros((4, 4)))


def test_the_pooled_maps_are_pytorchs_max_and_average_pooling() -> None:
    gray = load_gray(next(iter(sample_photos().values())))
    kernel = KERNELS["Emboss"].array()
    photo = torch.from_numpy(gray)[None, None]
    relu = functional.conv2d(photo, torch.from_numpy(kernel)[None, None], padding=1).relu()
    expected = [relu, functional.max_pool2d(relu, 2, 2), functional.avg_pool2d(relu, 2, 2)]
    maps = _pooled(gray, kernel)
    assert maps.shapes == tuple(tuple(e.shape[-2:]) for e in expected)
    for png, maximum, out in zip(maps.pngs, maps.maxima, expected, strict=True):
        assert abs(maximum - out.max().item()) < 1e-5
        drawn = to_gray_image(out[0, 0].numpy(), False, clip_percentile=True)
        assert np.abs(_pixels(png).astype(int) - drawn).max() <= 1
