"""Turn checked entries into a custom dataset folder, atomically.

Images are decoded to RGB, shrunk when larger than `STORE_MAX_SIDE`, written into
`custom_root()/.tmp-<random>/train/<class>/`, split (stratified, seeded) into train and
val, measured (mean/std per channel) and only then renamed to `custom_root()/<name>`.
"""

from __future__ import annotations

import io
import re
import shutil
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import numpy as np
from PIL import Image

from core.data.custom import (
    CustomInfo,
    custom_root,
    dataset_slug,
    list_custom,
    safe_name,
    write_manifest,
)
from core.data.errors import DatasetImportError
from core.i18n import _, ngettext
from core.identity.names import tidy
from core.images import ImageError, open_rgb

MAX_FILE_BYTES = 50 * 2**20
MAX_CLASSES = 500
MAX_VAL_FRACTION = 0.9
# Photos are stored at most this many pixels on the longer side: enough for the course's
# models (32 to 224 pixels) and keeps a class of phone photos from filling the disk.
STORE_MAX_SIDE = 1024

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Entry:
    """One candidate image: its class folder, its name, its size and how to read it."""

    label: str
    filename: str
    size: int
    read: Callable[[], bytes]
    split: str | None = None


def _class_names(labels: list[str]) -> dict[str, str]:
    """Raw folder name -> safe class name; two folders that would clash are an error."""
    names: dict[str, str] = {}
    seen: dict[str, str] = {}
    for raw in labels:
        try:
            name = safe_name(raw, "class name")
        except ValueError as error:
            raise DatasetImportError(str(error)) from None
        key = name.casefold()
        if key in seen and seen[key] != raw:
            raise DatasetImportError(
                _(
                    "the class folders {first!r} and {second!r} would both be called {name!r} "
                    "(names are compared ignoring case); rename one of them"
                ).format(first=seen[key], second=raw, name=name)
            )
        seen[key] = raw
        names[raw] = name
    return names


def _file_name(index: int, filename: str, image_format: str | None) -> str:
    stem = re.sub(r"[^\w.-]+", "_", PurePosixPath(filename).stem)[:40].strip("._") or "image"
    # JPEG photos stay JPEG (near-lossless at 95); everything else is stored losslessly.
    return f"{index:05d}_{stem}.{'jpg' if image_format == 'JPEG' else 'png'}"


def stratified_split(
    labels: list[int], val_fraction: float, seed: int
) -> tuple[list[int], list[int]]:
    """Indices of train and val: each class gives round(n * fraction) to val, at least one
    image stays in train; the same seed always gives the same split."""
    rng = np.random.default_rng(seed)
    train, val = [], []
    for label in sorted(set(labels)):
        members = [i for i, lab in enumerate(labels) if lab == label]
        order = [members[j] for j in rng.permutation(len(members))]
        n_val = min(round(len(members) * val_fraction), len(members) - 1)
        val += order[:n_val]
        train += order[n_val:]
    return sorted(train), sorted(val)


