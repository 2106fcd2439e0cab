"""A few real monkey/human photos from ../shared, copied into a test's temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

PRIMATES = frozenset(
    {
        "orangutan",
        "gorilla",
        "chimpanzee",
        "gibbon",
        "siamang",
        "guenon",
        "patas",
        "baboon",
        "macaque",
        "langur",
        "colobus",
        "proboscis monkey",
        "marmoset",
        "capuchin",
        "howler monkey",
        "titi",
        "spider monkey",
        "squirrel monkey",
        "Madagascar cat",
        "indri",
    }
)  # ImageNet classes 365-384


def photo_folder(shared: Path, into: Path, per_class: int, skip: int = 0) -> Path:
    """`into/{human,monkey}/` with `per_class` photos each (the first ones after `skip`)."""
    source = shared / "monkey_vs_human" / "train"
    for name in ("human", "monkey"):
        (into / name).mkdir(parents=True, exist_ok=True)
        for path in sorted((source / name).glob("*.jpg"))[skip : skip + per_class]:
            shutil.copy(path, into / name / path.name)
    return into


def held_out(shared: Path, name: str, index: int = -1) -> Path:
    """A photo the small training folders never include (from the end of the sorted list)."""
    return sorted((shared / "monkey_vs_human" / "train" / name).glob("*.jpg"))[index]
