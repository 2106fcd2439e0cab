"""A torch Dataset over a list of (image file, label), as a custom dataset's manifest gives.

torchvision's ImageFolder would scan the folders again and fails when a class has no
images in one split (a small class may have none in validation); the manifest already
knows every file, so this reads exactly those.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image
from torch.utils.data import Dataset

from core.images import open_rgb


class FileListDataset(Dataset):
    """(PIL RGB image or transform(image), int label) for each listed file."""

    def __init__(
        self,
        root: Path,
        samples: list[tuple[str, int]],
        classes: list[str],
        transform: Callable[[Image.Image], Any] | None = None,
    ) -> None:
        self.root = root
        self.samples = [(str(root / rel), label) for rel, label in samples]
        self.targets = [label for _, label in samples]
        self.classes = list(classes)
        self.class_to_idx = {name: i for i, name in enumerate(self.classes)}
        self.transform = transform

    def __len__(self) -> int:
        return len(self.samples)

    def __getitem__(self, index: int) -> tuple[Any, int]:
        path, label = self.samples[index]
        image = open_rgb(path)
        return (self.transform(image) if self.transform else image), label
