"""Feature extraction, cached: the frozen base runs once per image, the head trains on vectors.

With the "head" strategy the convolutional base never changes, so its output for a photo
is always the same vector (1280 numbers for EfficientNet-Lite0). Computing it once and
training the head on the stored vectors makes an epoch take milliseconds instead of a
forward pass through 4 million weights per image.

Cache layout: `cache_dir()/features/<backbone>-<preprocessing>/<ab>/<sha1 of file>.npy`,
so a photo imported twice, or in two datasets, is computed once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from core.atomic import atomic_path
from core.device import device_of
from core.i18n import _
from core.images import ImageError, open_rgb
from core.paths import cache_dir
from core.training.config import TrainConfig
from core.transfer.backbones import Backbone
from core.transfer.data import PhotoSet, eval_transform, split_indices
from core.transfer.net import TransferNet

Progress = Callable[[int, int], None]  # (done, total)
# Small batches: on a CPU, 4 photos at a time ran EfficientNet-Lite0 twice as fast per photo
# as 32 (the big activations fall out of the caches; bench/bench_transfer.py).
BATCH = 4


def file_hash(path: Path) -> str:
    return hashlib.sha1(Path(path).read_bytes()).hexdigest()


def feature_dir(backbone: Backbone) -> Path:
    """One folder per backbone and preprocessing: a change of either is a new cache."""
    key = f"{backbone.name}-r{backbone.resize}-c{backbone.input_size}"
    path = cache_dir() / "features" / key
    path.mkdir(parents=True, exist_ok=True)
    return path


def _cache_path(folder: Path, digest: str) -> Path:
    return folder / digest[:2] / f"{digest}.npy"


def _save(path: Path, vector: np.ndarray) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as temp:  # two sessions extracting the same photo never clash
        np.save(temp, vector)


@dataclass
class Extracted:
    """Features of the readable photos; `keep` indexes into the PhotoSet, `computed` counts
    the photos that were not yet cached."""

    features: torch.Tensor
    keep: list[int]
    skipped: list[tuple[str, str]]
    computed: int


def extract_features(
    net: TransferNet,
    backbone: Backbone,
    photos: PhotoSet,
    progress: Progress | None = None,
    cache: bool = True,
) -> Extracted:
    """Each photo's pooled feature vector from the frozen base, cached on disk. `cache=False`
    for a base that training changed: its features are its own, never reused."""
    folder = feature_dir(backbone) if cache else None
    transform = eval_transform(backbone)
    vectors: dict[int, np.ndarray] = {}
    todo: list[tuple[int, Path | None]] = []
    skipped = list(photos.skipped)
    for i, path in enumerate(photos.paths):
        if folder is None:
            todo.append((i, None))
            continue
        try:
            target = _cache_path(folder, file_hash(path))
        except OSError as error:
            skipped.append((str(path), str(error)))
            continue
        if target.is_file():
            vectors[i] = np.load(target)
        else:
            todo.append((i, target))
    total, done = len(photos), len(vectors)
    if progress:
        progress(done, total)
    net.eval()
    device = device_of(net)
    for start in range(0, len(todo), BATCH):
        batch, items = [], []
        for i, cache_file in todo[start : start + BATCH]:
            try:
                batch.append(transform(open_rgb(photos.paths[i])))
                items.append((i, cache_file))
            except (ImageError, OSError) as error:
                skipped.append((str(photos.paths[i]), str(error)))
        if batch:
            with torch.inference_mode():
                out = net.features(torch.stack(batch).to(device)).float().cpu().numpy()
            for (i, cache_file), vector in zip(items, out, strict=True):
                if cache_file is not None:
                    _save(cache_file, vector)
                vectors[i] = vector
        done += len(todo[start : start + BATCH])
        if progress:
            progress(done, total)
    keep = sorted(vectors)
    if not keep:
        raise ValueError(_("none of the photos could be read"))
    stacked = torch.from_numpy(np.stack([vectors[i] for i in keep]))
    return Extracted(stacked, keep, skipped, len(todo))


class _Split:
    def __init__(self, x: torch.Tensor, y: torch.Tensor) -> None:
        self.x, self.y = x, y

    def __len__(self) -> int:
        return len(self.y)


class FeatureData:
    """The engine's TrainData interface over cached feature vectors (no images decoded)."""

    def __init__(
        self,
        features: torch.Tensor,
        labels: np.ndarray,
        train_idx: np.ndarray,
        val_idx: np.ndarray,
        classes: list[str],
        batch_size: int,
        seed: int,
    ) -> None:
        y = torch.as_tensor(labels, dtype=torch.long)
        self.train = _Split(features[train_idx], y[train_idx])
        self.val = _Split(features[val_idx], y[val_idx])
        self.classes, self.batch_size, self.seed = list(classes), batch_size, seed

    @property
    def steps_per_epoch(self) -> int:
        return -(-len(self.train) // self.batch_size)

    def _batches(self, split: _Split, order: torch.Tensor, size: int) -> Iterator:
        for start in range(0, len(order), size):
            rows = order[start : start + size]
            yield split.x[rows], split.y[rows]

    def train_batches(self, epoch: int) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
        generator = torch.Generator().manual_seed(self.seed * 1_000_003 + epoch)
        order = torch.randperm(len(self.train), generator=generator)
        return self._batches(self.train, order, self.batch_size)

    def val_batches(self) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
        return self._batches(self.val, torch.arange(len(self.val)), max(self.batch_size, 256))


def feature_data(
    net: TransferNet,
    backbone: Backbone,
    photos: PhotoSet,
    config: TrainConfig,
    progress: Progress | None = None,
) -> FeatureData:
    """Cached features of the photos, split as the engine splits images (same seed)."""
    extracted = extract_features(net, backbone, photos, progress)
    usable = photos.subset(extracted.keep)
    train_idx, val_idx = split_indices(usable, config)
    return FeatureData(
        extracted.features,
        usable.labels,
        train_idx,
        val_idx,
        photos.classes,
        config.batch_size,
        config.seed,
    )
