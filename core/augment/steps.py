"""Colour, noise and tensor augmentations, and the registry of every augmentation by name.

The registry's order is the order of the page's "add a step" menu.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from core.augment.geometry import (
    HorizontalFlip,
    KerasAffine,
    RandomCrop,
    RandomResizedCrop,
    Resize,
    Rotation,
    Translate,
    VerticalFlip,
    Zoom,
    box_of,
)
from core.augment.normalize import IMAGENET as IMAGENET
from core.augment.normalize import Normalize, SamplewiseNormalize
from core.augment.specs import (
    COLOUR,
    NOISE,
    AugmentSpec,
    Call,
    param,
    probability,
)
from core.i18n import N_, _


@dataclass(frozen=True)
class _Jitter(AugmentSpec):
    """One factor of `v2.ColorJitter`; the subclass names it (`attr`)."""

    attr: ClassVar[str]
    group: ClassVar[str] = COLOUR

    amount: float = param(0.3, N_("strength (±)"), "float", 0.0, 1.0, 0.01)
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
            return _("hue: {factor:+.3f} turn").format(factor=drawn["factor"])
        return _("{name}: ×{factor:.2f}").format(name=_(self.short), factor=drawn["factor"])


@dataclass(frozen=True)
class ColorJitter(AugmentSpec):
    """`v2.ColorJitter` whole: brightness, contrast, saturation and hue in one step, each
    drawn at random and applied in a random order."""

    type: ClassVar[str] = "color_jitter"
    title: ClassVar[str] = N_("Colour jitter")
    short: ClassVar[str] = N_("jitter")
    group: ClassVar[str] = COLOUR
    blurb: ClassVar[str] = N_(
        "Brightness, contrast and saturation times a factor in [1 − s, 1 + s], hue turned by "
        "up to ± its value, in a random order (torchvision's ColorJitter)."
    )

    brightness: float = param(0.2, N_("brightness (±)"), "float", 0.0, 1.0, 0.01)
    contrast: float = param(0.2, N_("contrast (±)"), "float", 0.0, 1.0, 0.01)
    saturation: float = param(0.2, N_("saturation (±)"), "float", 0.0, 1.0, 0.01)
    hue: float = param(0.05, N_("hue (± turn)"), "float", 0.0, 0.5, 0.01)
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
        return _(
            "jitter: b×{brightness:.2f} c×{contrast:.2f} s×{saturation:.2f} h{hue:+.3f}"
        ).format(**drawn)


@dataclass(frozen=True)
class Brightness(_Jitter):
    type: ClassVar[str] = "brightness"
    title: ClassVar[str] = N_("Brightness")
    short: ClassVar[str] = N_("brightness")
    blurb: ClassVar[str] = N_("Multiply every pixel by a factor in [1 − strength, 1 + strength].")
    attr: ClassVar[str] = "brightness"


@dataclass(frozen=True)
class Contrast(_Jitter):
    type: ClassVar[str] = "contrast"
    title: ClassVar[str] = N_("Contrast")
    short: ClassVar[str] = N_("contrast")
    blurb: ClassVar[str] = N_(
        "Push pixels away from (or towards) the mean grey by a random factor."
    )
    attr: ClassVar[str] = "contrast"


@dataclass(frozen=True)
class Saturation(_Jitter):
    type: ClassVar[str] = "saturation"
    title: ClassVar[str] = N_("Saturation")
    short: ClassVar[str] = N_("saturation")
    blurb: ClassVar[str] = N_("Make colours more vivid or greyer (no effect on 1-channel images).")
    attr: ClassVar[str] = "saturation"


@dataclass(frozen=True)
class Hue(_Jitter):
    type: ClassVar[str] = "hue"
    title: ClassVar[str] = N_("Hue")
    short: ClassVar[str] = N_("hue")
    blurb: ClassVar[str] = N_("Turn the colour wheel by up to ± strength of a full turn.")
    attr: ClassVar[str] = "hue"

    amount: float = param(0.05, N_("strength (± turn)"), "float", 0.0, 0.5, 0.01)


@dataclass(frozen=True)
class GaussianBlur(AugmentSpec):
    type: ClassVar[str] = "gaussian_blur"
    title: ClassVar[str] = N_("Gaussian blur")
    short: ClassVar[str] = N_("blur")
    group: ClassVar[str] = NOISE
    blurb: ClassVar[str] = N_("Soften the picture with a Gaussian kernel of random width σ.")

    kernel_size: int = param(5, N_("kernel size (odd)"), "odd", 3, 31, 2)
    sigma: tuple[float, float] = param((0.1, 2.0), N_("σ range (px)"), "range", 0.1, 10.0, 0.1)
    p: float = probability(0.5)

    def transform(self) -> Call:
        return Call.of("GaussianBlur", kernel_size=self.kernel_size, sigma=self.sigma)

    def drawn(self, raw: dict[str, Any]) -> dict[str, Any]:
        return {"sigma": float(raw["sigma"][0])}

    def describe(self, drawn: dict[str, Any]) -> str:
        return _("blur: σ={sigma:.2f}").format(sigma=drawn["sigma"])


@dataclass(frozen=True)
class GaussianNoise(AugmentSpec):
    type: ClassVar[str] = "gaussian_noise"
    title: ClassVar[str] = N_("Gaussian noise")
    short: ClassVar[str] = N_("noise")
    group: ClassVar[str] = NOISE
    blurb: ClassVar[str] = N_("Add random grain: every pixel gets its own N(0, σ²) value.")

    sigma: float = param(0.1, N_("noise σ (0..1 scale)"), "float", 0.01, 0.5, 0.01)
    p: float = probability(0.5)

    def transform(self) -> Call:
        return Call.of("GaussianNoise", mean=0.0, sigma=self.sigma, clip=True)

    def describe(self, drawn: dict[str, Any]) -> str:
        return _("noise: σ={sigma:g} added").format(sigma=self.sigma)


@dataclass(frozen=True)
class RandomErasing(AugmentSpec):
    type: ClassVar[str] = "random_erasing"
    title: ClassVar[str] = N_("Random erasing (cutout)")
    short: ClassVar[str] = N_("erasing")
    group: ClassVar[str] = NOISE
    blurb: ClassVar[str] = N_("Blank out a random box, so the model cannot rely on one detail.")
    own_p: ClassVar[bool] = True

    scale: tuple[float, float] = param(
        (0.02, 0.2), N_("area of the box (fraction)"), "range", 0.01, 0.9, 0.01
    )
    ratio: tuple[float, float] = param(
        (0.3, 3.3), N_("height / width of the box"), "range", 0.1, 10.0, 0.1
    )
    value: float = param(0.0, N_("fill value (0 black, 1 white)"), "float", 0.0, 1.0, 0.05)
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
            return _("erasing: no box fitted")
        return _("erased: x={left}, y={top}, {width}×{height}").format(**drawn)


@dataclass(frozen=True)
class Grayscale(AugmentSpec):
    type: ClassVar[str] = "grayscale"
    title: ClassVar[str] = N_("Random grayscale")
    short: ClassVar[str] = N_("grayscale")
    group: ClassVar[str] = COLOUR
    blurb: ClassVar[str] = N_("Drop the colour (the channels stay, so the shape does not change).")
    own_p: ClassVar[bool] = True

    p: float = probability(0.2)

    def transform(self) -> Call:
        return Call.of("RandomGrayscale", p=self.p)

    def describe(self, drawn: dict[str, Any]) -> str:
        return _("grayscale: applied")


SPECS: tuple[type[AugmentSpec], ...] = (
    Resize,
    RandomCrop,
    RandomResizedCrop,
    HorizontalFlip,
    VerticalFlip,
    Rotation,
    Translate,
    Zoom,
    KerasAffine,
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
        # A developer's mistake, caught at import (no student ever sees it).
        assert spec.type not in table, f"two augmentations are named {spec.type!r}"
        table[spec.type] = spec
    return table


REGISTRY: dict[str, type[AugmentSpec]] = _registry()
