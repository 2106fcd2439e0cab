"""How a network gives its answer: 003:292's three ways ("뉴럴넷에게 답을 회신받는 3가지 방법").

- **Value** ("이게 얼마가 될거 같니?"): the output is taken as it is ("output을 그냥 받는다"),
  one number: Keras's `Dense(1)` with no activation, trained with the mean squared error.
- **O/X** ("기냐? 아니냐?"): one output through a sigmoid, `Dense(1, activation="sigmoid")`,
  trained with binary cross-entropy.
- **Category** ("종류중에 요건 뭐냐?"): one output per class through softmax,
  `Dense(n, activation="softmax")`, trained with categorical cross-entropy.

Read from the spec alone (no torch), so the builder, the Train page and the loop agree.
"""

from __future__ import annotations

import math
from typing import Literal

from core.model.shapes import infer_shapes
from core.model.specs import ModelSpec

Answer = Literal["value", "o/x", "category"]
VALUE: Answer = "value"
YES_NO: Answer = "o/x"
CATEGORY: Answer = "category"

# A final activation that turns one score into a probability (softmax of one output is
# always 1, so the lab has always read it as the sigmoid the student meant).
_PROBABILITY = ("sigmoid", "softmax")


def answer_kind(spec: ModelSpec) -> Answer:
    """Value for one output taken as it is, O/X for one output through a sigmoid, else
    Category (several outputs, softmax or raw scores)."""
    if not spec.layers:
        return CATEGORY
    last = infer_shapes(spec)[-1]
    if last.info.out_shape != (1,):
        return CATEGORY
    final = last.spec.type if last.spec.type in _PROBABILITY else last.spec.activation_name
    return YES_NO if final in _PROBABILITY else VALUE


def nearest_class(value: float, classes: int) -> int:
    """The class a value answers: its nearest class number within 0..classes-1, halves to
    the even number as torch.round (a diverged model's NaN is class 0, as evaluation counts)."""
    if math.isnan(value):
        return 0
    return round(min(max(value, 0.0), float(max(0, classes - 1))))
