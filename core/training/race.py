"""A race: the same model and data trained several ways at once. Each variant changes one
thing (the optimizer, the schedule, the model, or augmentation) and keeps the rest."""

from __future__ import annotations

import dataclasses

from core.model.presets import get_preset
from core.model.specs import ModelSpec
from core.training.config import TrainConfig

# Each optimizer's usual learning rate, so that the race compares methods at their best.
USUAL_LR = {
    "sgd": 0.05,
    "momentum": 0.01,
    "nesterov": 0.01,
    "adagrad": 0.01,
    "rmsprop": 0.001,
    "adam": 0.001,
    "adamax": 0.002,
    "nadam": 0.002,
    "adamw": 0.001,
}
KINDS = ("Optimizers", "Learning-rate schedules", "Models", "Augmentation on / off")


def race_variants(
    kind: str, choices: list[str], spec: ModelSpec, config: TrainConfig, augment: dict | None
) -> dict[str, tuple[ModelSpec, TrainConfig]]:
    """label -> (spec, config) for each contestant; everything else stays the same."""
    if kind == "Optimizers":
        return {
            name: (spec, dataclasses.replace(config, optimizer=name, lr=USUAL_LR[name]))
            for name in choices
        }
    if kind == "Learning-rate schedules":
        return {
            name: (spec, dataclasses.replace(config, schedule=name, schedule_params={}))
            for name in choices
        }
    if kind == "Models":
        return {
            name: (get_preset(name), dataclasses.replace(config, preset=name)) for name in choices
        }
    return {
        "with augmentation": (spec, dataclasses.replace(config, augment=augment)),
        "without augmentation": (spec, dataclasses.replace(config, augment=None)),
    }
