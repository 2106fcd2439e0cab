"""EMNIST Letters through torchvision's own reader: upright images, labels from 0, 26 letters.

The data is online only (560 MB from NIST), so the reader is fed files in NIST's format made
here."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import pytest

from core.data import emnist, sources
from core.data.datasets import BUILTIN, is_available, load_dataset, source_of
from core.data.errors import DatasetUnavailable


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path))


def _write_nist_files(root: Path, images: np.ndarray, labels: np.ndarray) -> None:
    """The unpacked idx files as NIST ships them: images stored transposed, labels 1-26."""
    for path in emnist.raw_files(root):
        path.parent.mkdir(parents=True, exist_ok=True)
        if "images" in path.name:
            header = struct.pack(">IIII", 2051, len(images), 28, 28)
            path.write_bytes(header + images.transpose(0, 2, 1).astype(np.uint8).tobytes())
        else:
            path.write_bytes(
                struct.pack(">II", 2049, len(labels)) + labels.astype(np.uint8).tobytes()
            )


def test_offline_without_the_files_it_says_how_to_get_it() -> None:
    assert not is_available("emnist_letters")
    with pytest.raises(DatasetUnavailable) as caught:
        load_dataset("emnist_letters", "train", download=False)
    assert "560 MB" in str(caught.value)


def test_the_letters_are_upright_and_counted_from_zero() -> None:
    upright = np.zeros((2, 28, 28), np.uint8)
    upright[0, 2, 20] = 255  # a stroke near the top right of the first letter
    upright[1, 27, 0] = 128
    _write_nist_files(sources.torchvision_root(), upright, np.array([1, 26]))
    assert is_available("emnist_letters") and source_of("emnist_letters")
    dataset = load_dataset("emnist_letters", "train", download=False)
    assert dataset.classes == BUILTIN["emnist_letters"].classes
    assert len(dataset.classes) == 26 and dataset.classes[0] == "A / a"
    image, label = dataset[0]
    assert label == 0 and np.asarray(image)[2, 20] == 255 and np.asarray(image)[20, 2] == 0
    image, label = dataset[1]
    assert label == 25 and dataset.classes[label] == "Z / z" and np.asarray(image)[27, 0] == 128
