"""The training-photo index saved at the end of fine-tuning: "neither" in `predict`, the
closest training photos, its travel inside an exported model, and hostile saved indexes.

Real photos from ../shared and the real pretrained EfficientNet-Lite0.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from core.images import open_rgb
from core.paths import ASSETS_DIR
from core.transfer.neighbours import FILE, Neighbours, build_neighbours, read_state
from tests.core.transfer_photos import head_run, held_out


@pytest.fixture(scope="module")
def trained(shared_datasets, tmp_path_factory):
    """A head-only run on 10 photos of each class (a quarter held out), and its folder."""
    with pytest.MonkeyPatch.context() as patch:  # its own lab home, for the whole module
        patch.setenv("CNNLAB_HOME", str(tmp_path_factory.mktemp("home")))
        photos = tmp_path_factory.mktemp("photos")
        run, photos, config = head_run(shared_datasets, photos, 10, epochs=2)
        yield run.run_dir, photos, config


def test_fine_tuning_saves_the_training_split_with_a_calibrated_threshold(trained) -> None:
    from core.transfer.data import split_indices
    from core.transfer.inference import features, load_model, to_batch

    run_dir, photos, config = trained
    assert (run_dir / FILE).is_file()
    model = load_model(run_dir)
    found = model.neighbours
    train_idx, val_idx = split_indices(photos, config)
    assert found.names == [photos.paths[i].name for i in train_idx]
    assert list(found.index.labels) == list(photos.labels[train_idx])

    # The threshold, by hand: the 99% quantile of the held-out photos' distance to their
    # 5th closest training photo.
    def vectors(indices):
        batches = [to_batch(open_rgb(photos.paths[i]), model.backbone) for i in indices]
        return features(model, torch.cat(batches))

    unit = lambda a: a / np.linalg.norm(a, axis=1, keepdims=True)  # noqa: E731
    distances = 1 - unit(vectors(val_idx)) @ unit(vectors(train_idx)).T
    fifth = np.sort(distances, axis=1)[:, 4]
    assert found.index.threshold == pytest.approx(np.quantile(fifth, 0.99), abs=2e-3)
    assert found.thumbnail(0).size[0] <= 96


def test_predict_says_unknown_for_a_cup_of_coffee_and_keeps_top(trained, shared_datasets) -> None:
    from core.cli.main import main

    run_dir, _photos, _config = trained
    coffee = ASSETS_DIR / "samples" / "coffee.jpg"
    monkey = held_out(shared_datasets, "monkey")
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["predict", "--model", str(run_dir), str(coffee), str(monkey), "--json"]) == 0
    cup, animal = json.loads(out.getvalue())
    assert cup["unknown"] is True and cup["ood_score"] > cup["ood_threshold"]
    assert sum(t["prob"] for t in cup["top"]) == pytest.approx(1, abs=1e-5)  # softmax still sums
    assert animal["unknown"] is False and animal["top"][0]["label"] == "monkey"
    assert animal["ood_score"] <= animal["ood_threshold"] < cup["ood_score"]


def test_the_closest_training_photo_to_a_training_photo_is_itself(trained) -> None:
    from core.transfer.inference import load_model, neighbourhood, to_batch, verdict

    run_dir, photos, _config = trained
    model = load_model(run_dir)
    name = model.neighbours.names[3]
    path = next(p for p in photos.paths if p.name == name)
    batch = to_batch(open_rgb(path), model.backbone)
    check, found = neighbourhood(model, batch, 5)
    assert check == verdict(model, batch)  # one pass through the base gives both
    assert len(found) == 5 and found[0].name == name and found[0].distance < 1e-3
    assert found[0].label == path.parent.name
    assert [n.distance for n in found] == sorted(n.distance for n in found)


def test_an_exported_model_carries_its_index(trained, tmp_path) -> None:
    from core.transfer.finetune import export_run
    from core.transfer.inference import load_model

    run_dir, _photos, _config = trained
    out = export_run(run_dir, tmp_path / "model.pt")
    again, there = load_model(out).neighbours, load_model(run_dir).neighbours
    assert again.index.threshold == there.index.threshold and again.names == there.names
    assert again.thumbs == there.thumbs


def test_both_feature_paths_agree_for_a_frozen_pretrained_base(trained) -> None:
    """The cached features (head only) and a pass through the trained base give one index."""
    from core.transfer.backbones import get_backbone
    from core.transfer.net import load_transfer

    run_dir, photos, config = trained
    net, _spec, _history = load_transfer(run_dir)
    backbone = get_backbone("efficientnet_lite0")
    cached = build_neighbours(net, backbone, photos, config, frozen_pretrained=True)
    direct = build_neighbours(net, backbone, photos, config, frozen_pretrained=False)
    assert direct.index.threshold == pytest.approx(cached.index.threshold, abs=1e-4)
    assert direct.names == cached.names


@pytest.mark.parametrize(
    "damage",
    [
        lambda s: s.pop("features"),
        lambda s: s.update(features=s["features"][:, :10]),
        lambda s: s.update(labels=s["labels"] + 5),
        lambda s: s.update(offsets=s["offsets"].flip(0)),
        lambda s: s.update(names=s["names"][:-1]),
        lambda s: s.update(k=10_000),
        lambda s: s.update(threshold=float("nan")),
        lambda s: s.update(features="not a tensor"),
    ],
)
def test_a_damaged_index_is_refused_with_a_message(trained, damage) -> None:
    run_dir, _photos, _config = trained
    state = read_state(run_dir)
    damage(state)
    with pytest.raises(ValueError, match="damaged"):
        Neighbours.from_state(state, 1280, 2)


def test_a_pickle_payload_in_the_index_is_never_run(trained, tmp_path) -> None:
    import shutil

    from core.transfer.inference import load_model

    run_dir, _photos, _config = trained
    copy = tmp_path / "copy"
    shutil.copytree(run_dir, copy)

    class Payload:
        def __reduce__(self):
            return (open, (str(tmp_path / "pwned"), "w"))

    torch.save({"features": Payload()}, copy / FILE)
    with pytest.raises(ValueError, match="refuses to load"):
        load_model(copy)
    assert not (tmp_path / "pwned").exists()


def test_a_fine_tuned_run_travels_in_a_bundle_with_its_index(trained, shared_datasets) -> None:
    """Restored on this test's own (fresh) lab home: same answers, same "neither" check."""
    from core.portable.bundle import bundle_bytes
    from core.portable.unbundle import import_bundle
    from core.transfer.inference import load_model, predict_files

    run_dir, _photos, _config = trained
    restored = import_bundle(bundle_bytes(run_dir), "monkey.cnnlab")
    photos = [ASSETS_DIR / "samples" / "coffee.jpg", held_out(shared_datasets, "monkey")]
    there = predict_files(load_model(run_dir), photos)
    here = predict_files(load_model(restored.run_dir), photos)
    assert [r["unknown"] for r in here] == [r["unknown"] for r in there] == [True, False]
    assert here[0]["ood_score"] == there[0]["ood_score"] and here[1]["top"] == there[1]["top"]
