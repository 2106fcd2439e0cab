"""A torch Dataset over a list of (image file, label), as a custom dataset's manifest gives.

torchvision's ImageFolder would scan the folders again and fails when a class has no
images in one split (a small class may have none in validation); the manifest already
knows every file, so this reads exactly those. A file that has gone (the dataset was deleted
or re-imported while in use) raises `core.data.errors.DatasetChanged`, which says so.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image
from torch.utils.data import Dataset

from core.data.errors import DatasetChanged
from core.i18n import _
from core.images import ImageError, open_rgb


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
        try:
            image = open_rgb(path)
        except (ImageError, OSError) as error:
            raise self._changed(Path(path), error) from None
        return (self.transform(image) if self.transform else image), label

    def _changed(self, path: Path, error: Exception) -> Exception:
        """A DatasetChanged naming the dataset (its folder) and the file."""

        name = Path(self.root).name
        try:
            shown = path.relative_to(self.root).as_posix()
        except ValueError:
            shown = path.name
        if not path.is_file():
            return DatasetChanged(
                name, _("its file {file} is gone (deleted or moved)").format(file=shown)
            )
        return DatasetChanged(
            name,
            _("its file {file} can no longer be read ({error})").format(file=shown, error=error),
        )
