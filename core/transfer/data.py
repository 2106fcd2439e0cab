"""Photo sets for transfer learning: the files, their labels, and batches at the backbone's size.

A `PhotoSet` comes from a custom dataset (imported on the Datasets page, `core.data.importers`),
a built-in one (MNIST, Fashion-MNIST, CIFAR-10, written once as PNG files), or straight from a
folder of class subfolders (the CLI). Every image goes through the
backbone's own preprocessing: resize the shorter side, centre crop, scale to [0, 1],
normalise; so the pretrained weights see what they were trained on.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch

from core.data.custom import custom_info
from core.data.datasets import BUILTIN, get_info, load_dataset, targets, version
from core.i18n import _
from core.images import ImageError, open_rgb
from core.paths import cache_dir
from core.training.config import TrainConfig
from core.training.data import SplitData, TrainData
from core.training.splits import stratified_split
from core.transfer.backbones import Backbone
from core.transfer.cases import BUILTIN_PER_CLASS

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp", ".tif", ".tiff"}


@dataclass
class PhotoSet:
    """Image files with integer labels into `classes`; `skipped` lists (file, reason)."""

    name: str
    paths: list[Path]
    labels: np.ndarray
    classes: list[str]
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.paths)

    def subset(self, keep: list[int]) -> PhotoSet:
        return PhotoSet(
            self.name, [self.paths[i] for i in keep], self.labels[keep], self.classes, self.skipped
        )


def photos_from_builtin(
    name: str, per_class: int = BUILTIN_PER_CLASS, classes: list[str] | None = None
) -> PhotoSet:
    """The first `per_class` training images of each class of a built-in dataset (MNIST,
    Fashion-MNIST, CIFAR-10), written once as PNG files in the lab's cache: the backbone's
    preprocessing turns grey 28x28 digits into RGB at its input size, and the feature cache
    keeps their features like any photo's. `classes`: only those (001's cats and dogs from
    CIFAR-10), numbered in the dataset's order; a name it lacks raises ValueError."""
    info = get_info(name)
    dataset = load_dataset(name, "train", download=False)  # first: it may unpack the files
    folder = cache_dir() / "transfer-sets" / f"{name}-{version(name)}-{per_class}"
    if not folder.is_dir():
        dataset_labels = targets(dataset)
        temp = folder.with_name(f".{folder.name}.{os.getpid()}.tmp")
        shutil.rmtree(temp, ignore_errors=True)
        for label in range(len(info.classes)):
            (temp / str(label)).mkdir(parents=True)
            for n, index in enumerate(np.flatnonzero(dataset_labels == label)[:per_class]):
                dataset[int(index)][0].save(temp / str(label) / f"{n:05d}.png")
        try:
            temp.rename(folder)  # whole or not at all; another session may have won the race
        except OSError:
            shutil.rmtree(temp, ignore_errors=True)
    unknown = [wanted for wanted in classes or [] if wanted not in info.classes]
    if unknown:
        raise ValueError(
            _("{dataset} has no class {name}; its classes are: {names}.").format(
                dataset=name, name=repr(unknown[0])[:60], names=", ".join(info.classes)
            )
        )
    kept = [n for n, title in enumerate(info.classes) if classes is None or title in classes]
    paths, labels = [], []
    for label, original in enumerate(kept):
        files = sorted((folder / str(original)).glob("*.png"))
        paths += files
        labels += [label] * len(files)
    names = [info.classes[n] for n in kept]
    return PhotoSet(name, paths, np.array(labels, dtype=np.int64), names)


def photos_from_dataset(
    name: str, per_class: int = BUILTIN_PER_CLASS, classes: list[str] | None = None
) -> PhotoSet:
    """Every file of a custom dataset (both of its splits: fine-tuning holds out its own),
    or a built-in dataset's photo set (photos_from_builtin, with its per_class and classes)."""
    if name in BUILTIN:
        return photos_from_builtin(name, per_class, classes)

    info = custom_info(name)
    files = [item for split in ("train", "val") for item in info.files.get(split, [])]
    paths = [info.folder / rel for rel, _label in files]
    labels = np.array([label for _rel, label in files], dtype=np.int64)
    return PhotoSet(name, paths, labels, list(info.classes))


