"""Custom imports from real generated zips, uploads and folders, and every bad input."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from core.data import build as dataset_build
from core.data import importers as imports
from core.data.build import stratified_split
from core.data.custom import custom_root, delete_custom, list_custom
from core.data.datasets import get_info, list_datasets, load_dataset
from core.data.errors import DatasetImportError
from core.data.importers import import_files, import_folder, import_zip
from tests.core.zips import make_zip, png_bytes, windows_korean_zip


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def _files_under(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


def test_zip_imports_with_a_stratified_seeded_split() -> None:
    info = import_zip(make_zip({"cats": 10, "dogs": 5}, top="photos/"), "My Pets", 0.2, seed=3)
    assert info.name == "my-pets" and info.classes == ["cats", "dogs"]
    # round(10 * 0.2) = 2 and round(5 * 0.2) = 1 per class go to validation.
    assert info.counts("val") == {"cats": 2, "dogs": 1}
    assert info.counts("train") == {"cats": 8, "dogs": 4}
    assert "my-pets" in list_datasets() and get_info("my-pets").input_shape == (3, 20, 24)
    train = load_dataset("my-pets", "train")
    image, label = train[0]
    assert image.mode == "RGB" and label == 0 and train.classes == ["cats", "dogs"]
    assert len(load_dataset("my-pets", "val")) == 3
    again = import_zip(make_zip({"cats": 10, "dogs": 5}), "Pets two", 0.2, seed=3)
    assert [f for f, _ in again.files["val"]] == [f for f, _ in info.files["val"]]


def test_stratified_split_by_hand() -> None:
    train, val = stratified_split([0, 0, 0, 0, 1, 1], 0.5, seed=0)
    assert len(val) == 3 and sorted(train + val) == list(range(6))
    assert sum(1 for i in val if i < 4) == 2  # two of class 0, one of class 1
    assert stratified_split([0, 1], 0.9, 0)[1] == []  # one image per class stays in train


def test_mean_and_std_match_torch() -> None:
    import torch
    from torchvision.transforms.v2.functional import pil_to_tensor

    info = import_zip(make_zip({"a": 3, "b": 3}), "stats")
    pixels = torch.stack([pil_to_tensor(img).float() / 255 for img, _ in load_dataset("stats")])
    mean = pixels.mean(dim=(0, 2, 3))
    std = pixels.std(dim=(0, 2, 3), unbiased=False)
    assert info.mean == pytest.approx(mean.tolist(), abs=1e-4)
    assert info.std == pytest.approx(std.tolist(), abs=1e-4)


def test_train_val_layout_in_the_zip_is_kept() -> None:
    data = make_zip({"train/cat": 3, "train/dog": 3, "val/cat": 1, "val/dog": 2})
    info = import_zip(data, "kept", val_fraction=0.5)
    assert info.counts("val") == {"cat": 1, "dog": 2}


def test_bad_files_are_left_out_and_listed() -> None:
    extra = {
        "cats/broken.jpg": b"\xff\xd8\xff\xe0 not really a jpeg",
        "cats/notes.txt": b"hello",
        "dogs/bomb.png": _bomb_png(),
        "readme.md": b"top-level file",
        "__MACOSX/cats/._img0.png": b"junk",
    }
    info = import_zip(make_zip({"cats": 3, "dogs": 3}, extra=extra), "mixed")
    skipped = dict(info.skipped)
    assert set(skipped) == {"cats/broken.jpg", "cats/notes.txt", "dogs/bomb.png", "readme.md"}
    assert "more than the limit" in skipped["dogs/bomb.png"]
    assert "not an image" in skipped["cats/notes.txt"]
    assert info.counts("train") == {"cats": 3, "dogs": 3}


def _bomb_png() -> bytes:
    out = io.BytesIO()
    Image.new("1", (9000, 9000)).save(out, format="PNG")
    return out.getvalue()


def _zip_with(name: str, data: bytes = b"x") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("cats/a.png", png_bytes(1))
        zf.writestr("dogs/b.png", png_bytes(2))
        zf.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize("bad", ["../evil.png", "/etc/evil.png", "cats/../../evil.png", "C:/x.png"])
def test_unsafe_paths_refuse_the_whole_zip(bad: str, home: Path, tmp_path: Path) -> None:
    before = _files_under(tmp_path)
    with pytest.raises(DatasetImportError, match="unsafe entries"):
        import_zip(_zip_with(bad, png_bytes(3)), "evil")
    assert _files_under(tmp_path) == before
    assert list_custom() == [] and not list(custom_root().iterdir())


def test_zip_bomb_is_refused() -> None:
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("cats/a.png", png_bytes(1))
        zf.writestr("dogs/zeros.png", b"\0" * (20 * 2**20))  # 20 MiB -> about 20 KiB
    with pytest.raises(DatasetImportError, match="zip bomb"):
        import_zip(bomb.getvalue(), "bomb")
    assert not list(custom_root().iterdir())


def test_limits_are_named_in_the_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(imports, "MAX_FILES", 5)
    with pytest.raises(DatasetImportError, match="more than the limit of 5"):
        import_zip(make_zip({"a": 3, "b": 3}), "many")


def test_thousands_of_files_import() -> None:
    info = import_zip(make_zip({"a": 1000, "b": 1000}), "thousands", 0.1)
    assert sum(len(f) for f in info.files.values()) == 2000
    assert info.counts("val") == {"a": 100, "b": 100}


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"definitely not a zip", "not a readable zip"),
        (make_zip({"Cat": 2, "cat": 2}), "would both be called"),
        (make_zip({"only": 4}), "at least two classes"),
        (make_zip({}, extra={"a/x.txt": b"text", "b/y.txt": b"text"}), "at least two classes"),
        (make_zip({}), "no images found"),
    ],
)
def test_bad_zips_get_a_clear_message(data: bytes, words: str) -> None:
    with pytest.raises(DatasetImportError, match=words):
        import_zip(data, "bad")
    assert not list(custom_root().iterdir())  # no half dataset, no temp folder


def test_empty_class_is_left_out_with_a_note() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("a/1.png", png_bytes(1))
        zf.writestr("b/1.png", png_bytes(2))
        zf.writestr("empty/", b"")
    info = import_zip(out.getvalue(), "with-empty")
    assert info.classes == ["a", "b"]
    assert any("'empty' has no images" in note for note in info.notes)


def test_failure_midway_leaves_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(dataset_build, "write_manifest", fail)
    with pytest.raises(OSError, match="disk full"):
        import_zip(make_zip({"a": 2, "b": 2}), "half")
    assert not list(custom_root().iterdir())


def test_names_are_checked() -> None:
    import_zip(make_zip({"a": 2, "b": 2}), "twice")
    with pytest.raises(DatasetImportError, match="exists already"):
        import_zip(make_zip({"a": 2, "b": 2}), "Twice")
    with pytest.raises(DatasetImportError, match="built-in"):
        import_zip(make_zip({"a": 2, "b": 2}), "MNIST")
    with pytest.raises(DatasetImportError, match="no usable characters"):
        import_zip(make_zip({"a": 2, "b": 2}), "../..")


def test_uploaded_files_and_local_folder(tmp_path: Path) -> None:
    files = {
        "red": [("r1.png", png_bytes(1)), ("r2.png", png_bytes(2))],
        "blue": [("b.png", png_bytes(3))],
    }
    info = import_files(files, "uploads")
    assert info.counts("train") == {"blue": 1, "red": 2}
    folder = tmp_path / "source"
    for label, n in {"x": 2, "y": 3}.items():
        (folder / label).mkdir(parents=True)
        for i in range(n):
            (folder / label / f"{i}.png").write_bytes(png_bytes(10 * n + i))
    os.symlink("/etc/passwd", folder / "x" / "link.png")  # symlinks are not followed
    info = import_folder(folder, "from folder")
    assert info.counts("train") == {"x": 2, "y": 3} and not info.skipped


def test_delete_removes_the_folder() -> None:
    import_zip(make_zip({"a": 2, "b": 2}), "gone")
    delete_custom("gone")
    assert list_custom() == [] and not list(custom_root().iterdir())
    assert delete_custom("../gone") is False  # not a dataset's name: nothing is touched


def test_korean_windows_zip_names_are_decoded() -> None:
    data = windows_korean_zip({"원숭이": 3, "사람": 3})
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert not any(info.flag_bits & 0x800 for info in zf.infolist())
        assert "┐°╝■└╠" in zf.infolist()[0].filename  # what zipfile alone makes of it
    info = import_zip(data, "원숭이와 사람")
    assert info.classes == ["사람", "원숭이"]
    assert info.counts("train") == {"사람": 3, "원숭이": 3}


def test_flagged_utf8_and_plain_ascii_names_are_unchanged() -> None:
    from core.data.importers import member_name

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("고양이/a.png", png_bytes(1))  # flagged UTF-8
        zf.writestr("dogs/b.png", png_bytes(2))
    with zipfile.ZipFile(out) as zf:
        assert [member_name(i) for i in zf.infolist()] == ["고양이/a.png", "dogs/b.png"]
