"""Built-in datasets for transfer learning (002: MobileNet on Fashion-MNIST): their images
as a photo set, grey digits turned into the backbone's RGB input, fine-tuned like photos."""

from __future__ import annotations

import torch

from core.data.datasets import get_info
from core.images import open_rgb
from core.training.config import TrainConfig
from core.transfer.backbones import get_backbone
from core.transfer.data import eval_transform, photos_from_builtin, photos_from_dataset
from core.transfer.finetune import make_run
from core.transfer.net import TransferSpec


def test_mnist_becomes_a_photo_set_written_once() -> None:
    photos = photos_from_builtin("mnist", per_class=3)
    assert photos.classes == list(get_info("mnist").classes) and len(photos) == 30
    assert sorted(set(photos.labels.tolist())) == list(range(10))
    stamps = [p.stat().st_mtime_ns for p in photos.paths]
    again = photos_from_builtin("mnist", per_class=3)
    assert [p.stat().st_mtime_ns for p in again.paths] == stamps  # not written twice
    x = eval_transform(get_backbone("efficientnet_lite0"))(open_rgb(photos.paths[0]))
    assert tuple(x.shape) == (3, 224, 224)  # grey 28x28 -> RGB at the backbone's size
    assert photos_from_dataset("mnist").classes == photos.classes  # by name, as the CLI does


def test_some_classes_of_a_builtin_set_are_numbered_in_its_order() -> None:
    """001's 19-3 offline: two classes of a built-in set ({'cat': 0, 'dog': 1} there)."""
    import pytest

    photos = photos_from_builtin("mnist", per_class=3, classes=["7 - seven", "2 - two"])
    assert photos.classes == ["2 - two", "7 - seven"] and len(photos) == 6
    assert photos.labels.tolist() == [0, 0, 0, 1, 1, 1]
    everything = photos_from_builtin("mnist", per_class=3)
    assert photos.paths == [
        p for p, label in zip(everything.paths, everything.labels, strict=True) if label in (2, 7)
    ]
    with pytest.raises(ValueError, match="has no class 'cat'"):
        photos_from_dataset("mnist", 3, ["cat", "2 - two"])


def test_a_head_fine_tunes_on_mnist_photos() -> None:
    photos = photos_from_builtin("mnist", per_class=4)
    spec = TransferSpec("efficientnet_lite0", tuple(photos.classes), "head")
    config = TrainConfig(dataset="mnist", epochs=1, batch_size=8, val_fraction=0.25, lr=3e-3)
    run = make_run(spec, photos, config)
    run.start()
    run.join(300)
    assert run.status == "finished", run.error
    assert torch.isfinite(torch.tensor(run.snapshot().epochs[0]["val_loss"]))


def test_a_split_folder_is_named_after_its_photo_set(tmp_path) -> None:
    from core.transfer.data import photos_from_folder
    from tests.core.zips import png_bytes

    for label in ("monkey", "human"):
        (tmp_path / "monkey_vs_human" / "train" / label).mkdir(parents=True)
        (tmp_path / "monkey_vs_human" / "train" / label / "a.png").write_bytes(png_bytes(1))
    photos = photos_from_folder(tmp_path / "monkey_vs_human" / "train")
    assert photos.name == "monkey_vs_human"  # was "train": runs named "... on train"
