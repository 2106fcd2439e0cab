"""Size and geometry augmentations: resize, crops, flips, rotation, shift and zoom.

Every step works on the float tensor image `build_transform` makes first (values in 0..1),
so the same pipeline serves photos and 1-channel dataset images alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from core.augment.specs import GEOMETRY, SIZE, AugmentSpec, Call, param, probability
from core.i18n import N_, _


def _side(default: int) -> Any:
    return param(
        default,
        N_("output size (px)"),
        "int",
        4,
        512,
        1,
        N_("Height and width of the result: every image of a batch must match."),
    )


def box_of(
    raw: dict[str, Any],
    top: str = "top",
    left: str = "left",
    height: str = "height",
    width: str = "width",
) -> dict[str, int]:
    return {
        "top": int(raw[top]),
        "left": int(raw[left]),
        "height": int(raw[height]),
        "width": int(raw[width]),
    }


@dataclass(frozen=True)
class Resize(AugmentSpec):
    type: ClassVar[str] = "resize"
    title: ClassVar[str] = N_("Resize")
    short: ClassVar[str] = N_("resize")
    group: ClassVar[str] = SIZE
    blurb: ClassVar[str] = N_("Scale every image to size × size (not random).")
    deterministic: ClassVar[bool] = True
    sets_size: ClassVar[bool] = True

    size: int = _side(32)

    def transform(self) -> Call:
        return Call.of("Resize", [self.size, self.size], antialias=True)

    def describe(self, drawn: dict[str, Any]) -> str:
        return _("resize: {size}×{size}").format(size=self.size)


@dataclass(frozen=True)
class RandomCrop(AugmentSpec):
    type: ClassVar[str] = "random_crop"
    title: ClassVar[str] = N_("Random crop with padding")
    short: ClassVar[str] = N_("crop")
    group: ClassVar[str] = SIZE
    blurb: ClassVar[str] = N_("Pad the borders, then cut a size × size window at a random place.")
    sets_size: ClassVar[bool] = True

    size: int = _side(28)
    padding: int = param(4, N_("padding (px)"), "int", 0, 64, 1, N_("Added on every side first."))
    padding_mode: str = param(
        "constant",
        N_("padding mode"),
        "choice",
        choices=("constant", "edge", "reflect", "symmetric"),
        help=N_("constant pads with black."),
    )

    def transform(self) -> Call:
        # pad_if_needed: an image smaller than the window is padded instead of failing.
        return Call.of(
            "RandomCrop",
            [self.size, self.size],
            padding=self.padding or None,
            pad_if_needed=True,
            padding_mode=self.padding_mode,
        )

    def eval_calls(self) -> list[Call]:
        return [Call.of("CenterCrop", [self.size, self.size])]

    def drawn(self, raw: dict[str, Any]) -> dict[str, Any]:
        return box_of(raw)

    def describe(self, drawn: dict[str, Any]) -> str:
        return _("crop: x={left}, y={top} (padded image)").format(**drawn)


@dataclass(frozen=True)
class RandomResizedCrop(AugmentSpec):
    type: ClassVar[str] = "random_resized_crop"
    title: ClassVar[str] = N_("Random resized crop (zoom in)")
    short: ClassVar[str] = N_("resized crop")
    group: ClassVar[str] = SIZE
    blurb: ClassVar[str] = N_(
        "Cut a random box (area and shape at random), resize it to size × size."
    )
    sets_size: ClassVar[bool] = True

    size: int = _side(32)
    scale: tuple[float, float] = param(
        (0.5, 1.0), N_("area of the box (fraction)"), "range", 0.01, 1.0, 0.01
    )
    ratio: tuple[float, float] = param(
        (0.75, 1.33), N_("width / height of the box"), "range", 0.25, 4.0, 0.01
    )

    def transform(self) -> Call:
        return Call.of(
            "RandomResizedCrop",
            [self.size, self.size],
            scale=self.scale,
            ratio=self.ratio,
            antialias=True,
        )

    def eval_calls(self) -> list[Call]:
        return [Call.of("Resize", [self.size, self.size], antialias=True)]

    def drawn(self, raw: dict[str, Any]) -> dict[str, Any]:
        return box_of(raw)

    def describe(self, drawn: dict[str, Any]) -> str:
        return _("box: x={left}, y={top}, {width}×{height}").format(**drawn)


@dataclass(frozen=True)
class HorizontalFlip(AugmentSpec):
    type: ClassVar[str] = "horizontal_flip"
    title: ClassVar[str] = N_("Horizontal flip")
    short: ClassVar[str] = N_("h-flip")
    group: ClassVar[str] = GEOMETRY
    blurb: ClassVar[str] = N_("Mirror left ↔ right (fine for cats, wrong for digits and text).")
    own_p: ClassVar[bool] = True

    p: float = probability(0.5)

    def transform(self) -> Call:
        return Call.of("RandomHorizontalFlip", p=self.p)

    def describe(self, drawn: dict[str, Any]) -> str:
        return _("h-flip: flipped")


@dataclass(frozen=True)
class VerticalFlip(AugmentSpec):
    type: ClassVar[str] = "vertical_flip"
    title: ClassVar[str] = N_("Vertical flip")
    short: ClassVar[str] = N_("v-flip")
    group: ClassVar[str] = GEOMETRY
    blurb: ClassVar[str] = N_("Mirror top ↔ bottom (only where upside-down still makes sense).")
    own_p: ClassVar[bool] = True

    p: float = probability(0.5)

    def transform(self) -> Call:
        return Call.of("RandomVerticalFlip", p=self.p)

    def describe(self, drawn: dict[str, Any]) -> str:
        return _("v-flip: flipped")


@dataclass(frozen=True)
class Rotation(AugmentSpec):
    type: ClassVar[str] = "rotation"
    title: ClassVar[str] = N_("Rotation")
    short: ClassVar[str] = N_("rotation")
    group: ClassVar[str] = GEOMETRY
    blurb: ClassVar[str] = N_("Turn by a random angle in [−degrees, +degrees]; corners fill black.")

    degrees: float = param(15.0, N_("max angle (degrees)"), "float", 0.0, 180.0, 1.0)
    p: float = probability(1.0)

    def transform(self) -> Call:
        return Call.of("RandomRotation", degrees=self.degrees, interpolation="bilinear")

    def drawn(self, raw: dict[str, Any]) -> dict[str, Any]:
        return {"angle": float(raw["angle"])}

    def describe(self, drawn: dict[str, Any]) -> str:
        return _("rotation: {angle:+.1f}°").format(angle=drawn["angle"])


@dataclass(frozen=True)
class Translate(AugmentSpec):
    type: ClassVar[str] = "translate"
    title: ClassVar[str] = N_("Width / height shift")
    short: ClassVar[str] = N_("shift")
    group: ClassVar[str] = GEOMETRY
    blurb: ClassVar[str] = N_("Move the picture by up to a fraction of its width and height.")

    width_shift: float = param(0.1, N_("max width shift (fraction)"), "float", 0.0, 0.5, 0.01)
    height_shift: float = param(0.1, N_("max height shift (fraction)"), "float", 0.0, 0.5, 0.01)
    p: float = probability(1.0)

    def transform(self) -> Call:
        return Call.of(
            "RandomAffine",
            degrees=0.0,
            translate=(self.width_shift, self.height_shift),
            interpolation="bilinear",
        )

    def drawn(self, raw: dict[str, Any]) -> dict[str, Any]:
        dx, dy = raw["translate"]
        return {"dx": int(dx), "dy": int(dy)}

    def describe(self, drawn: dict[str, Any]) -> str:
        return _("shift: x{dx:+d}, y{dy:+d} px").format(dx=drawn["dx"], dy=drawn["dy"])


@dataclass(frozen=True)
class Zoom(AugmentSpec):
    type: ClassVar[str] = "zoom"
    title: ClassVar[str] = N_("Zoom")
    short: ClassVar[str] = N_("zoom")
    group: ClassVar[str] = GEOMETRY
    blurb: ClassVar[str] = N_(
        "Scale the content by a factor in [1 − amount, 1 + amount], same size."
    )

    amount: float = param(0.1, N_("zoom range (±)"), "float", 0.0, 0.9, 0.01)
    p: float = probability(1.0)

    def transform(self) -> Call:
        scale = (1.0 - self.amount, 1.0 + self.amount)
        return Call.of("RandomAffine", degrees=0.0, scale=scale, interpolation="bilinear")

    def drawn(self, raw: dict[str, Any]) -> dict[str, Any]:
        return {"scale": float(raw["scale"])}

    def describe(self, drawn: dict[str, Any]) -> str:
        return _("zoom: ×{scale:.2f}").format(scale=drawn["scale"])


@dataclass(frozen=True)
class KerasAffine(AugmentSpec):
    """000's ImageDataGenerator geometry as Keras does it: one affine (rotation, shift, a
    zoom per axis) with the edge pixels repeated, where Rotation, Shift and Zoom above are
    torchvision's (both axes zoomed alike, black corners)."""

    type: ClassVar[str] = "keras_affine"
    title: ClassVar[str] = N_("Keras ImageDataGenerator (rotate, shift, zoom)")
    short: ClassVar[str] = N_("Keras affine")
    group: ClassVar[str] = GEOMETRY
    blurb: ClassVar[str] = N_(
        "Keras's rotation_range, width/height_shift_range and zoom_range in one step: each "
        "axis zoomed by its own factor, and the edge pixels repeated where the picture moves "
        "in (fill_mode='nearest')."
    )

    rotation_range: float = param(2.0, N_("rotation_range (degrees)"), "float", 0.0, 180.0, 1.0)
    width_shift_range: float = param(0.1, N_("width_shift_range"), "float", 0.0, 0.5, 0.01)
    height_shift_range: float = param(0.1, N_("height_shift_range"), "float", 0.0, 0.5, 0.01)
    zoom_range: float = param(0.1, N_("zoom_range"), "float", 0.0, 0.9, 0.01)

    def transform(self) -> Call:
        return Call.of(
            "KerasAffine",
            rotation_range=self.rotation_range,
            width_shift_range=self.width_shift_range,
            height_shift_range=self.height_shift_range,
            zoom_range=self.zoom_range,
        )

    def drawn(self, raw: dict[str, Any]) -> dict[str, Any]:
        return {key: float(raw[key]) for key in ("theta", "tx", "ty", "zx", "zy")}

    def describe(self, drawn: dict[str, Any]) -> str:
        return _(
            "Keras: rotation {theta:+.1f}°, shift {tx:+.1f} / {ty:+.1f} px, "
            "zoom ×{zx:.2f} / ×{zy:.2f}"
        ).format(**drawn)
