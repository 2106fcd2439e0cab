"""A race: the same model and data trained several ways at once. Each variant changes one
thing (the optimizer, the schedule, the model, or augmentation) and keeps the rest."""

from __future__ import annotations

import dataclasses

from core.i18n import _
from core.model.presets import get_preset
from core.model.specs import ModelSpec
from core.training.config import TrainConfig

# The course's comparison (001:593-620) gives every optimizer lr=0.001: a race of optimizers
# follows it unless the student picks each optimizer's usual rate (USUAL_LR) instead.
DOCUMENT_LR = 0.001
LR_RULES = ("document", "usual")
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
KINDS = (
    "Optimizers",
    "Learning-rate schedules",
    "Models",
    "Augmentation on / off",
    "K-fold cross-validation",
)
KFOLD = KINDS[-1]


def fold_summary(best_val: list[float | None]) -> tuple[float, float] | None:
    """Mean and (population) standard deviation of the folds' best validation accuracies,
    once every fold has one: k-fold's estimate and how much it depends on the split."""
    if not best_val or any(value is None for value in best_val):
        return None
    values = [float(v) for v in best_val if v is not None]
    mean = sum(values) / len(values)
    return mean, (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5


def race_variants(
    kind: str,
    choices: list[str],
    spec: ModelSpec,
    config: TrainConfig,
    augment: dict | None,
    lr_rule: str = "document",
) -> dict[str, tuple[ModelSpec, TrainConfig]]:
    """label -> (spec, config) for each contestant; everything else stays the same. The
    labels are shown (in the session's language); `kind` is one of KINDS (English keys).
    Optimizers race at the document's rate, or at each one's usual rate (`lr_rule`)."""
    if kind == "Optimizers":
        return {
            name: (
                spec,
                dataclasses.replace(
                    config,
                    optimizer=name,
                    lr=DOCUMENT_LR if lr_rule == "document" else USUAL_LR[name],
                ),
            )
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
    if kind == KFOLD:  # choices: [k]; fold i holds out the i-th part of every class
        k = int(choices[0])
        return {
            _("fold {fold} of {k}").format(fold=i + 1, k=k): (
                spec,
                dataclasses.replace(config, folds=k, fold=i),
            )
            for i in range(k)
        }
    return {
        _("with augmentation"): (spec, dataclasses.replace(config, augment=augment)),
        _("without augmentation"): (spec, dataclasses.replace(config, augment=None)),
    }
