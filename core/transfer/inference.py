"""Predict a photo's class: the preprocessing steps, the top-k classes and a Grad-CAM map.

model = load_model("imagenet")                    # or a fine-tuned .pt file / run folder
steps = preprocess_steps(open_rgb("baboon.jpg"), model.backbone)
predict(model, steps[-1].tensor, k=5)             # [("baboon", 0.93), ...]
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import NotRequired, TypedDict

import numpy as np
import torch
from PIL import Image

from core.device import device_of, inference_device
from core.i18n import _
from core.identity.ownership import owners
from core.identity.people import LOCAL, Actor, names
from core.identity.settings import classroom_mode
from core.images import ImageError, open_rgb
from core.model.shared import evaluating
from core.training.store import check_use, list_runs, read_json
from core.transfer.backbones import DEFAULT_BACKBONE, Backbone, get_backbone, imagenet_wnids
from core.transfer.neighbours import Neighbours, load_neighbours
from core.transfer.net import TransferNet, TransferSpec, imagenet_model, load_transfer

IMAGENET = "imagenet"


class TopClass(TypedDict):
    """One of a photo's top classes, with its WordNet id under ImageNet's head."""

    label: str
    prob: float
    wnid: NotRequired[str]


class FilePrediction(TypedDict):
    """A photo's answer from `predict_files`: its top classes, or why it could not be read."""

    file: str
    error: NotRequired[str]
    top: NotRequired[list[TopClass]]
    unknown: NotRequired[bool]
    ood_score: NotRequired[float]
    ood_threshold: NotRequired[float]


@dataclass
class LoadedModel:
    """A network ready to predict, with its class names and preprocessing."""

    net: TransferNet
    classes: list[str]
    backbone: Backbone
    title: str
    spec: TransferSpec | None = None  # None: the backbone's own ImageNet head
    class_ids: list[str] | None = None  # ImageNet's WordNet ids ("n02123045"), when its head
    neighbours: Neighbours | None = None  # the training photos, for "neither" and the closest


@dataclass(frozen=True)
class Verdict:
    """Is the photo like the training photos? `score` is the cosine distance to its k-th
    closest training photo; above `threshold` it is unknown ("neither")."""

    unknown: bool
    score: float
    threshold: float
    k: int
    keep: float


@dataclass(frozen=True)
class Neighbour:
    """One of the training photos closest to the uploaded one."""

    label: str
    name: str
    distance: float
    image: Image.Image


def load_model(
    source: str | Path, backbone: str = DEFAULT_BACKBONE, actor: Actor = LOCAL
) -> LoadedModel:
    """ "imagenet" (the backbone's 1000-class head), an exported .pt file, or a run folder
    (in a class: one `actor` may use, core.training.store.check_use)."""
    if str(source) == IMAGENET:
        net, classes = imagenet_model(backbone)
        net.to(inference_device())
        info = get_backbone(backbone)
        title = f"{info.name} (ImageNet, 1000 classes)"
        return LoadedModel(net, classes, info, title, class_ids=list(imagenet_wnids()))
    if actor.role != "local":  # a student or the teacher names one of the lab's runs
        check_use(Path(source), actor)
    net, spec, _history = load_transfer(source)
    net.to(inference_device())
    title = f"{Path(source).name}: {spec.backbone} {spec.strategy} ({', '.join(spec.classes)})"
    neighbours = load_neighbours(source, net, spec.classes)
    info = get_backbone(spec.backbone)
    return LoadedModel(net, list(spec.classes), info, title, spec, neighbours=neighbours)


@dataclass
class PrepStep:
    """One preprocessing step: what it does, the resulting shape, and its output (the words
    in the session's language)."""

    name: str
    what: str
    shape: tuple[int, ...]
    image: Image.Image | None  # a picture of the result, when it is still a picture
    tensor: torch.Tensor | None


def preprocess_steps(image: Image.Image, backbone: Backbone) -> list[PrepStep]:
    """The photo as the network receives it, one step at a time; the last is (1, 3, H, W)."""
    from torchvision.transforms import v2
    from torchvision.transforms.v2 import functional as F

    rgb = image.convert("RGB")
    resized = F.resize(rgb, backbone.resize, antialias=True)
    cropped = v2.CenterCrop(backbone.input_size)(resized)
    pixels = F.to_dtype(F.pil_to_tensor(cropped), torch.float32, scale=True)
    normal = F.normalize(pixels, list(backbone.mean), list(backbone.std))
    batch = normal.unsqueeze(0)
    w, h = rgb.size
    return [
        PrepStep(
            _("photo"),
            _("the photo as uploaded, {width}x{height} pixels").format(width=w, height=h),
            (h, w, 3),
            rgb,
            None,
        ),
        PrepStep(
            _("resize"),
            _("shorter side to {size} pixels, keeping the aspect ratio").format(
                size=backbone.resize
            ),
            (resized.height, resized.width, 3),
            resized,
            None,
        ),
        PrepStep(
            _("centre crop"),
            _("the middle {size}x{size} square").format(size=backbone.input_size),
            (backbone.input_size, backbone.input_size, 3),
            cropped,
            None,
        ),
        PrepStep(
            _("to tensor"),
            _("channels first, pixel values scaled from 0..255 to 0..1"),
            tuple(pixels.shape),
            None,
            pixels,
        ),
        PrepStep(_("normalise"), backbone.normalise_text, tuple(normal.shape), None, normal),
        PrepStep(
            _("batch dimension"),
            _("unsqueeze(0): a batch of one image, (N, C, H, W)"),
            tuple(batch.shape),
            None,
            batch,
        ),
    ]


