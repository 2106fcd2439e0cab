"""A two-class photo set the lab fetches by itself when online: cats and dogs from the
Oxford-IIIT Pet photos (Parkhi et al. 2012, the University of Oxford's Visual Geometry Group),
licensed CC BY-SA 4.0. 001's exercise 19-3 fine-tunes on cats and dogs too.

torchvision downloads the photos (about 800 MB) into the lab's data folder; the lab reads
torchvision's layout itself: `annotations/trainval.txt` lists each photo as
"<breed>_<number> <breed id> <species: 1 cat, 2 dog> <breed number>", and the photo is
`images/<breed>_<number>.jpg`.
"""

from __future__ import annotations

import re
from pathlib import Path

from core.data import importers, sources
from core.data.custom import CustomInfo
from core.data.errors import DatasetImportError
from core.i18n import _
from core.identity.people import LOCAL, Actor

LICENCE = "CC BY-SA 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by-sa/4.0/"
SOURCE_URL = "https://www.robots.ox.ac.uk/~vgg/data/pets/"
DOWNLOAD_MB = 800
SPECIES = {"1": "cat", "2": "dog"}
MIN_PER_CLASS, MAX_PER_CLASS = 10, 1000
PHOTO_ID = re.compile(r"[A-Za-z0-9_-]{1,80}")  # a listed name cannot reach outside images/


def folder() -> Path:
    return sources.torchvision_root() / "oxford-iiit-pet"


def is_ready() -> bool:
    """The photos and their list are on this computer (downloaded before)."""
    return (folder() / "annotations" / "trainval.txt").is_file() and (folder() / "images").is_dir()


def download() -> None:
    """torchvision's download and unpacking; DatasetImportError, in words, when it fails."""
    from torchvision.datasets import OxfordIIITPet  # lazy: torchvision costs seconds

    try:
        OxfordIIITPet(str(sources.torchvision_root()), split="trainval", download=True)
    except (RuntimeError, OSError) as error:
        reason = (str(error).strip().splitlines() or [_("failed")])[0][:200]
        raise DatasetImportError(
            _("The download failed: {reason}. It needs the internet (about {mb} MB).").format(
                reason=reason, mb=DOWNLOAD_MB
            )
        ) from error


def pet_photos(per_class: int) -> dict[str, list[tuple[str, bytes]]]:
    """The first `per_class` cats and dogs of the list, as {class: [(file name, bytes)]}."""
    if not MIN_PER_CLASS <= per_class <= MAX_PER_CLASS:
        raise DatasetImportError(
            _("Choose {low} to {high} photos per class.").format(
                low=MIN_PER_CLASS, high=MAX_PER_CLASS
            )
        )
    if not is_ready():
        raise DatasetImportError(_("The Oxford-IIIT Pet photos are not on this computer."))
    picked: dict[str, list[tuple[str, bytes]]] = {name: [] for name in SPECIES.values()}
    listing = (folder() / "annotations" / "trainval.txt").read_text(errors="replace")
    for line in listing.splitlines():
        parts = line.split()
        if len(parts) != 4 or parts[2] not in SPECIES or not PHOTO_ID.fullmatch(parts[0]):
            continue
        photos = picked[SPECIES[parts[2]]]
        path = folder() / "images" / f"{parts[0]}.jpg"
        if len(photos) < per_class and path.is_file():
            photos.append((path.name, path.read_bytes()))
    return picked


def import_pets(
    per_class: int, title: str, owner: Actor = LOCAL, fetch: bool = False
) -> CustomInfo:
    """A photo set of `per_class` cats and `per_class` dogs, the student's own; `fetch`
    downloads the photos first when they are not here (the teacher's call in a class)."""
    if fetch and not is_ready():
        download()
    return importers.import_files(pet_photos(per_class), title, 0.0, 0, owner=owner)