def photos_from_folder(folder: str | Path) -> PhotoSet:
    """`folder/<class>/*.jpg` (classes in sorted order, as ImageFolder names them)."""
    root = Path(folder)
    if not root.exists():
        raise FileNotFoundError(
            _("{folder} does not exist: check the path (and its spelling)").format(folder=root)
        )
    if not root.is_dir():
        raise FileNotFoundError(
            _("{folder} is a file, not a folder of class subfolders").format(folder=root)
        )
    classes = sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    paths, labels, skipped = [], [], []
    for index, name in enumerate(classes):
        for path in sorted((root / name).rglob("*")):
            if not path.is_file() or path.name.startswith("."):
                continue
            if path.suffix.lower() not in IMAGE_SUFFIXES:
                skipped.append((str(path), _("not an image file name")))
                continue
            paths.append(path)
            labels.append(index)
    if len(classes) < 2 or len(set(labels)) < 2:
        raise ValueError(
            _("{folder} needs at least two class subfolders with images in them").format(
                folder=root
            )
        )
    return PhotoSet(_set_name(root), paths, np.array(labels, dtype=np.int64), classes, skipped)


SPLIT_FOLDERS = {"train", "training", "val", "valid", "validation", "test"}


def _set_name(root: Path) -> str:
    """The photo set's name: its folder's, or the parent's when the folder is a split
    ("monkey_vs_human", not "train", for monkey_vs_human/train)."""
    if root.name.lower() in SPLIT_FOLDERS and root.parent.name:
        return root.parent.name
    return root.name


def readable(photos: PhotoSet) -> PhotoSet:
    """The photos that decode; the others move to `skipped` with the reason."""
    keep, skipped = [], list(photos.skipped)
    for i, path in enumerate(photos.paths):
        try:
            open_rgb(path).close()
            keep.append(i)
        except (ImageError, OSError) as error:
            skipped.append((str(path), str(error)))
    result = photos.subset(keep)
    result.skipped = skipped
    return result


def eval_transform(backbone: Backbone) -> Any:
    """Resize the shorter side, centre crop, [0, 1] float tensor, normalise."""
    from torchvision.transforms import v2

    return v2.Compose(
        [
            v2.Resize(backbone.resize, antialias=True),
            v2.CenterCrop(backbone.input_size),
            v2.ToImage(),
            v2.ToDtype(torch.float32, scale=True),
            v2.Normalize(list(backbone.mean), list(backbone.std)),
        ]
    )


def train_transform(backbone: Backbone) -> Any:
    """Training adds a random crop and a horizontal flip (cheap, label-preserving)."""
    from torchvision.transforms import v2

    return v2.Compose(
        [
            v2.RandomResizedCrop(backbone.input_size, scale=(0.6, 1.0), antialias=True),
            v2.RandomHorizontalFlip(),
            v2.ToImage(),
            v2.ToDtype(torch.float32, scale=True),
            v2.Normalize(list(backbone.mean), list(backbone.std)),
        ]
    )


class _Files(torch.utils.data.Dataset):
    """(PIL image, label) per photo, opened safely; what SplitData's transform path reads."""

    def __init__(self, photos: PhotoSet) -> None:
        self.photos = photos
        self.classes = photos.classes

    def __len__(self) -> int:
        return len(self.photos)

    def __getitem__(self, i: int) -> tuple[Any, int]:
        return open_rgb(self.photos.paths[i]), int(self.photos.labels[i])


def split_indices(photos: PhotoSet, config: TrainConfig) -> tuple[np.ndarray, np.ndarray]:
    """The engine's stratified, seeded split: every strategy sees the same validation set."""
    return stratified_split(
        photos.labels,
        config.val_fraction,
        config.seed,
        config.train_limit,
        config.folds,
        config.fold,
    )


def image_data(photos: PhotoSet, backbone: Backbone, config: TrainConfig) -> TrainData:
    """Batches of preprocessed images, for the strategies that train convolution layers."""
    train_idx, val_idx = split_indices(photos, config)
    raw = _Files(photos)
    mean, std = backbone.mean, backbone.std

    def subset(indices: np.ndarray, transform: Any) -> SplitData:
        return SplitData(raw, None, photos.labels, indices, photos.classes, mean, std, transform)

    return TrainData(
        subset(train_idx, train_transform(backbone)),
        subset(val_idx, eval_transform(backbone)),
        config.batch_size,
        config.seed,
    )
