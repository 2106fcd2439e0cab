"""Models shared by every session (a run's model, a pretrained backbone): one pass at a time.

Hooks and train/eval switches act on the model object itself, so two sessions' passes must
not interleave; `evaluating` is the one way in for every pass on a shared model.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from torch import Tensor, nn

# Hooks and train/eval switches act on the model object itself, and a model (a run's, a
# backbone) may be shared by many sessions at once: one pass at a time, or one session's
# hooks would record another session's image (a plain prediction included: Grad-CAM's
# hooks saw it and lost their graph, found by bench/load_test.py with 30 sessions).
MODEL_LOCK = threading.RLock()


@contextmanager
def evaluating(model: nn.Module) -> Iterator[nn.Module]:
    """`model` in eval mode for one pass, holding MODEL_LOCK; its mode is restored after."""
    with MODEL_LOCK:
        was_training = model.training
        model.eval()
        try:
            yield model
        finally:
            model.train(was_training)


def scores_of(model: nn.Module) -> Callable[[Tensor], Tensor]:
    """The callable giving class scores before softmax: `logits` when the model has it."""
    return getattr(model, "logits", model)
