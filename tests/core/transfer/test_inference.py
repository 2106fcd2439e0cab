"""Prediction: the preprocessing steps, ImageNet's top-5 on real monkeys, Grad-CAM answers."""

from __future__ import annotations

import ast
from collections import OrderedDict

import numpy as np
import pytest
import torch
from PIL import Image
from torch import nn

from core.explain.heatmap import heatmap
from core.images import open_rgb
from core.paths import ASSETS_DIR
from core.transfer.backbones import get_backbone
from core.transfer.inference import (
    LoadedModel,
    load_model,
    predict,
    predict_files,
    preprocess_steps,
    to_batch,
)
from core.transfer.net import TransferNet
from tests.core.transfer_photos import PRIMATES, held_out


@pytest.fixture(scope="module")
def imagenet() -> LoadedModel:
    return load_model("imagenet", "efficientnet_lite0")


def test_preprocessing_steps_resize_crop_normalise_and_batch() -> None:
    backbone = get_backbone("efficientnet_lite0")
    photo = Image.new("RGB", (500, 300), (255, 0, 0))
    steps = preprocess_steps(photo, backbone)
    assert [s.name for s in steps] == [
        "photo",
        "resize",
        "centre crop",
        "to tensor",
        "normalise",
        "batch dimension",
    ]
    assert [s.shape for s in steps] == [
        (300, 500, 3),
        (256, 426, 3),
        (224, 224, 3),
        (3, 224, 224),
        (3, 224, 224),
        (1, 3, 224, 224),
    ]
    pixels, normal = steps[3].tensor, steps[4].tensor
    assert float(pixels.max()) == 1.0 and float(pixels.min()) == 0.0
    torch.testing.assert_close(normal, pixels * 2 - 1)  # EfficientNet-Lite: x*2-1
    assert torch.equal(to_batch(photo, backbone), steps[-1].tensor)


def test_imagenet_normalisation_for_torchvision_backbones() -> None:
    backbone = get_backbone("resnet18")
    steps = preprocess_steps(Image.new("RGB", (224, 224), (128, 128, 128)), backbone)
    expected = (128 / 255 - torch.tensor(backbone.mean)) / torch.tensor(backbone.std)
    torch.testing.assert_close(steps[4].tensor[:, 0, 0], expected)


def test_imagenet_top5_names_a_primate_for_monkey_photos(shared_datasets, imagenet) -> None:
    photos = sorted((shared_datasets / "monkey_vs_human" / "train" / "monkey").glob("*.jpg"))
    results = predict_files(imagenet, photos[::100], k=5)  # 5 photos across the species
    assert len(results) == 5
    for item in results:
        probs = [t["prob"] for t in item["top"]]
        assert probs == sorted(probs, reverse=True) and 0 < sum(probs) <= 1.0001
    top1 = [item["top"][0]["label"] for item in results]
    in_top5 = [any(t["label"] in PRIMATES for t in item["top"]) for item in results]
    assert all(in_top5), results
    assert sum(label in PRIMATES for label in top1) >= 4, top1


def test_predict_files_reports_unreadable_files(tmp_path, imagenet) -> None:
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"nope")
    [item] = predict_files(imagenet, [bad])
    assert item["file"] == str(bad) and "error" in item and "top" not in item


def _red_detector() -> LoadedModel:
    """A known answer: class 0's score is the mean redness; class 1's its opposite."""
    conv = nn.Conv2d(3, 1, 1)
    with torch.no_grad():
        conv.weight.copy_(torch.tensor([1.0, 0.0, 0.0]).view(1, 3, 1, 1))
        conv.bias.zero_()
    blocks = OrderedDict(
        conv=nn.Sequential(conv, nn.ReLU()),
        pool=nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten()),
    )
    fc = nn.Linear(1, 2)
    with torch.no_grad():
        fc.weight.copy_(torch.tensor([[1.0], [-1.0]]))
        fc.bias.zero_()
    net = TransferNet(blocks, fc, dropout=0.0)
    return LoadedModel(net, ["red", "not red"], get_backbone("efficientnet_lite0"), "test")


def test_grad_cam_lights_up_the_only_region_with_evidence() -> None:
    x = torch.zeros(1, 3, 64, 64)
    x[:, 0, 8:24, 40:56] = 1.0  # a red square in the top right; nothing else is red
    cam = heatmap(_red_detector(), x, class_index=0)
    assert cam.shape == (64, 64) and cam.min() >= 0 and cam.max() <= 1
    inside = cam[10:22, 42:54].mean()
    outside = np.concatenate([cam[40:, :].ravel(), cam[:, :30].ravel()]).mean()
    assert inside > 0.9 and outside < 0.05


def test_grad_cam_of_a_pretrained_model_finds_the_monkey(shared_datasets, imagenet) -> None:
    """A monkey photo pasted on the left of a grey canvas: the evidence is on the left."""
    from core.images import open_rgb

    monkey = open_rgb(held_out(shared_datasets, "monkey")).resize((112, 224))
    canvas = Image.new("RGB", (224, 224), (128, 128, 128))
    canvas.paste(monkey, (0, 0))
    batch = to_batch(canvas, imagenet.backbone)
    label, _ = predict(imagenet, batch, 1)[0]
    cam = heatmap(imagenet, batch, imagenet.classes.index(label))
    assert cam[:, :112].mean() > 2 * cam[:, 112:].mean()


def test_wordnet_ids_pair_with_imagenet_classes_as_001_prints_them() -> None:
    from core.transfer.backbones import imagenet_classes, imagenet_wnids

    wnids = imagenet_wnids()
    assert len(wnids) == len(imagenet_classes()) == 1000
    assert list(wnids) == sorted(wnids) and len(set(wnids)) == 1000  # ImageNet's order
    # 001's decode_predictions(prediction, top=3)[0] for its cat photo (ResNet50):
    printed = [("n02123045", "tabby"), ("n02124075", "Egyptian_cat"), ("n02123159", "tiger_cat")]
    for wnid, keras_name in printed:
        index = wnids.index(wnid)
        assert imagenet_classes()[index] == keras_name.replace("_", " ")


def test_imagenet_predictions_carry_wordnet_ids_and_print_like_keras(imagenet) -> None:
    from core.transfer.inference import decoded

    photo = open_rgb(ASSETS_DIR / "samples" / "cat.jpg")
    top = predict(imagenet, to_batch(photo, imagenet.backbone), 3)
    text = decoded(imagenet, top)
    rows = ast.literal_eval(text)  # the printed list is a Python literal, as in 001
    assert [(label, pytest.approx(p, abs=1e-8)) for _, label, p in rows] == top
    assert all(imagenet.class_ids[imagenet.classes.index(lbl)] == w for w, lbl, _ in rows)
    assert {label for _, label, _ in rows} & {"tabby", "Egyptian cat", "tiger cat"}
    [item] = predict_files(imagenet, [ASSETS_DIR / "samples" / "cat.jpg"], k=3)
    assert [t["wnid"] for t in item["top"]] == [w for w, _, _ in rows]
