"""The student's own datasets on disk: one folder each under `data_dir()/custom/`.

A dataset folder holds `train/<class>/*` and `val/<class>/*` (images already normalised to
RGB by the import) and `dataset.json`, the manifest that lists every file with its label.
The manifest is written last and the folder renamed into place, so a folder with a manifest
is always complete.
"""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.i18n import N_, _
from core.identity.ownership import forget, hidden_from, require
from core.identity.people import LOCAL, Actor
from core.paths import data_dir

MANIFEST = "dataset.json"
SPLITS = ("train", "val")
RESERVED = frozenset({"mnist", "fashion_mnist", "cifar10"})
MAX_NAME = 60
# Windows and macOS compare names case-insensitively and forbid these characters.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
# safe_name's refusal, one whole sentence per kind of name.
_NO_CHARACTERS = {
    "name": N_("the name {text!r} has no usable characters; use letters or digits"),
    "dataset name": N_("the dataset name {text!r} has no usable characters; use letters or digits"),
    "class name": N_("the class name {text!r} has no usable characters; use letters or digits"),
}
# How an import's source is stored in the manifest (English) and shown (translated).
UPLOADED_FILES = "uploaded files"
_SOURCE_PREFIXES = {"zip: ": N_("zip: {name}"), "folder: ": N_("folder: {name}")}


def custom_root() -> Path:
    path = data_dir() / "custom"
    path.mkdir(parents=True, exist_ok=True)
    return path


def safe_name(text: str, what: str = "name") -> str:
    """A file-system-safe version of `text` (keeps letters of any script, digits, - _ . space).

    `what` is "name", "dataset name" or "class name": which name the error message names."""
    cleaned = unicodedata.normalize("NFC", text)
    cleaned = _UNSAFE.sub("_", cleaned).strip(" .")
    cleaned = re.sub(r"\s+", " ", cleaned)[:MAX_NAME].strip(" .")
    if not cleaned or set(cleaned) <= {"_", "-"}:
        message = _NO_CHARACTERS.get(what, _NO_CHARACTERS["name"])
        raise ValueError(_(message).format(text=text))
    return cleaned


def dataset_slug(title: str) -> str:
    """The folder and registry name of a custom dataset: lower case, words joined by '-'."""
    slug = re.sub(r"[^\w]+", "-", safe_name(title, "dataset name").lower()).strip("-_")
    if not slug:
        raise ValueError(
            _("the dataset name {title!r} has no usable characters").format(title=title)
        )
    if slug in RESERVED:
        raise ValueError(
            _("{slug!r} is the name of a built-in dataset; choose another name").format(slug=slug)
        )
    return slug


def source_text(source: str) -> str:
    """A manifest's `source` ("zip: x.zip", "folder: /path", "uploaded files") in the
    session's language."""
    if source == UPLOADED_FILES:
        return _("uploaded files")
    for prefix, message in _SOURCE_PREFIXES.items():
        if source.startswith(prefix):
            return _(message).format(name=source[len(prefix) :])
    return source


@dataclass
class CustomInfo:
    """What `dataset.json` holds, as the page and the loaders use it."""

    name: str
    title: str
    classes: list[str]
    files: dict[str, list[tuple[str, int]]]
    input_shape: tuple[int, int, int]
    mean: tuple[float, ...]
    std: tuple[float, ...]
    source: str = ""
    created: str = ""
    version: str = ""
    val_fraction: float = 0.0
    seed: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def folder(self) -> Path:
        return custom_root() / self.name

    def counts(self, split: str) -> dict[str, int]:
        counts = dict.fromkeys(self.classes, 0)
        for _file, label in self.files.get(split, []):
            counts[self.classes[label]] += 1
        return counts

    def to_json(self) -> dict[str, Any]:
        data = self.__dict__.copy()
        data["files"] = {
            split: [list(item) for item in items] for split, items in self.files.items()
        }
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CustomInfo:
        data = dict(data)
        data["files"] = {s: [(p, int(i)) for p, i in items] for s, items in data["files"].items()}
        data["input_shape"] = tuple(data["input_shape"])
        data["mean"], data["std"] = tuple(data["mean"]), tuple(data["std"])
        data["skipped"] = [tuple(item) for item in data.get("skipped", [])]
        return cls(**data)


def write_manifest(folder: Path, info: CustomInfo) -> None:
    (folder / MANIFEST).write_text(json.dumps(info.to_json(), indent=1, ensure_ascii=False))


def list_custom(actor: Actor = LOCAL) -> list[str]:
    """Names of complete custom datasets (folders with a manifest) `actor` may see, sorted:
    in a class, a student sees hers, the teacher's and those the teacher shared."""
    hidden = hidden_from(actor, "dataset")
    return sorted(
        path.name
        for path in custom_root().iterdir()
        if path.is_dir()
        and not path.name.startswith(".")
        and path.name not in hidden
        and (path / MANIFEST).is_file()
    )


def custom_info(name: str) -> CustomInfo:
    """Read a custom dataset's manifest; `KeyError` when there is none by that name."""
    path = custom_root() / name / MANIFEST
    if name.startswith(".") or "/" in name or not path.is_file():
        raise KeyError(name)
    return CustomInfo.from_json(json.loads(path.read_text()))


def delete_custom(name: str, actor: Actor = LOCAL) -> bool:
    """Remove a custom dataset's folder (only ever a folder directly under custom_root());
    its owner or the teacher.

    True when this call deleted it; False when it was already gone (another session's
    Delete won the race): both end the same way for the student, without an error."""
    if name not in list_custom():
        return False
    require(actor, "dataset", name)
    folder = custom_root() / name
    # Rename first, to a name of this call's own, so a half-deleted folder is never listed
    # as a dataset and two deletes cannot trip over each other's trash.
    trash = custom_root() / f".deleting-{name}-{uuid.uuid4().hex[:8]}"
    try:
        folder.rename(trash)
    except FileNotFoundError:
        return False
    shutil.rmtree(trash, ignore_errors=True)
    forget("dataset", name)
    return True
