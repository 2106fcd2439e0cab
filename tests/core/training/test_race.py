"""core.training.race: each contestant differs from the base in one thing only."""

from __future__ import annotations

import dataclasses

from core.model.presets import get_preset
from core.training.config import OPTIMIZERS, TrainConfig
from core.training.race import KINDS, USUAL_LR, race_variants

SPEC = get_preset("mnist_fast")
BASE = TrainConfig(epochs=2, optimizer="adam", lr=1e-3, seed=3)


def _changed(config: TrainConfig) -> set[str]:
    before, after = dataclasses.asdict(BASE), dataclasses.asdict(config)
    return {name for name in before if before[name] != after[name]}


def test_every_optimizer_races_at_its_usual_rate() -> None:
    assert set(USUAL_LR) == set(OPTIMIZERS)
    variants = race_variants(KINDS[0], ["sgd", "adam"], SPEC, BASE, None)
    assert variants["sgd"] == (SPEC, dataclasses.replace(BASE, optimizer="sgd", lr=0.05))
    assert _changed(variants["sgd"][1]) == {"optimizer", "lr"}
    assert _changed(variants["adam"][1]) == set()  # adam's usual rate is the base's


def test_schedules_models_and_augmentation_change_one_thing() -> None:
    schedules = race_variants(KINDS[1], ["step", "onecycle"], SPEC, BASE, None)
    assert {_changed(c).pop() for _, c in schedules.values()} == {"schedule"}
    models = race_variants(KINDS[2], ["mnist_1filter"], SPEC, BASE, None)
    spec, config = models["mnist_1filter"]
    assert spec == get_preset("mnist_1filter") and _changed(config) == {"preset"}
    pipeline = {"format": "cnnlab.augment", "steps": []}
    on_off = race_variants(KINDS[3], [], SPEC, BASE, pipeline)
    assert on_off["with augmentation"][1].augment == pipeline
    assert on_off["without augmentation"][1] == BASE
