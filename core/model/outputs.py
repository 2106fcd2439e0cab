"""A model's last layer decides its loss (003:292's three ways, core.model.answers): several
outputs with softmax and categorical cross-entropy; one output with sigmoid and binary
cross-entropy (001/002/003's binary classifiers, Keras's `Dense(1, activation="sigmoid")` with
`loss="binary_crossentropy"`); or one output taken as it is, a value, with the mean squared
error (Keras's `Dense(1)` with `loss="mse"`): its target is the class's number (MNIST's digit).

Every function takes the raw scores (`logits`, before the final softmax or sigmoid), the
numerically stable form PyTorch's losses expect; `value=True` for a model that answers with a
value (`gives_value`).
"""

from __future__ import annotations

import torch
from torch.nn import functional

from core.model.answers import VALUE


def gives_value(model: object) -> bool:
    """Whether a model answers with a value: a SpecNet whose spec ends in one output with no
    sigmoid (core.model.answers); pretrained and fine-tuned networks answer with classes."""
    return getattr(model, "answer", None) == VALUE


def is_binary(logits: torch.Tensor) -> bool:
    """One output per image: a two-class model with a sigmoid."""
    return logits.ndim == 2 and logits.shape[1] == 1


def loss(
    logits: torch.Tensor,
    targets: torch.Tensor,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
    value: bool = False,
) -> torch.Tensor:
    """Binary cross-entropy for one output, categorical cross-entropy for several; the mean
    squared error (value − class number)² for a value.

    `label_smoothing` ε trains towards 1 − ε on the true class and ε spread over all the
    classes (Szegedy et al. 2016), so the model never pushes its scores without bound; a
    value has no classes to smooth over, so it ignores ε."""
    if value:
        return functional.mse_loss(logits[:, 0], targets.float(), reduction=reduction)
    if is_binary(logits):
        target = targets.float() * (1 - label_smoothing) + 0.5 * label_smoothing
        return functional.binary_cross_entropy_with_logits(
            logits[:, 0], target, reduction=reduction
        )
    return functional.cross_entropy(
        logits, targets, reduction=reduction, label_smoothing=label_smoothing
    )


def probabilities(logits: torch.Tensor) -> torch.Tensor:
    """(N, classes) probabilities; one output p becomes the two classes (1 - p, p)."""
    if is_binary(logits):
        p = torch.sigmoid(logits[:, 0])
        return torch.stack([1 - p, p], dim=1)
    return functional.softmax(logits, dim=1)


def nearest_classes(values: torch.Tensor, classes: int) -> torch.Tensor:
    """The class each value answers: its nearest class number within 0..classes-1, and a
    diverged model's NaN class 0 (core.model.answers.nearest_class, for one value)."""
    return values.nan_to_num(0.0).round().clamp(0, max(0, classes - 1)).long()


def predictions(logits: torch.Tensor, value_classes: int | None = None) -> torch.Tensor:
    """The class of each image: for a value among `value_classes` classes, the nearest class
    number; score > 0 (p > 0.5) for one output; else the largest."""
    if value_classes is not None:
        return nearest_classes(logits[:, 0], value_classes)
    if is_binary(logits):
        return (logits[:, 0] > 0).long()
    return logits.argmax(1)
