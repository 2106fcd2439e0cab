"""A model's last layer decides its loss: several outputs with softmax and categorical
cross-entropy, or one output with sigmoid and binary cross-entropy (001/002/003's binary
classifiers, Keras's `Dense(1, activation="sigmoid")` with `loss="binary_crossentropy"`).

Every function takes the raw scores (`logits`, before the final softmax or sigmoid), the
numerically stable form PyTorch's losses expect.
"""

from __future__ import annotations

import torch
from torch.nn import functional


def is_binary(logits: torch.Tensor) -> bool:
    """One output per image: a two-class model with a sigmoid."""
    return logits.ndim == 2 and logits.shape[1] == 1


def loss(
    logits: torch.Tensor,
    targets: torch.Tensor,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> torch.Tensor:
    """Binary cross-entropy for one output, categorical cross-entropy for several.

    `label_smoothing` ε trains towards 1 − ε on the true class and ε spread over all the
    classes (Szegedy et al. 2016), so the model never pushes its scores without bound."""
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


def predictions(logits: torch.Tensor) -> torch.Tensor:
    """The class of each image: score > 0 (p > 0.5) for one output, else the largest."""
    if is_binary(logits):
        return (logits[:, 0] > 0).long()
    return logits.argmax(1)
