"""Import a student's own images as a dataset: from a zip, uploaded files or a local folder.

Every source becomes a list of `Entry` (class, file name, a way to read the bytes), which
`build_dataset` checks against the limits, decodes with `core.images.open_rgb`, splits and
writes into a temporary folder inside the data folder. Only a complete dataset is renamed
into place; on any error the temporary folder is removed, so no half dataset is left behind.
Zip members are read into memory and written under names this module makes, so a path in
an archive can never choose where a file lands.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from core.classroom.roots import server_path
from core.data.build import MAX_FILE_BYTES, Entry, build_dataset
from core.data.custom import UPLOADED_FILES, CustomInfo
from core.data.errors import DatasetImportError
from core.i18n import _, ngettext
from core.identity.ownership import claim
from core.identity.people import LOCAL, Actor

MAX_FILES = 20_000
MAX_TOTAL_BYTES = 2 * 2**30
# A zip member that inflates more than this many times is refused: photos barely compress,
# a zip bomb (gigabytes of zeros in a small file) compresses thousands of times.
MAX_COMPRESSION_RATIO = 200
# Folders the split layout `train/<class>`, `val/<class>` may use.
SPLIT_FOLDERS = {"train": "train", "val": "val", "valid": "val", "validation": "val", "test": "val"}
# Files that operating systems add; skipped silently.
_JUNK = {"__MACOSX", ".DS_Store", "Thumbs.db", "desktop.ini"}

Progress = Callable[[int, int], None]


def _is_junk(parts: tuple[str, ...]) -> bool:
    return any(part in _JUNK or part.startswith(".") for part in parts)


def _check_count(n: int, total: int) -> None:
    if n > MAX_FILES:
        raise DatasetImportError(
            _("{n:,} files is more than the limit of {limit:,}; import a smaller selection").format(
                n=n, limit=MAX_FILES
            )
        )
    if total > MAX_TOTAL_BYTES:
        raise DatasetImportError(
            _("the files add up to {mib:,.0f} MiB, more than the limit of {limit:,.0f} MiB").format(
                mib=total / 2**20, limit=MAX_TOTAL_BYTES / 2**20
            )
        )


def entries_from_paths(
    paths: list[tuple[tuple[str, ...], int, Callable[[], bytes]]],
    empty_dirs: Iterable[tuple[str, ...]] = (),
) -> tuple[list[Entry], list[tuple[str, str]], list[str]]:
    """Class folders from relative paths: strip a shared top folder, read a train/val layout.

    Returns (entries, skipped files with reasons, names of empty class folders).
    """
    skipped: list[tuple[str, str]] = []
    parts_list = [parts for parts, _, _ in paths]
    strip = 0
    # "my_photos/cats/1.jpg" -> "cats/1.jpg": zips usually hold one top folder.
    while parts_list and all(len(p) >= strip + 3 for p in parts_list):
        if len({p[strip] for p in parts_list}) != 1:
            break
        strip += 1
    tops = {p[strip] for p in parts_list if len(p) > strip + 1}
    split_layout = bool(tops) and {t.lower() for t in tops} <= SPLIT_FOLDERS.keys()
    split_layout = split_layout and all(len(p) >= strip + 3 for p in parts_list)
    entries = []
    for parts, size, read in paths:
        rest = parts[strip:]
        split = None
        if split_layout:
            split, rest = SPLIT_FOLDERS[rest[0].lower()], rest[1:]
        if len(rest) < 2:
            skipped.append(("/".join(parts), _("not inside a class folder (class/image.jpg)")))
            continue
        entries.append(Entry(rest[0], "/".join(rest[1:]), size, read, split))
    labels = {e.label for e in entries}
    empty = sorted(
        {d[strip + int(split_layout)] for d in empty_dirs if len(d) > strip + int(split_layout)}
        - labels
    )
    return entries, skipped, empty


# Zips made on Korean Windows store names in the system code page (cp949) without the UTF-8
# flag; zipfile then decodes them as cp437 ("┐°╝■" for "원숭이"). Tried in this order.
LEGACY_NAME_ENCODINGS = ("utf-8", "cp949", "shift_jis", "gbk")


def member_name(info: zipfile.ZipInfo) -> str:
    """A member's name as its author wrote it: UTF-8 when flagged, else the first of
    LEGACY_NAME_ENCODINGS that decodes its bytes (cp437 as the last resort, as zipfile)."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:  # not a cp437-decoded name: leave it
        return info.filename
    for encoding in LEGACY_NAME_ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def _unsafe_reason(info: zipfile.ZipInfo) -> str | None:
    for name in {info.filename.replace("\\", "/"), member_name(info).replace("\\", "/")}:
        if reason := _unsafe_path(name):
            return reason
    if (info.external_attr >> 16) & 0o170000 == 0o120000:
        return _("symbolic link")
    if info.flag_bits & 0x1:
        return _("password-protected")
    return None


def _unsafe_path(name: str) -> str | None:
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return _("absolute path")
    if ".." in name.split("/"):
        return _("'..' in the path")
    return None


