"""Colour, noise and tensor augmentations, and the registry of every augmentation by name.

The registry's order is the order of the page's "add a step" menu.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from core.augment.geometry import (
    HorizontalFlip,
    RandomCrop,
    RandomResizedCrop,
    Resize,
    Rotation,
    Translate,
    VerticalFlip,
    Zoom,
    box_of,
)
from core.augment.specs import (
    COLOUR,
    NOISE,
    TENSOR,
    AugmentError,
    AugmentSpec,
    Call,
    param,
    probability,
)


@dataclass(frozen=True)
class _Jitter(AugmentSpec):
    """One factor of `v2.ColorJitter`; the subclass names it (`attr`)."""

    attr: ClassVar[str]
    group: ClassVar[str] = COLOUR

    amount: float = param(0.3, "strength (±)", "float", 0.0, 1.0, 0.01)
    p: float = probability(1.0)

    def transform(self) -> Call:
        return Call.of("ColorJitter", **{self.attr: self.amount})

    def drawn(self, raw: dict[str, Any]) -> dict[str, Any]:
        value = raw[f"{self.attr}_factor"]
        # ColorJitter draws nothing for a strength of 0; the factor is then the identity.
        neutral = 0.0 if self.attr == "hue" else 1.0
        return {"factor": neutral if value is None else float(value)}

    def describe(self, drawn: dict[str, Any]) -> str:
        if self.attr == "hue":
            return f"hue: {drawn['factor']:+.3f} turn"
        return f"{self.attr}: ×{drawn['factor']:.2f}"


@dataclass(frozen=True)
class ColorJitter(AugmentSpec):
    """`v2.ColorJitter` whole: brightness, contrast, saturation and hue in one step, each
    drawn at random and applied in a random order."""

    type: ClassVar[str] = "color_jitter"
    title: ClassVar[str] = "Colour jitter"
    short: ClassVar[str] = "jitter"
    group: ClassVar[str] = COLOUR
    blurb: ClassVar[str] = (
        "Brightness, contrast and saturation times a factor in [1 − s, 1 + s], hue turned by "
        "up to ± its value, in a random order (torchvision's ColorJitter)."
    )

    brightness: float = param(0.2, "brightness (±)", "float", 0.0, 1.0, 0.01)
    contrast: float = param(0.2, "contrast (±)", "float", 0.0, 1.0, 0.01)
    saturation: float = param(0.2, "saturation (±)", "float", 0.0, 1.0, 0.01)
    hue: float = param(0.05, "hue (± turn)", "float", 0.0, 0.5, 0.01)
    p: float = probability(1.0)

    def transform(self) -> Call:
        return Call.of(
            "ColorJitter",
            brightness=self.brightness,
            contrast=self.contrast,
            saturation=self.saturation,
            hue=self.hue,
        )

    def drawn(self, raw: dict[str, Any]) -> dict[str, Any]:
        factors = {}
        for name in ("brightness", "contrast", "saturation", "hue"):
            value = raw[f"{name}_factor"]  # None when that strength is 0: the identity
            factors[name] = (0.0 if name == "hue" else 1.0) if value is None else float(value)
        return factors

    def describe(self, drawn: dict[str, Any]) -> str:
        return (
            f"jitter: b×{drawn['brightness']:.2f} c×{drawn['contrast']:.2f} "
            f"s×{drawn['saturation']:.2f} h{drawn['hue']:+.3f}"
        )


@dataclass(frozen=True)
class Brightness(_Jitter):
    type: ClassVar[str] = "brightness"
    title: ClassVar[str] = "Brightness"
    short: ClassVar[str] = "brightness"
    blurb: ClassVar[str] = "Multiply every pixel by a factor in [1 − strength, 1 + strength]."
    attr: ClassVar[str] = "brightness"


@dataclass(frozen=True)
class Contrast(_Jitter):
    type: ClassVar[str] = "contrast"
    title: ClassVar[str] = "Contrast"
    short: ClassVar[str] = "contrast"
    blurb: ClassVar[str] = "Push pixels away from (or towards) the mean grey by a random factor."
    attr: ClassVar[str] = "contrast"


@dataclass(frozen=True)
class Saturation(_Jitter):
    type: ClassVar[str] = "saturation"
    title: ClassVar[str] = "Saturation"
    short: ClassVar[str] = "saturation"
    blurb: ClassVar[str] = "Make colours more vivid or greyer (no effect on 1-channel images)."
    attr: ClassVar[str] = "saturation"


@dataclass(frozen=True)
class Hue(_Jitter):
    type: ClassVar[str] = "hue"
    title: ClassVar[str] = "Hue"
    short: ClassVar[str] = "hue"
    blurb: ClassVar[str] = "Turn the colour wheel by up to ± strength of a full turn."
    attr: ClassVar[str] = "hue"

    amount: float = param(0.05, "strength (± turn)", "float", 0.0, 0.5, 0.01)


@dataclass(frozen=True)
class GaussianBlur(AugmentSpec):
    type: ClassVar[str] = "gaussian_blur"
    title: ClassVar[str] = "Gaussian blur"
    short: ClassVar[str] = "blur"
    group: ClassVar[str] = NOISE
    blurb: ClassVar[str] = "Soften the picture with a Gaussian kernel of random width σ."

    kernel_size: int = param(5, "kernel size (odd)", "odd", 3, 31, 2)
    sigma: tuple[float, float] = param((0.1, 2.0), "σ range (px)", "range", 0.1, 10.0, 0.1)
    p: float = probability(0.5)

    def transform(self) -> Call:
        return Call.of("GaussianBlur", kernel_size=self.kernel_size, sigma=self.sigma)

    def drawn(self, raw: dict[str, Any]) -> dict[str, Any]:
        return {"sigma": float(raw["sigma"][0])}

    def describe(self, drawn: dict[str, Any]) -> str:
        return f"blur: σ={drawn['sigma']:.2f}"


@dataclass(frozen=True)
class GaussianNoise(AugmentSpec):
    type: ClassVar[str] = "gaussian_noise"
    title: ClassVar[str] = "Gaussian noise"
    short: ClassVar[str] = "noise"
    group: ClassVar[str] = NOISE
    blurb: ClassVar[str] = "Add random grain: every pixel gets its own N(0, σ²) value."

    sigma: float = param(0.1, "noise σ (0..1 scale)", "float", 0.01, 0.5, 0.01)
    p: float = probability(0.5)

    def transform(self) -> Call:
        return Call.of("GaussianNoise", mean=0.0, sigma=self.sigma, clip=True)

    def describe(self, drawn: dict[str, Any]) -> str:
        return f"noise: σ={self.sigma:g} added"


@dataclass(frozen=True)
class RandomErasing(AugmentSpec):
    type: ClassVar[str] = "random_erasing"
    title: ClassVar[str] = "Random erasing (cutout)"
    short: ClassVar[str] = "erasing"
    group: ClassVar[str] = NOISE
    blurb: ClassVar[str] = "Blank out a random box, so the model cannot rely on one detail."
    own_p: ClassVar[bool] = True

    scale: tuple[float, float] = param(
        (0.02, 0.2), "area of the box (fraction)", "range", 0.01, 0.9, 0.01
    )
    ratio: tuple[float, float] = param(
        (0.3, 3.3), "height / width of the box", "range", 0.1, 10.0, 0.1
    )
    value: float = param(0.0, "fill value (0 black, 1 white)", "float", 0.0, 1.0, 0.05)
    p: float = probability(0.5)

    def transform(self) -> Call:
        return Call.of(
            "RandomErasing", p=self.p, scale=self.scale, ratio=self.ratio, value=self.value
        )

    def drawn(self, raw: dict[str, Any]) -> dict[str, Any]:
        if raw.get("v") is None:  # ten tries found no box that fits: nothing erased
            return {"erased": False}
        return {"erased": True, **box_of(raw, "i", "j", "h", "w")}

    def describe(self, drawn: dict[str, Any]) -> str:
        if not drawn["erased"]:
            return "erasing: no box fitted"
        return f"erased: x={drawn['left']}, y={drawn['top']}, {drawn['width']}×{drawn['height']}"


@dataclass(frozen=True)
class Grayscale(AugmentSpec):
    type: ClassVar[str] = "grayscale"
    title: ClassVar[str] = "Random grayscale"
    short: ClassVar[str] = "grayscale"
    group: ClassVar[str] = COLOUR
    blurb: ClassVar[str] = "Drop the colour (the channels stay, so the shape does not change)."
    own_p: ClassVar[bool] = True

    p: float = probability(0.2)

    def transform(self) -> Call:
        return Call.of("RandomGrayscale", p=self.p)

    def describe(self, drawn: dict[str, Any]) -> str:
        return "grayscale: applied"


@dataclass(frozen=True)
class Normalize(AugmentSpec):
    type: ClassVar[str] = "normalize"
    title: ClassVar[str] = "Normalise"
    short: ClassVar[str] = "normalise"
    group: ClassVar[str] = TENSOR
    blurb: ClassVar[str] = (
        "(x − mean) / std per channel, so inputs are centred near 0; with the data set's "
        "mean and std it is Keras's featurewise_center and featurewise_std_normalization (000)."
    )
    deterministic: ClassVar[bool] = True

    mean: tuple[float, ...] = param((0.5,), "mean per channel", "channels", 0.0, 1.0, 0.001)
    std: tuple[float, ...] = param((0.5,), "std per channel", "channels", 0.001, 10.0, 0.001)

    def check(self) -> None:
        if len(self.mean) != len(self.std):
            raise AugmentError(
                f"Normalise needs as many std values as means ({len(self.mean)} means, "
                f"{len(self.std)} stds)."
            )

    def transform(self) -> Call:
        return Call.of("Normalize", mean=list(self.mean), std=list(self.std))

    def describe(self, drawn: dict[str, Any]) -> str:
        return "normalised (picture un-normalised)"


@dataclass(frozen=True)
class SamplewiseNormalize(AugmentSpec):
    type: ClassVar[str] = "samplewise_normalize"
    title: ClassVar[str] = "Normalise each image"
    short: ClassVar[str] = "samplewise"
    group: ClassVar[str] = TENSOR
    blurb: ClassVar[str] = (
        "(x − the image's mean) / the image's std: Keras's samplewise_center and "
        "samplewise_std_normalization (000)."
    )
    deterministic: ClassVar[bool] = True

    def transform(self) -> Call:
        return Call.of("SamplewiseStandardize")

    def describe(self, drawn: dict[str, Any]) -> str:
        return "each image standardised (picture rescaled to show it)"


# The usual statistics of photos (ImageNet), for a Normalise step on a photo.
IMAGENET: tuple[tuple[float, ...], tuple[float, ...]] = (
    (0.485, 0.456, 0.406),
    (0.229, 0.224, 0.225),
)

SPECS: tuple[type[AugmentSpec], ...] = (
    Resize,
    RandomCrop,
    RandomResizedCrop,
    HorizontalFlip,
    VerticalFlip,
    Rotation,
    Translate,
    Zoom,
    ColorJitter,
    Brightness,
    Contrast,
    Saturation,
    Hue,
    GaussianBlur,
    GaussianNoise,
    RandomErasing,
    Grayscale,
    Normalize,
    SamplewiseNormalize,
)


def _registry() -> dict[str, type[AugmentSpec]]:
    table: dict[str, type[AugmentSpec]] = {}
    for spec in SPECS:
        if spec.type in table:
            raise RuntimeError(f"two augmentations are named {spec.type!r}")
        table[spec.type] = spec
    return table


REGISTRY: dict[str, type[AugmentSpec]] = _registry()
