"""How an image's pixels become a network's input: the course's three ways.

004 feeds its MNIST CNN the raw pixels, 0 to 255 (004:250, `model.fit(x, y)` on the
uint8 arrays); its CIFAR-10 CNN gets `x / 255` (004:548); the lab, as torchvision's
recipes and 000's transforms do, standardises each channel with the training set's mean
and standard deviation.

Each way is one Normalize over pixels already divided by 255, `(x/255 - mean) / std`:
/255 is mean 0 and std 1; raw pixels are mean 0 and std 1/255. So every path that
normalises (the vectorised batches, the per-image transform, a trained run's photos,
the ONNX file) takes the same two numbers per channel and needs no branch.
"""

from __future__ import annotations

from core.data.builtin import DatasetInfo, channel_stats
from core.i18n import N_, _

STANDARDIZE, DIVIDE_255, RAW = "standardize", "divide_255", "none"
# Each way with its formula, as the Train page and the CLI show it (English msgids).
SCALINGS: dict[str, str] = {
    STANDARDIZE: N_("(x/255 − mean) / std: the lab's default"),
    DIVIDE_255: N_("x / 255, 0 to 1: 004's CIFAR-10"),
    RAW: N_("raw pixels, 0 to 255: 004's MNIST"),
}


def input_stats(scaling: str, info: DatasetInfo, channels: int) -> tuple[list[float], list[float]]:
    """The mean and std per channel that turn pixels/255 into the network's input for
    `scaling` (one of SCALINGS); KeyError for another name."""
    if scaling == STANDARDIZE:
        return channel_stats(info, channels)
    std = {DIVIDE_255: 1.0, RAW: 1 / 255}[scaling]
    return [0.0] * channels, [std] * channels


def stored_scaling(config: object) -> str:
    """The scaling a stored run's config (config.json, a checkpoint) names: the default for a
    run from before the choice existed; ValueError for a name the lab does not know (a
    hand-edited or hostile file)."""
    scaling = config.get("scaling", STANDARDIZE) if isinstance(config, dict) else STANDARDIZE
    if not isinstance(scaling, str) or scaling not in SCALINGS:
        raise ValueError(
            _("The run's input scaling {value} is none of {names}.").format(
                value=repr(scaling)[:40], names=", ".join(SCALINGS)
            )
        )
    return str(scaling)