def entries_from_zip(zf: zipfile.ZipFile) -> tuple[list[Entry], list[tuple[str, str]], list[str]]:
    """Check every member of an open zip before anything is read, then list its images."""
    infos = zf.infolist()
    unsafe = [f"{i.filename} ({r})" for i in infos if (r := _unsafe_reason(i))]
    if unsafe:
        listed = ", ".join(unsafe[:5])
        if len(unsafe) > 5:
            more = len(unsafe) - 5
            listed = ngettext("{listed} and {n} more", "{listed} and {n} more", more).format(
                listed=listed, n=more
            )
        raise DatasetImportError(
            _("the zip was refused: it has unsafe entries: {listed}").format(listed=listed)
        )
    files = [i for i in infos if not i.is_dir()]
    files = [i for i in files if not _is_junk(PurePosixPath(member_name(i)).parts)]
    _check_count(len(files), sum(i.file_size for i in files))
    for info in files:
        if info.file_size > MAX_FILE_BYTES:
            raise DatasetImportError(
                _(
                    "{file} is {mib:,.0f} MiB, more than the per-file limit of {limit:,.0f} MiB"
                ).format(
                    file=info.filename, mib=info.file_size / 2**20, limit=MAX_FILE_BYTES / 2**20
                )
            )
        if info.file_size > 2**20 and info.file_size > MAX_COMPRESSION_RATIO * info.compress_size:
            raise DatasetImportError(
                _(
                    "the zip was refused: {file} inflates {mib:,.0f} MiB from {packed:,} bytes, "
                    "which looks like a zip bomb"
                ).format(file=info.filename, mib=info.file_size / 2**20, packed=info.compress_size)
            )

    def reader(info: zipfile.ZipInfo) -> Callable[[], bytes]:
        def read() -> bytes:
            # Never trust the declared size: read at most one byte past the limit.
            with zf.open(info) as member:
                data = member.read(MAX_FILE_BYTES + 1)
            if len(data) > MAX_FILE_BYTES:
                raise DatasetImportError(
                    _("{file} inflates past the per-file limit").format(file=info.filename)
                )
            return data

        return read

    paths = [(PurePosixPath(member_name(i)).parts, i.file_size, reader(i)) for i in files]
    dirs = [PurePosixPath(member_name(i)).parts for i in infos if i.is_dir()]
    return entries_from_paths(paths, [d for d in dirs if not _is_junk(d)])


def import_zip(
    source: str | Path | bytes | BinaryIO,
    title: str,
    val_fraction: float = 0.0,
    seed: int = 0,
    progress: Progress | None = None,
    owner: Actor = LOCAL,
) -> CustomInfo:
    """Import a zip of class folders (`cats/1.jpg`, or `train/cats/1.jpg` + `val/...`)."""
    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    label = getattr(source, "name", None) or (
        Path(source).name if isinstance(source, (str, Path)) else "upload.zip"
    )
    try:
        with zipfile.ZipFile(stream) as zf:
            entries, skipped, empty = entries_from_zip(zf)
            info = build_dataset(
                entries, title, val_fraction, seed, f"zip: {label}", skipped, empty, progress
            )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as error:
        raise DatasetImportError(
            _("not a readable zip file ({error})").format(error=error)
        ) from None
    claim("dataset", info.name, owner)
    return info


def _reader(data: bytes) -> Callable[[], bytes]:
    """A reader of bytes already in memory (an uploaded file)."""
    return lambda: data


def import_files(
    files: dict[str, list[tuple[str, bytes]]],
    title: str,
    val_fraction: float = 0.0,
    seed: int = 0,
    progress: Progress | None = None,
    owner: Actor = LOCAL,
) -> CustomInfo:
    """Import uploaded files given per class: {class name: [(file name, bytes), ...]}."""
    entries, empty = [], []
    for label, items in files.items():
        if not items:
            empty.append(label)
        for filename, data in items:
            entries.append(Entry(label, PurePosixPath(filename).name, len(data), _reader(data)))
    _check_count(len(entries), sum(e.size for e in entries))
    info = build_dataset(entries, title, val_fraction, seed, UPLOADED_FILES, [], empty, progress)
    claim("dataset", info.name, owner)
    return info


def import_folder(
    folder: str | Path,
    title: str,
    val_fraction: float = 0.0,
    seed: int = 0,
    progress: Progress | None = None,
    owner: Actor = LOCAL,
) -> CustomInfo:
    """Import a folder on the server of class folders (read only; the files are copied):
    the teacher's, under the configured roots (core.classroom.roots)."""
    root = server_path(folder, owner)
    if not root.exists():
        raise DatasetImportError(
            _("{path} does not exist: check the path (and its spelling)").format(path=root)
        )
    if not root.is_dir():
        raise DatasetImportError(
            _("{path} is a file, not a folder of class folders").format(path=root)
        )
    paths, dirs = [], []
    for path in sorted(root.rglob("*")):
        parts = path.relative_to(root).parts
        if _is_junk(parts) or path.is_symlink():
            continue
        if path.is_dir():
            dirs.append(parts)
        elif path.is_file():
            paths.append((parts, path.stat().st_size, path.read_bytes))
            if len(paths) > MAX_FILES:
                break
    _check_count(len(paths), sum(size for _, size, _ in paths))
    entries, skipped, empty = entries_from_paths(paths, dirs)
    info = build_dataset(
        entries, title, val_fraction, seed, f"folder: {root}", skipped, empty, progress
    )
    claim("dataset", info.name, owner)
    return info
