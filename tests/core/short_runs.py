"""A small MNIST run for the TrainingRun tests, and running one to its end."""

from __future__ import annotations

from core.model.presets import get_preset
from core.runs.run import TrainingRun
from core.training.config import TrainConfig

SPEC = get_preset("mnist_fast")
SMALL = TrainConfig(epochs=2, train_limit=300, batch_size=32, preset="mnist_fast")


def finished(run: TrainingRun, seconds: float = 120) -> TrainingRun:
    """Start `run` and wait until it has ended (at most `seconds`)."""
    run.start()
    run.join(seconds)
    assert not run.alive
    return run
