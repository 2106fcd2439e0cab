"""Transfer races: the three freezing strategies side by side, or random weights against
ImageNet's, on the same backbone, photos and validation split."""

from __future__ import annotations

import dataclasses

from core.i18n import _, ngettext
from core.transfer.net import TransferSpec


def strategy_variants(spec: TransferSpec) -> dict[str, TransferSpec]:
    """The same backbone and classes under the three strategies, labelled in the session's
    language (the labels name the runs)."""
    return {
        _("head (feature extraction)"): dataclasses.replace(spec, strategy="head", two_phase=0),
        ngettext("last {n} block", "last {n} blocks", spec.blocks).format(
            n=spec.blocks
        ): dataclasses.replace(spec, strategy="partial", two_phase=0),
        _("full fine-tuning"): dataclasses.replace(spec, strategy="full", two_phase=0),
    }


def scratch_variants(spec: TransferSpec) -> dict[str, TransferSpec]:
    """The same architecture trained entirely, from random weights and from ImageNet's,
    labelled in the session's language."""
    full = dataclasses.replace(spec, strategy="full", two_phase=0)
    return {
        _("random weights (from scratch)"): dataclasses.replace(full, pretrained=False),
        _("pretrained (ImageNet)"): full,
    }
