"""Numbers about a dataset for the explorer: class counts, pixel statistics, sizes, a batch.

Fast paths read torchvision's in-memory tensors (MNIST's `.data`, CIFAR-10's `.data`) and
the labels without decoding images; other datasets decode a seeded sample.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from core.data.custom import custom_info
from core.data.datasets import get_info, load_dataset, targets
from core.data.quality import ImageFacts, image_facts
from core.i18n import _

if TYPE_CHECKING:
    from torch import Tensor


def class_counts(name: str, split: str = "train") -> dict[str, int]:
    """Images per class, in class order (zero for a class with none)."""
    dataset = load_dataset(name, split, download=False)
    counts = np.bincount(targets(dataset), minlength=len(dataset.classes))
    return {cls: int(n) for cls, n in zip(dataset.classes, counts, strict=True)}


def _indices(length: int, limit: int | None, seed: int) -> np.ndarray:
    if limit is None or limit >= length:
        return np.arange(length)
    return np.sort(np.random.default_rng(seed).choice(length, size=limit, replace=False))


def pixels(dataset: Any, indices: np.ndarray) -> list[np.ndarray]:
    """uint8 arrays (H, W, C) of the chosen items, read from memory when torchvision has them."""
    data = getattr(dataset, "data", None)
    if data is not None and hasattr(data, "shape") and len(data) == len(dataset):
        array = data.numpy() if hasattr(data, "numpy") else np.asarray(data)
        chosen = array[indices]
        return list(chosen[..., None] if chosen.ndim == 3 else chosen)
    result = []
    for i in indices:
        image = np.asarray(dataset[int(i)][0])
        result.append(image[..., None] if image.ndim == 2 else image)
    return result


def channel_stats(
    name: str, split: str = "train", limit: int | None = None, seed: int = 0
) -> tuple[tuple[float, ...], tuple[float, ...], int]:
    """Per-channel mean and std of pixel values in [0, 1] over all pixels of the images (or
    a seeded sample of `limit` images); returns (mean, std, images used)."""
    dataset = load_dataset(name, split, download=False)
    indices = _indices(len(dataset), limit, seed)
    total = squares = None
    count = 0
    for start in range(0, len(indices), 4096):
        for array in pixels(dataset, indices[start : start + 4096]):
            values = array.reshape(-1, array.shape[-1]).astype(np.float64) / 255.0
            total = values.sum(0) if total is None else total + values.sum(0)
            sq = (values**2).sum(0)
            squares = sq if squares is None else squares + sq
            count += len(values)
    if total is None or squares is None:
        raise ValueError(
            _("{name} has no {split} images to measure.").format(name=name, split=split)
        )
    mean = total / count
    std = np.sqrt(np.maximum(squares / count - mean**2, 0.0))
    return tuple(float(v) for v in mean), tuple(float(v) for v in std), len(indices)


def image_sizes(
    name: str, split: str = "train", limit: int = 2000, seed: int = 0
) -> Counter[tuple[int, int, str]]:
    """How many images have each (width, height, mode), over a seeded sample of `limit`."""
    dataset = load_dataset(name, split, download=False)
    sizes: Counter[tuple[int, int, str]] = Counter()
    for i in _indices(len(dataset), limit, seed):
        image = dataset[int(i)][0]
        sizes[(image.width, image.height, image.mode)] += 1
    return sizes


def one_batch(
    name: str, n: int = 8, split: str = "train", seed: int = 0
) -> tuple[Tensor, list[int]]:
    """A batch of `n` images as one float tensor (N, C, H, W) in [0, 1], and their labels.

    Every image is resized to the dataset's input shape (custom photos differ in size) and
    turned into a (C, H, W) tensor; `torch.stack` adds the batch dimension N in front.
    """
    import torch
    from torchvision.transforms import v2

    channels, height, width = get_info(name).input_shape
    steps = [v2.PILToTensor(), v2.Resize((height, width), antialias=True)]
    transform = v2.Compose([*steps, v2.ToDtype(torch.float32, scale=True)])
    dataset = load_dataset(name, split, transform=transform, download=False)
    indices = np.random.default_rng(seed).choice(
        len(dataset), size=min(n, len(dataset)), replace=False
    )
    items = [dataset[int(i)] for i in indices]
    batch = torch.stack([image for image, _ in items])
    assert batch.shape[1] == channels, (batch.shape, channels)
    return batch, [int(label) for _, label in items]


def dataset_facts(
    name: str, limit: int | None = None, seed: int = 0
) -> tuple[list[ImageFacts], list[tuple[str, str]]]:
    """Quality facts for both splits (a seeded sample of `limit` per split), plus files that
    could not be decoded. Ids are file paths for custom datasets, 'train #12' otherwise."""
    info = get_info(name)
    facts: list[ImageFacts] = []
    unreadable: list[tuple[str, str]] = []
    if not info.builtin:  # files the import could not decode stay in its manifest
        unreadable += [
            (_("{file} (left out at import)").format(file=file), why)
            for file, why in custom_info(name).skipped
        ]
    for split in info.splits:
        dataset = load_dataset(name, split, download=False)
        files = getattr(dataset, "samples", None)
        for i in _indices(len(dataset), limit, seed):
            i = int(i)
            if info.builtin or not files:
                image_id = f"{split} #{i}"
            else:  # custom: the file's path inside the dataset folder, e.g. train/cat/0001.png
                image_id = Path(files[i][0]).relative_to(dataset.root).as_posix()
            try:
                image, label = dataset[i]
            except (OSError, ValueError) as error:
                unreadable.append((image_id, str(error)))
                continue
            facts.append(image_facts(image_id, split, dataset.classes[label], image))
    return facts, unreadable
