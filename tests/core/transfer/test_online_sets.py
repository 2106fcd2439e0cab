"""Cats and dogs from Oxford-IIIT Pet: the photo set made from torchvision's layout, a listed
name that points elsewhere skipped, and a failed download said in words."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from core.data.custom import custom_info
from core.data.errors import DatasetImportError
from core.transfer import online_sets as pets


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path / "home"))


def _jpeg(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(out, "JPEG")
    return out.getvalue()


def _unpacked(cats: int, dogs: int) -> None:
    """torchvision's unpacked layout: images/<id>.jpg and annotations/trainval.txt."""
    images = pets.folder() / "images"
    images.mkdir(parents=True)
    (pets.folder() / "annotations").mkdir()
    lines = ["# comment lines are skipped", "../../secret 1 1 1"]  # not a photo of images/
    for species, breed, count, colour in (
        ("1", "Bengal", cats, (200, 90, 20)),
        ("2", "pug", dogs, (30, 30, 30)),
    ):
        for n in range(1, count + 1):
            (images / f"{breed}_{n}.jpg").write_bytes(_jpeg(colour))
            lines.append(f"{breed}_{n} 7 {species} 3")
    (pets.folder() / "annotations" / "trainval.txt").write_text("\n".join(lines))


def test_a_photo_set_of_cats_and_dogs_from_the_downloaded_photos() -> None:
    _unpacked(cats=14, dogs=12)
    assert pets.is_ready()
    info = pets.import_pets(10, "cats-and-dogs")
    again = custom_info(info.name)
    assert again.classes == ["cat", "dog"]
    assert len(again.files["train"]) == 20  # 10 each: the first ten of each in the list


def test_too_few_photos_per_class_is_refused() -> None:
    _unpacked(cats=3, dogs=3)
    with pytest.raises(DatasetImportError, match="10 to 1000"):
        pets.import_pets(5, "tiny")


def test_without_the_photos_and_no_download_it_says_so() -> None:
    assert not pets.is_ready()
    with pytest.raises(DatasetImportError, match="not on this computer"):
        pets.import_pets(10, "none")


def test_a_failed_download_is_said_in_words(monkeypatch: pytest.MonkeyPatch) -> None:
    from torchvision.datasets import OxfordIIITPet

    # torchvision's own download, pointed at a port where nothing listens (offline or not).
    nowhere = tuple(
        ("http://127.0.0.1:9/" + Path(url).name, md5) for url, md5 in OxfordIIITPet._RESOURCES
    )
    monkeypatch.setattr(OxfordIIITPet, "_RESOURCES", nowhere)
    with pytest.raises(DatasetImportError, match=r"The download failed: .*internet"):
        pets.import_pets(10, "cats-and-dogs", fetch=True)
