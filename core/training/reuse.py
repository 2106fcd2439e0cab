"""Reusing a trained model's layers for a new task (001, "model B on model A"): keep every
layer but the output layer, frozen, add a new output layer, and start the kept layers from
the trained run's weights.

    model_B_on_A = keras.models.Sequential(model_A.layers[:-1])
    model_B_on_A.add(keras.layers.Dense(1, activation="sigmoid"))
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from core.i18n import _
from core.model.layers.dense import Dense
from core.model.shapes import layer_names
from core.model.specs import ModelSpec
from core.training.store import load_checkpoint

if TYPE_CHECKING:
    from torch import nn


def reuse_spec(spec: ModelSpec, units: int, freeze: bool = True) -> ModelSpec:
    """Model A's layers but its last, frozen (or not), then Dense(units): sigmoid for one
    output (two classes), softmax for several."""
    if not spec.layers or not isinstance(spec.layers[-1], Dense):
        raise ValueError(_("Model A must end with its Dense output layer to be reused."))
    kept = [dataclasses.replace(layer, trainable=not freeze) for layer in spec.layers[:-1]]
    output = Dense(units=units, activation="sigmoid" if units == 1 else "softmax")
    return ModelSpec(spec.input_shape, (*kept, output), f"{spec.name}_reused")


def load_reused_weights(model: nn.Module, spec: ModelSpec, run_dir: Path) -> list[str]:
    """Copy the run's weights into every layer but the new output layer; returns the layers
    copied. A layer whose shapes differ from the run's is refused with a clear message."""
    saved = load_checkpoint(Path(run_dir))["state_dict"]
    kept = layer_names(spec)[:-1]
    state = model.state_dict()
    copied = {k: v for k, v in saved.items() if k.partition(".")[0] in kept and k in state}
    wrong = [k for k, v in copied.items() if tuple(v.shape) != tuple(state[k].shape)]
    if wrong:
        raise ValueError(
            _(
                "The run's layer {layer} does not fit this model ({saved} vs {wanted}): reuse "
                "a run trained with the same layers."
            ).format(
                layer=wrong[0].partition(".")[0],
                saved=tuple(copied[wrong[0]].shape),
                wanted=tuple(state[wrong[0]].shape),
            )
        )
    model.load_state_dict(copied, strict=False)
    return sorted({k.partition(".")[0] for k in copied})
