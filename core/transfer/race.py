"""Transfer races: the three freezing strategies side by side, or random weights against
ImageNet's, on the same backbone, photos and validation split."""

from __future__ import annotations

import dataclasses

from core.transfer.net import TransferSpec


def strategy_variants(spec: TransferSpec) -> dict[str, TransferSpec]:
    """The same backbone and classes under the three strategies."""
    return {
        "head (feature extraction)": dataclasses.replace(spec, strategy="head", two_phase=0),
        f"last {spec.blocks} blocks": dataclasses.replace(spec, strategy="partial", two_phase=0),
        "full fine-tuning": dataclasses.replace(spec, strategy="full", two_phase=0),
    }


def scratch_variants(spec: TransferSpec) -> dict[str, TransferSpec]:
    """The same architecture trained entirely, from random weights and from ImageNet's."""
    full = dataclasses.replace(spec, strategy="full", two_phase=0)
    return {
        "random weights (from scratch)": dataclasses.replace(full, pretrained=False),
        "pretrained (ImageNet)": full,
    }
