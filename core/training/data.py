"""The data side of training: stratified seeded splits and fast, normalised batches.

Two paths, chosen per dataset and config:
- built-in datasets are held once per process as one uint8 tensor (N, C, H, W); without
  augmentation a batch is a slice, scaled and normalised in one vectorised step, which is
  several times faster than per-image PIL transforms (see bench/bench_engine_vs_plain.py);
- with augmentation made only of same-size random crops and flips (the CIFAR recipe), the
  slice is augmented per image but in one batched step (`core.augment.batch`), then the same;
- with any other augmentation, or for the student's own images, every item goes through the
  `core.augment.preview` transform (then Normalize) one by one, as a DataLoader would.
Batches are made in the calling thread (num_workers=0): the machine's cores go to the model.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import torch

from core.augment.batch import BatchAugment
from core.augment.pipeline import Pipeline
from core.augment.preview import build_transform
from core.augment.specs import AugmentError
from core.augment.steps import Normalize, SamplewiseNormalize
from core.data.builtin import DatasetInfo
from core.data.datasets import BUILTIN, get_info, load_dataset, targets, version
from core.data.errors import DatasetUnavailable
from core.data.scaling import STANDARDIZE, input_stats
from core.i18n import _
from core.training.config import ConfigError, RunSpec, TrainConfig
from core.training.splits import class_subset, first_per_class, stratified_split

Batch = tuple[torch.Tensor, torch.Tensor]


@functools.lru_cache(maxsize=6)
def _uint8_images(name: str, split: str, key: str) -> torch.Tensor:
    """A built-in split as one uint8 tensor (N, C, H, W), decoded once (read-only, shared)."""
    raw = load_dataset(name, split, download=False)
    data = getattr(raw, "data", None)
    if isinstance(data, torch.Tensor):  # MNIST and Fashion-MNIST already hold one
        return data.unsqueeze(1) if data.ndim == 3 else data
    if isinstance(data, np.ndarray):  # torchvision's CIFAR10: (N, H, W, C)
        return torch.from_numpy(data).permute(0, 3, 1, 2).contiguous()
    # JPEG folders: decode every image once (CIFAR-10: ~60k small files, a few seconds).
    arrays = [np.asarray(raw[i][0].convert("RGB"), dtype=np.uint8) for i in range(len(raw))]
    return torch.from_numpy(np.stack(arrays)).permute(0, 3, 1, 2).contiguous()


class SplitData(torch.utils.data.Dataset):
    """Some items of one dataset split, normalised; yields (float tensor, int label).

    `indices` are positions in the full split (what `dataset_image` opens); `transform`
    None means the vectorised fast path over `images`, augmented by `augment` if given.
    """

    def __init__(
        self,
        raw: Any,
        images: torch.Tensor | None,
        labels: np.ndarray,
        indices: np.ndarray,
        classes: list[str],
        mean: tuple[float, ...],
        std: tuple[float, ...],
        transform: Callable[[Any], torch.Tensor] | None,
        augment: BatchAugment | None = None,
    ) -> None:
        assert augment is None or (transform is None and images is not None)
        self.raw, self.images, self.transform, self.augment = raw, images, transform, augment
        self.indices = indices
        self.labels = torch.as_tensor(labels[indices], dtype=torch.long)
        self.classes = classes
        self.mean = torch.tensor(mean).view(-1, 1, 1)
        self.std = torch.tensor(std).view(-1, 1, 1)

    @property
    def path(self) -> str:
        """How batches are made: "vectorised", "vectorised+augment" or "per-item"."""
        if self.transform is not None:
            return "per-item"
        return "vectorised" if self.augment is None else "vectorised+augment"

    def __len__(self) -> int:
        return len(self.indices)

    def __getitem__(self, i: int) -> tuple[torch.Tensor, int]:
        x, _ = self.batch(torch.tensor([i]))
        return x[0], int(self.labels[i])

    def batch(self, positions: torch.Tensor) -> Batch:
        """The items at `positions` (into this subset) as one batch."""
        rows = torch.as_tensor(self.indices)[positions]
        if self.transform is None:
            assert self.images is not None
            x = self.images[rows]
            if self.augment is not None:
                x = self.augment(x)  # still uint8: crops and flips only move pixels
            x = x.float().div_(255).sub_(self.mean).div_(self.std)
        else:
            source = self.images if self.images is not None else None
            items = [
                self.transform(source[r] if source is not None else self.raw[int(r)][0])
                for r in rows
            ]
            x = torch.stack(items)
        return x, self.labels[positions]

    def batches(self, batch_size: int, order: torch.Tensor | None = None) -> Iterator[Batch]:
        order = torch.arange(len(self)) if order is None else order
        for start in range(0, len(order), batch_size):
            yield self.batch(order[start : start + batch_size])


class Batches(Protocol):
    """What the training loop takes its batches from: a TrainData, or the cached features of
    core.transfer.feature_cache.FeatureData."""

    @property
    def classes(self) -> list[str]: ...

    @property
    def steps_per_epoch(self) -> int: ...

    def train_batches(self, epoch: int) -> Iterator[Batch]: ...

    def val_batches(self) -> Iterator[Batch]: ...


@dataclass
class TrainData:
    """The training and validation subsets of one config, and how to batch them."""

    train: SplitData
    val: SplitData
    batch_size: int
    seed: int

    @property
    def classes(self) -> list[str]:
        return self.train.classes

    @property
    def steps_per_epoch(self) -> int:
        return -(-len(self.train) // self.batch_size)

    def train_batches(self, epoch: int) -> Iterator[Batch]:
        """Shuffled with a generator seeded by (seed, epoch): resumable and reproducible."""
        generator = torch.Generator().manual_seed(self.seed * 1_000_003 + epoch)
        return self.train.batches(
            self.batch_size, torch.randperm(len(self.train), generator=generator)
        )

    def val_batches(self) -> Iterator[Batch]:
        return self.val.batches(max(self.batch_size, 256))


def _transform(
    augment: dict | None, train: bool, shape: tuple[int, ...], info: DatasetInfo, scaling: str
) -> Any:
    from torchvision.transforms import v2

    pipeline = Pipeline.from_dict(augment) if augment else Pipeline(())
    parts = [build_transform(pipeline, train=train)]
    if not info.builtin:  # the student's photos: fit them to the model's input
        parts.insert(0, v2.Resize(tuple(shape[1:])))
        if shape[0] == 1:
            parts.insert(0, v2.Grayscale(1))
    if not any(isinstance(step, Normalize | SamplewiseNormalize) for step in pipeline.steps):
        mean, std = input_stats(scaling, info, shape[0])
        parts.append(v2.Normalize(mean, std))
    return v2.Compose(parts)


def _source(name: str, split: str) -> tuple[Any, torch.Tensor | None, np.ndarray, DatasetInfo]:
    try:
        info = get_info(name)
    except KeyError:
        raise DatasetUnavailable(
            name, _("Pick one on the Datasets page."), _("unknown name")
        ) from None
    raw = load_dataset(name, split, download=False)
    images = _uint8_images(name, split, version(name)) if name in BUILTIN else None
    return raw, images, targets(raw), info


def _check_shape(info: DatasetInfo, spec_shape: tuple[int, ...], augment: dict | None) -> None:
    if info.builtin and tuple(info.input_shape) != tuple(spec_shape) and not augment:
        have = "x".join(map(str, info.input_shape))
        want = "x".join(map(str, spec_shape))
        raise DatasetUnavailable(
            info.name,
            _("Pick a model made for {dataset} (input {have}) or change the model's input.").format(
                dataset=info.name, have=have
            ),
            _("the model expects {want} images but {dataset} has {have}").format(
                want=want, dataset=info.name, have=have
            ),
        )


def _check_pipeline_size(
    info: DatasetInfo, spec_shape: tuple[int, int, int], augment: dict | None
) -> None:
    """Refuse, before any batch, a pipeline whose output size the model does not take (a
    28-pixel crop on CIFAR-10's 32×32 for a 32×32 model). Custom photos are resized to the
    model's input before the pipeline, built-in images keep their own size."""
    if not augment:
        return
    image_shape = info.input_shape if info.builtin else spec_shape
    problem = Pipeline.from_dict(augment).size_problem(
        (image_shape[1], image_shape[2]), (spec_shape[1], spec_shape[2])
    )
    if problem:
        raise AugmentError(problem)


def _batch_plan(images: torch.Tensor | None, augment: dict | None) -> BatchAugment | None:
    """The batched augmentation for a built-in dataset, or None: use the per-item path.

    A plan exists only for steps that keep the image size and are random in training only,
    so evaluation (`eval_calls`: same-size centre crop, flips dropped) is the plain path.
    """
    if images is None:
        return None
    return BatchAugment.plan(augment, tuple(images.shape[1:]))


def prepare_data(config: TrainConfig, spec: RunSpec) -> TrainData:
    """Training and validation subsets of `config.dataset`'s training split."""
    raw, images, labels, info = _source(config.dataset, "train")
    plan = _batch_plan(images, config.augment)
    # A plan keeps the dataset's image size, so a wrong model input is caught here too.
    _check_shape(info, spec.input_shape, None if plan is not None else config.augment)
    _check_pipeline_size(info, spec.input_shape, config.augment)
    labels, keep, classes = class_subset(labels, list(raw.classes), config.classes, info.name)
    train_at, val_at = stratified_split(
        labels[keep],
        config.val_fraction,
        config.seed,
        config.train_limit,
        config.folds,
        config.fold,
    )
    train_idx, val_idx = keep[train_at], keep[val_at]
    if config.per_class is not None:  # 001's model B: 200 labelled images, all of them kept
        train_idx = first_per_class(train_idx, labels, config.per_class)
    shape, scaling = spec.input_shape, config.scaling
    mean, std = _batch_stats(scaling, info, images)

    def subset(indices: np.ndarray, train: bool) -> SplitData:
        transform = (
            None if plan is not None else _transform(config.augment, train, shape, info, scaling)
        )
        augment = plan if plan is not None and plan.ops and train else None
        return SplitData(raw, images, labels, indices, classes, mean, std, transform, augment)

    if config.checks_on_test:  # Keras's validation_data=(x_test, y_test): no split held out
        val = eval_split(
            config.dataset, "test", spec, config.augment, scaling=scaling, classes=config.classes
        )
        if not len(val):
            raise ConfigError(
                _(
                    "{dataset} has no held-out images to check each epoch on: choose a "
                    "validation share above 0."
                ).format(dataset=info.name)
            )
    else:
        val = subset(val_idx, False)
    return TrainData(subset(train_idx, True), val, config.batch_size, config.seed)


def _batch_stats(
    scaling: str, info: DatasetInfo, images: torch.Tensor | None
) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """The mean/std of the vectorised path, whose batches have the dataset's own channels."""
    mean, std = input_stats(scaling, info, int(images.shape[1]) if images is not None else 1)
    return tuple(mean), tuple(std)


def eval_split(
    name: str,
    split: str,
    spec: RunSpec,
    augment: dict | None = None,
    limit: int | None = None,
    scaling: str = STANDARDIZE,
    classes: list[str] | None = None,
) -> SplitData:
    """A whole split (or its first `limit` items), with the evaluation transform and the
    run's scaling of pixels (core.data.scaling); only `classes` where the run had some."""
    raw, images, labels, info = _source(name, split)
    plan = _batch_plan(images, augment)
    _check_shape(info, spec.input_shape, None if plan is not None else augment)
    _check_pipeline_size(info, spec.input_shape, augment)
    labels, keep, names = class_subset(labels, list(raw.classes), classes, info.name)
    indices = keep if limit is None else keep[:limit]
    # A batch plan's evaluation transform is the identity: the plain vectorised path.
    transform = (
        None if plan is not None else _transform(augment, False, spec.input_shape, info, scaling)
    )
    mean, std = _batch_stats(scaling, info, images)
    return SplitData(raw, images, labels, indices, names, mean, std, transform)