def to_batch(image: Image.Image, backbone: Backbone) -> torch.Tensor:
    """Only the final (1, 3, H, W) tensor of `preprocess_steps`."""
    tensor = preprocess_steps(image, backbone)[-1].tensor
    assert tensor is not None
    return tensor


def probabilities(model: LoadedModel, batch: torch.Tensor) -> torch.Tensor:
    """Softmax over the classes, (N, n_classes)."""

    batch = batch.to(device_of(model.net))
    with evaluating(model.net), torch.inference_mode():  # shared: see core/model/shared.py
        return torch.softmax(model.net.logits(batch).float(), dim=1).cpu()


def features(model: LoadedModel, batch: torch.Tensor) -> np.ndarray:
    """The convolutional base's pooled feature vectors, (N, features): what the head and the
    "neither" check both read."""
    batch = batch.to(device_of(model.net))
    with evaluating(model.net), torch.inference_mode():
        return model.net.features(batch).float().cpu().numpy()


def predict(model: LoadedModel, batch: torch.Tensor, k: int = 5) -> list[tuple[str, float]]:
    """The k most probable classes of the first image: [(label, probability)], best first."""
    probs = probabilities(model, batch[:1])[0]
    values, indices = probs.topk(min(k, len(model.classes)))
    return [(model.classes[int(i)], float(v)) for i, v in zip(indices, values, strict=True)]


def _judge(model: LoadedModel, feature: np.ndarray) -> Verdict:
    assert model.neighbours is not None
    index = model.neighbours.index
    score = float(index.scores(feature)[0])
    return Verdict(score > index.threshold, score, index.threshold, index.k, model.neighbours.keep)


def verdict(model: LoadedModel, batch: torch.Tensor) -> Verdict | None:
    """Whether the first image is unlike every class; None for a model without an index."""
    if model.neighbours is None:
        return None
    return _judge(model, features(model, batch[:1]))


def neighbourhood(
    model: LoadedModel, batch: torch.Tensor, count: int = 5
) -> tuple[Verdict | None, list[Neighbour]]:
    """The verdict and the `count` training photos closest to the first image in the model's
    feature space, from one pass through the base; (None, []) without an index."""
    found = model.neighbours
    if found is None:
        return None, []
    feature = features(model, batch[:1])
    pairs = found.index.nearest(feature, count)[0]
    closest = [
        Neighbour(model.classes[int(found.index.labels[i])], found.names[i], d, found.thumbnail(i))
        for i, d in pairs
    ]
    return _judge(model, feature), closest


def decoded(model: LoadedModel, top: list[tuple[str, float]]) -> str:
    """The top classes as Keras's `decode_predictions(prediction, top=3)[0]` prints them in
    001: [('n02123045', 'tabby', 0.50009364), ...]; without WordNet ids, (label, prob)."""
    import pprint

    ids = model.class_ids
    if ids is None:
        rows: list[tuple] = [(label, round(prob, 8)) for label, prob in top]
    else:
        rows = [(ids[model.classes.index(label)], label, round(prob, 8)) for label, prob in top]
    return pprint.pformat(rows, width=50)  # one class per line, as 001 prints it


def predict_files(model: LoadedModel, paths: list[str | Path], k: int = 5) -> list[FilePrediction]:
    """The CLI's answer: [{"file", "top": [{"label", "prob"}]}] (or "error" per file); with
    ImageNet's head each entry also has its WordNet id ("wnid"). A fine-tuned model saved with
    its training photos adds "unknown" (true: none of its classes), "ood_score" and
    "ood_threshold"."""

    results: list[FilePrediction] = []
    for path in paths:
        try:
            batch = to_batch(open_rgb(path), model.backbone)
        except (ImageError, OSError) as error:
            results.append({"file": str(path), "error": str(error)})
            continue
        top = predict(model, batch, k)
        entries: list[TopClass] = [{"label": c, "prob": round(p, 6)} for c, p in top]
        if model.class_ids is not None:
            for entry in entries:
                entry["wnid"] = model.class_ids[model.classes.index(str(entry["label"]))]
        result: FilePrediction = {"file": str(path), "top": entries}
        check = verdict(model, batch)
        if check is not None:
            result |= {
                "unknown": check.unknown,
                "ood_score": round(check.score, 6),
                "ood_threshold": round(check.threshold, 6),
            }
        results.append(result)
    return results


def list_finetuned(root: Path | None = None, actor: Actor = LOCAL) -> list[tuple[str, Path]]:
    """(label, run folder) of every fine-tuned run with a checkpoint `actor` may see, newest
    first."""

    found = []
    owner_of, name_of = (owners("run"), names()) if classroom_mode() else ({}, {})
    for info in list_runs(root, actor=actor):
        spec_file = info.run_dir / "spec.json"
        try:
            spec = read_json(spec_file)
        except (OSError, ValueError):
            continue
        has_weights = any((info.run_dir / f).is_file() for f in ("best.pt", "last.pt"))
        if spec.get("kind") == "transfer" and has_weights:
            classes = ", ".join(spec["classes"])
            if info.best_val_acc is None:
                label = f"{info.name} ({classes})"
            else:
                label = _("{name} ({classes}, val acc {accuracy:.1%})").format(
                    name=info.name, classes=classes, accuracy=info.best_val_acc
                )
            owner = owner_of.get(info.run_dir.name)
            if owner and owner != actor.id:  # a classmate's shared model: whose it is
                label = _("{student}'s {model}").format(student=name_of.get(owner, ""), model=label)
            found.append((label, info.run_dir))
    return found