def _decode_all(
    entries: list[Entry], names: dict[str, str], temp: Path, progress: Progress | None
) -> tuple[list[tuple[str, str, str | None, _Moments]], list[tuple[str, str]], int]:
    """Decode and store each entry; returns (stored, skipped, resized count)."""
    stored, skipped, resized = [], [], 0
    per_class: Counter[str] = Counter()
    for done, entry in enumerate(entries, 1):
        where = f"{entry.label}/{entry.filename}"
        try:
            if entry.size > MAX_FILE_BYTES:
                raise ImageError(_("is larger than {mib} MiB").format(mib=MAX_FILE_BYTES // 2**20))
            data = entry.read()
            image = open_rgb(data)
            image_format = Image.open(io.BytesIO(data)).format
        except (ImageError, OSError, ValueError) as error:
            skipped.append((where, str(error)))
            continue
        if max(image.size) > STORE_MAX_SIDE:
            image.thumbnail((STORE_MAX_SIDE, STORE_MAX_SIDE), Image.Resampling.LANCZOS)
            resized += 1
        name = names[entry.label]
        rel = f"train/{name}/{_file_name(per_class[name], entry.filename, image_format)}"
        per_class[name] += 1
        target = temp / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        image.save(target, quality=95) if target.suffix == ".jpg" else image.save(target)
        stored.append((rel, name, entry.split, _Moments.of(image)))
        if progress:
            progress(done, len(entries))
    return stored, skipped, resized


@dataclass(frozen=True)
class _Moments:
    """Per-image pixel sums, so the dataset's mean/std need no image kept in memory."""

    total: np.ndarray
    squares: np.ndarray
    count: int
    shape: tuple[int, int]

    @classmethod
    def of(cls, image: Image.Image) -> _Moments:
        pixels = np.asarray(image, dtype=np.float64).reshape(-1, 3) / 255.0
        return cls(pixels.sum(0), (pixels**2).sum(0), len(pixels), (image.height, image.width))


def _channel_stats(moments: list[_Moments]) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Per-channel mean and (population) std of pixel values scaled to [0, 1]."""
    count = sum(m.count for m in moments)
    mean = np.asarray(sum(m.total for m in moments) / count)
    squares = np.asarray(sum(m.squares for m in moments))
    std = np.sqrt(np.maximum(squares / count - mean**2, 0.0))
    return tuple(round(float(v), 4) for v in mean), tuple(round(float(v), 4) for v in std)


def _too_few_classes(classes: list[str], unreadable: int) -> str:
    """Why a dataset with fewer than two classes of readable images is refused."""
    if classes:
        message = _(
            "a classifier needs at least two classes with readable images; found only {name!r}"
        ).format(name=classes[0])
    else:
        message = _("a classifier needs at least two classes with readable images; found none")
    if unreadable:
        message += " " + ngettext(
            "({n} file could not be read)", "({n} files could not be read)", unreadable
        ).format(n=unreadable)
    return message


def build_dataset(
    entries: list[Entry],
    title: str,
    val_fraction: float,
    seed: int,
    source: str,
    skipped: list[tuple[str, str]],
    empty: list[str],
    progress: Progress | None = None,
) -> CustomInfo:
    """Decode, split and store `entries` as the custom dataset `title`, all or nothing."""
    try:
        name = dataset_slug(title)
    except ValueError as error:
        raise DatasetImportError(str(error)) from None
    if name in list_custom():
        raise DatasetImportError(
            _("a dataset called {name!r} exists already; delete it or rename").format(name=name)
        )
    if not 0.0 <= val_fraction <= MAX_VAL_FRACTION:
        raise DatasetImportError(
            _("the validation share must be between 0 and {most}").format(most=MAX_VAL_FRACTION)
        )
    if not entries:
        raise DatasetImportError(_("no images found: put the images in one folder per class"))
    names = _class_names(sorted({e.label for e in entries} | set(empty)))
    if len(names) > MAX_CLASSES:
        raise DatasetImportError(
            _("{count} classes is more than the limit of {limit}").format(
                count=len(names), limit=MAX_CLASSES
            )
        )
    temp = custom_root() / f".tmp-{uuid.uuid4().hex}"
    temp.mkdir()
    try:
        stored, bad, resized = _decode_all(entries, names, temp, progress)
        classes = sorted({item[1] for item in stored})
        # The notes are stored in the manifest, in the language of the session that imports.
        notes = [
            _("class {name!r} has no images and was left out").format(name=names[e]) for e in empty
        ]
        notes += [
            _("class {name!r} has no readable images and was left out").format(name=n)
            for n in sorted(set(names.values()) - set(classes) - {names[e] for e in empty})
        ]
        if len(classes) < 2:
            raise DatasetImportError(_too_few_classes(classes, len(bad)))
        labels = [classes.index(item[1]) for item in stored]
        if any(item[2] is not None for item in stored):
            val_idx = [i for i, item in enumerate(stored) if item[2] == "val"]
            val_fraction = 0.0
            notes.append(_("kept the archive's own train/validation folders"))
        else:
            val_idx = stratified_split(labels, val_fraction, seed)[1]
        val_set = set(val_idx)
        files: dict[str, list[tuple[str, int]]] = {"train": [], "val": []}
        for i, (rel, *_rest) in enumerate(stored):
            if i in val_set:
                new = "val" + rel[len("train") :]
                (temp / new).parent.mkdir(parents=True, exist_ok=True)
                (temp / rel).rename(temp / new)
                rel = new
            files["val" if i in val_set else "train"].append((rel, labels[i]))
        train_moments = [stored[i][3] for i in range(len(stored)) if i not in val_set]
        mean, std = _channel_stats(train_moments)
        sizes = Counter(m.shape for m in train_moments)
        height, width = sizes.most_common(1)[0][0]
        if resized:
            notes.append(
                ngettext(
                    "{n} large image was shrunk to {side} px at most",
                    "{n} large images were shrunk to {side} px at most",
                    resized,
                ).format(n=resized, side=STORE_MAX_SIDE)
            )
        info = CustomInfo(
            name=name,
            title=tidy(title, 200) or name,  # as typed, less invisible characters
            classes=classes,
            files=files,
            input_shape=(3, int(height), int(width)),
            mean=mean,
            std=std,
            source=source,
            created=datetime.now(UTC).isoformat(timespec="seconds"),
            version=uuid.uuid4().hex[:12],
            val_fraction=val_fraction,
            seed=seed,
            skipped=skipped + bad,
            notes=notes,
        )
        write_manifest(temp, info)
        try:
            temp.rename(custom_root() / name)
        except OSError:
            raise DatasetImportError(
                _("a dataset called {name!r} appeared meanwhile").format(name=name)
            ) from None
        return info
    finally:
        shutil.rmtree(temp, ignore_errors=True)
