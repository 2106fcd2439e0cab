""" "Predict, then check": parse a student's guess of a layer's Output Shape and Param #."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.model.specs import Shape

_BATCH_WORDS = {"n", "none", "-1", "b", "batch"}


def parse_shape(text: str) -> Shape | None:
    """Read "32, 28, 28", "(N, 32, 28, 28)", "[None, 32, 28, 28]" or "32x28x28"; None if unclear."""
    parts = [part for part in re.split(r"[\s,x×*()\[\]]+", text.strip().lower()) if part]
    if parts and parts[0] in _BATCH_WORDS:
        parts = parts[1:]
    if not parts or not all(part.isdigit() for part in parts):
        return None
    return tuple(int(part) for part in parts)


@dataclass(frozen=True)
class Verdict:
    shape_ok: bool
    params_ok: bool
    understood: bool  # False when the shape text could not be read

    @property
    def all_ok(self) -> bool:
        return self.shape_ok and self.params_ok


def check_prediction(
    shape_text: str, params: int | None, true_shape: Shape, true_params: int
) -> Verdict:
    """Compare a guess with the truth; the batch dimension N may be written or left out."""
    guess = parse_shape(shape_text)
    return Verdict(
        shape_ok=guess == tuple(true_shape),
        params_ok=params is not None and int(params) == true_params,
        understood=guess is not None,
    )
