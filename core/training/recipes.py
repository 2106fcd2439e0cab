"""Fast recipes: settings that train a model well in minutes on a laptop CPU (the Train
page's "Fast recipe" button and the CLI's defaults for that preset).

Measured on this project's 2-core CPU (bench/bench_time_to_accuracy.py): `mnist_32_64`, the
course's 004 CNN with 32 and 64 filters unchanged, reaches 99.24% test accuracy in 50.5 s of
training (the course: 98.64% after 7 epochs of Adam at batch 200, 52 s each); `cifar10_cpu`
reaches 85.5% in 454 s.
"""

from __future__ import annotations

from typing import Any

from core.i18n import N_

# All the training images (no limit), Adam with a one-cycle rate: warm up, then anneal.
ADAM_ONE_CYCLE = {"batch_size": 128, "optimizer": "adam", "lr": 4e-3, "schedule": "onecycle"}
# Random crops (4 pixels of reflected padding) and horizontal flips, done per batch.
CROP_AND_FLIP = {
    "steps": [
        {"type": "random_crop", "params": {"size": 32, "padding": 4, "padding_mode": "reflect"}},
        {"type": "horizontal_flip", "params": {"p": 0.5}},
    ]
}
FAST_RECIPES: dict[str, dict[str, Any]] = {
    "mnist_fast": {**ADAM_ONE_CYCLE, "epochs": 5},
    "mnist_32_64": {**ADAM_ONE_CYCLE, "epochs": 2},
    "cifar10_cpu": {
        "epochs": 8,
        "batch_size": 256,
        "optimizer": "nesterov",
        "lr": 0.2,
        "momentum": 0.9,
        "weight_decay": 5e-4,
        "schedule": "onecycle",
        "label_smoothing": 0.2,
        "tta": True,
        "augment": CROP_AND_FLIP,
        "channels_last": True,
    },
}
# The dataset each recipe trains on (the CLI's default for the preset, the page's choice).
RECIPE_DATASETS: dict[str, str] = {
    "mnist_fast": "mnist",
    "mnist_32_64": "mnist",
    "cifar10_cpu": "cifar10",
}
# What each recipe reaches, for its button (English; shown with _()).
RECIPE_NOTES: dict[str, str] = {
    "cifar10_cpu": N_("about 86% test accuracy in about 9 minutes of training on a 2-core CPU"),
    "mnist_fast": N_("about 99.0% test accuracy in about 15 s of training on a 2-core CPU"),
    "mnist_32_64": N_("about 99.2% test accuracy in about 50 s of training on a 2-core CPU"),
}


def fast_recipe(preset: str | None) -> dict[str, Any]:
    """The preset's fast settings (a copy), or {} when it has none."""
    return dict(FAST_RECIPES.get(preset or "", {}))
