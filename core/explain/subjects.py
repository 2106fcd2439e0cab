"""What the Inside page looks into: a model (a trained run, an untrained preset or the
pretrained backbone) with its classes and normalisation, and an image as that model sees it.

The page caches these for every session (a shared model: passes take turns through
core.model.shared.evaluating); the CLI and tests build them the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image, ImageOps

from core.data.datasets import BUILTIN, get_info, is_available
from core.identity.people import LOCAL, Actor
from core.model.build import build_model
from core.model.presets import PRESETS
from core.training.trained import load_trained

if TYPE_CHECKING:
    from torch import Tensor, nn

    from core.transfer.backbones import Backbone

TRAINED, UNTRAINED, BACKBONE = "Trained run", "Untrained preset", "Pretrained backbone"


@dataclass
class Subject:
    """A model ready to look into, with what it takes to show it an image."""

    kind: str
    title: str
    model: nn.Module
    classes: list[str]
    input_shape: tuple[int, int, int]
    mean: tuple[float, ...]
    std: tuple[float, ...]
    dataset: str | None
    key: str  # names this model in the shared caches
    backbone: Backbone | None = None  # ImageNet's resize and crop


def run_subject(run_dir: Path, key: str, actor: Actor = LOCAL) -> Subject:
    """A trained run's best model (core.training.trained, the one loader of runs), if `actor`
    may use it."""
    from core.device import inference_device

    trained = load_trained(Path(run_dir), actor=actor)
    return Subject(
        kind=TRAINED,
        title=Path(run_dir).name,
        model=trained.model.to(inference_device()),
        classes=trained.classes,
        input_shape=trained.input_shape,
        mean=trained.mean,
        std=trained.std,
        dataset=trained.dataset,
        key=key,
    )


def preset_subject(name: str) -> Subject:
    """A preset with random weights (seeded: the same filters on every visit), shown with the
    first dataset on this computer whose images fit it."""
    import torch  # lazy: torch costs seconds at start-up

    spec = PRESETS[name].spec()
    torch.manual_seed(0)
    model = build_model(spec).eval()
    with torch.no_grad():
        outputs = int(model.logits(torch.zeros(1, *spec.input_shape)).shape[1])
    classes = [f"class {i}" for i in range(outputs)]
    # Built-ins only: a custom dataset may be a student's own photos, not everyone's to see.
    fitting = [n for n in BUILTIN if is_available(n)]
    dataset = next((n for n in fitting if get_info(n).input_shape == spec.input_shape), None)
    info = get_info(dataset) if dataset else None
    if info:
        classes = list(info.classes)[:outputs] or classes
    return Subject(
        kind=UNTRAINED,
        title=PRESETS[name].title,
        model=model,
        classes=classes,
        input_shape=spec.input_shape,
        mean=info.mean if info else (0.5,) * spec.input_shape[0],
        std=info.std if info else (0.5,) * spec.input_shape[0],
        dataset=dataset,
        key=f"preset:{name}",
    )


def backbone_offered() -> bool:
    """True when the offline pretrained backbone's weights are on this computer."""
    from core.transfer.backbones import DEFAULT_BACKBONE, is_local  # lazy: imports torch

    return is_local(DEFAULT_BACKBONE)


def backbone_subject() -> Subject:
    """The offline pretrained backbone with its 1000 ImageNet classes."""
    from core.transfer.backbones import DEFAULT_BACKBONE, get_backbone  # lazy: imports torch
    from core.transfer.net import imagenet_model

    backbone = get_backbone(DEFAULT_BACKBONE)
    model, classes = imagenet_model(DEFAULT_BACKBONE)
    size = backbone.input_size
    return Subject(
        kind=BACKBONE,
        title=backbone.title,
        model=model,
        classes=classes,
        input_shape=(3, size, size),
        mean=backbone.mean,
        std=backbone.std,
        dataset=None,
        key=f"backbone:{backbone.name}",
        backbone=backbone,
    )


def prepare(
    subject: Subject, image: Image.Image, invert: bool = False
) -> tuple[Image.Image, Tensor]:
    """(what the model sees, as a PIL image; the (1, C, H, W) input tensor)."""
    from core.explain.overlay import to_input  # lazy: imports torch

    channels, height, width = subject.input_shape
    image = image.convert("L" if channels == 1 else "RGB")
    if invert:
        image = ImageOps.invert(image)
    if subject.backbone is not None:  # ImageNet's way: shorter side, then the centre
        from torchvision.transforms.v2 import functional

        image = functional.center_crop(functional.resize(image, subject.backbone.resize), height)
    elif image.size != (width, height):
        image = image.resize((width, height))
    return image, to_input(image, subject.input_shape, subject.mean, subject.std)
