"""Tensor steps: normalisation by fixed statistics or by each image's own (Keras's
featurewise and samplewise options). Registered with the others in `core.augment.steps`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from core.augment.specs import TENSOR, AugmentError, AugmentSpec, Call, param
from core.i18n import N_, _


@dataclass(frozen=True)
class Normalize(AugmentSpec):
    type: ClassVar[str] = "normalize"
    title: ClassVar[str] = N_("Normalise")
    short: ClassVar[str] = N_("normalise")
    group: ClassVar[str] = TENSOR
    blurb: ClassVar[str] = N_(
        "(x − mean) / std per channel, so inputs are centred near 0; with the data set's "
        "mean and std it is Keras's featurewise_center and featurewise_std_normalization (000)."
    )
    deterministic: ClassVar[bool] = True

    mean: tuple[float, ...] = param((0.5,), N_("mean per channel"), "channels", 0.0, 1.0, 0.001)
    std: tuple[float, ...] = param((0.5,), N_("std per channel"), "channels", 0.001, 10.0, 0.001)

    def check(self) -> None:
        if len(self.mean) != len(self.std):
            raise AugmentError(
                _(
                    "Normalise needs as many std values as means ({means} means, {stds} stds)."
                ).format(means=len(self.mean), stds=len(self.std))
            )

    def transform(self) -> Call:
        return Call.of("Normalize", mean=list(self.mean), std=list(self.std))

    def describe(self, drawn: dict[str, Any]) -> str:
        return _("normalised (picture un-normalised)")


@dataclass(frozen=True)
class SamplewiseNormalize(AugmentSpec):
    type: ClassVar[str] = "samplewise_normalize"
    title: ClassVar[str] = N_("Normalise each image")
    short: ClassVar[str] = N_("samplewise")
    group: ClassVar[str] = TENSOR
    blurb: ClassVar[str] = N_(
        "(x − the image's mean) / the image's std: Keras's samplewise_center and "
        "samplewise_std_normalization (000)."
    )
    deterministic: ClassVar[bool] = True

    def transform(self) -> Call:
        return Call.of("SamplewiseStandardize")

    def describe(self, drawn: dict[str, Any]) -> str:
        return _("each image standardised (picture rescaled to show it)")


# The usual statistics of photos (ImageNet), for a Normalise step on a photo.
IMAGENET: tuple[tuple[float, ...], tuple[float, ...]] = (
    (0.485, 0.456, 0.406),
    (0.229, 0.224, 0.225),
)
