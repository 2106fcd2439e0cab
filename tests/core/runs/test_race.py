"""core.runs.race: each contestant differs from the base in one thing only."""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pytest

from core.model.presets import get_preset
from core.runs.race import DOCUMENT_LR, KFOLD, KINDS, USUAL_LR, fold_summary, race_variants
from core.training.config import OPTIMIZERS, ConfigError, TrainConfig
from core.training.splits import stratified_split
from tests.conftest import ROOT

COURSE = ROOT.parent / "shared" / "course"

SPEC = get_preset("mnist_fast")
BASE = TrainConfig(epochs=2, optimizer="adam", lr=1e-3, seed=3)


def _changed(config: TrainConfig) -> set[str]:
    before, after = dataclasses.asdict(BASE), dataclasses.asdict(config)
    return {name for name in before if before[name] != after[name]}


def test_optimizers_race_at_the_documents_rate_unless_asked_for_their_usual_ones() -> None:
    base = dataclasses.replace(BASE, lr=0.02)
    variants = race_variants(KINDS[0], list(OPTIMIZERS), SPEC, base, None)
    assert {config.lr for _spec, config in variants.values()} == {DOCUMENT_LR}
    assert variants["sgd"][1] == dataclasses.replace(base, optimizer="sgd", lr=DOCUMENT_LR)
    assert set(USUAL_LR) == set(OPTIMIZERS)
    usual = race_variants(KINDS[0], ["sgd", "adam"], SPEC, BASE, None, lr_rule="usual")
    assert usual["sgd"] == (SPEC, dataclasses.replace(BASE, optimizer="sgd", lr=0.05))
    assert _changed(usual["adam"][1]) == set()  # adam's usual rate is the base's


def test_the_documents_rate_is_the_one_its_comparison_gives_every_optimizer() -> None:
    """001:593-620, "Faster Optimizers": seven Keras optimizers, each with lr=0.001."""
    documents = list(COURSE.glob("001_*.txt"))
    if not documents:
        pytest.skip(f"needs the course documents at {COURSE}")
    text = documents[0].read_text(encoding="utf-8")
    section = text[text.index("Momentum optimization\n") :][:1200]  # 001:591, the comparison
    lines = re.findall(r"optimizer = keras\.optimizers\.(\w+)\(lr=([0-9.]+)", section)
    assert len(lines) == 7, lines  # momentum, Nesterov, AdaGrad, RMSProp, Adam, Adamax, Nadam
    assert {float(rate) for _name, rate in lines} == {DOCUMENT_LR}


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


def test_k_fold_holds_out_each_part_of_every_class_once() -> None:
    labels = np.repeat([0, 1, 2], [10, 7, 5])
    vals = []
    for fold in range(3):
        train, val = stratified_split(labels, 0.1, seed=4, folds=3, fold=fold)
        assert not set(train) & set(val) and len(train) + len(val) == len(labels)
        assert sorted(np.bincount(labels[val])) in ([1, 2, 3], [2, 2, 3], [2, 3, 4], [1, 3, 4])
        vals.append(val)
    assert sorted(np.concatenate(vals).tolist()) == list(range(len(labels)))


def test_k_fold_race_trains_one_run_per_fold() -> None:
    variants = race_variants(KFOLD, ["4"], SPEC, BASE, None)
    assert list(variants) == [f"fold {i} of 4" for i in range(1, 5)]
    assert [(c.folds, c.fold) for _, c in variants.values()] == [(4, i) for i in range(4)]
    assert fold_summary([0.9, 0.8, None]) is None
    mean, std = fold_summary([0.9, 0.8, 0.7, 0.8])
    assert mean == pytest.approx(0.8) and std == pytest.approx(np.std([0.9, 0.8, 0.7, 0.8]))
    with pytest.raises(ConfigError):
        TrainConfig(folds=3, fold=3)
