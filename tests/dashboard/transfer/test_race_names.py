"""A transfer race's run names are the same in every language (they were the labels shown, so
Test a photo listed one race twice: once in Korean words, once in English)."""

from __future__ import annotations

from core.i18n import using_language
from core.transfer.net import TransferSpec
from core.transfer.race import scratch_variants, strategy_variants
from dashboard.keys import TransferKeys as K
from dashboard.transfer.race_panel import race_run_name

BASE = TransferSpec("efficientnet_lite0", ("human", "monkey"))


def _names(language: str) -> list[str]:
    with using_language(language):
        races = [(K.RACE, strategy_variants(BASE)), (K.SCRATCH, scratch_variants(BASE))]
        return [race_run_name(key, spec) for key, race in races for spec in race.values()]


def test_race_run_names_do_not_depend_on_the_language() -> None:
    english = _names("en")
    assert english == _names("ko")
    assert len(set(english)) == len(english)  # every contestant its own name
    assert "race-efficientnet_lite0 head (pretrained)" in english
    assert "scratch-efficientnet_lite0 full (random)" in english
