"""EMNIST Letters (000:303): handwritten letters, upper and lower case of a letter in one class,
as torchvision downloads them from NIST (about 560 MB, online only).

torchvision's reader returns NIST's files as stored: each image transposed (a letter lies on
its side, mirrored) and the labels 1-26 with an unused class "N/A" at 0. The lab turns the
images upright and counts the labels from 0, so a model has 26 outputs, one per letter.
"""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any

LETTERS = [
    f"{upper} / {lower}"
    for upper, lower in zip(string.ascii_uppercase, string.ascii_lowercase, strict=True)
]
SPLIT = "letters"


def raw_files(root: Path) -> list[Path]:
    """The four files torchvision reads, under its `root` (downloaded and unpacked there)."""
    raw = root / "EMNIST" / "raw"
    return [
        raw / f"emnist-{SPLIT}-{part}-{kind}"
        for part in ("train", "test")
        for kind in ("images-idx3-ubyte", "labels-idx1-ubyte")
    ]


def is_ready(root: Path) -> bool:
    return all(path.is_file() for path in raw_files(root))


def load_letters(root: Path, train: bool, download: bool) -> Any:
    """torchvision's EMNIST 'letters', upright, labels 0-25 and the 26 letters as classes."""
    from torchvision.datasets import EMNIST  # lazy: torchvision costs seconds at start-up

    dataset = EMNIST(str(root), split=SPLIT, train=train, download=download)
    dataset.data = dataset.data.transpose(1, 2).contiguous()
    dataset.targets = dataset.targets - 1
    dataset.classes = list(LETTERS)
    return dataset
