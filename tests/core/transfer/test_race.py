"""core.transfer.race: the strategies and scratch-vs-pretrained keep backbone and classes."""

from __future__ import annotations

from core.transfer.net import TransferSpec
from core.transfer.race import scratch_variants, strategy_variants

SPEC = TransferSpec("efficientnet_lite0", ("human", "monkey"), "head", blocks=3, two_phase=2)


def test_three_strategies_on_the_same_backbone() -> None:
    variants = strategy_variants(SPEC)
    assert [v.strategy for v in variants.values()] == ["head", "partial", "full"]
    assert "last 3 blocks" in variants
    assert all(v.backbone == SPEC.backbone and v.classes == SPEC.classes for v in variants.values())
    assert all(v.two_phase == 0 for v in variants.values())


def test_scratch_against_pretrained_trains_everything() -> None:
    scratch, pretrained = scratch_variants(SPEC).values()
    assert (scratch.strategy, scratch.pretrained) == ("full", False)
    assert (pretrained.strategy, pretrained.pretrained) == ("full", True)
