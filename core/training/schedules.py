"""Learning-rate schedules as plain math, shared by the training loop and the page's preview.

`LrSchedule(config, steps_per_epoch).lr(step)` gives the rate of batch `step`; the loop sets it
before every batch, and `schedule_curve` draws the very same numbers without torch.
"""

from __future__ import annotations

import math

from core.i18n import _
from core.training.config import TrainConfig, resolve_params
from core.training.methods import SCHEDULES


class LrSchedule:
    """The learning rate of every batch; `plateau` also listens to the validation loss."""

    def __init__(self, config: TrainConfig, steps_per_epoch: int) -> None:
        self.kind = config.schedule
        self.base = config.lr
        self.steps_per_epoch = max(1, steps_per_epoch)
        self.total = self.steps_per_epoch * config.epochs
        self.p = resolve_params(config)
        self.plateau_lr = config.lr
        self._best = math.inf
        self._bad_epochs = 0

    def lr(self, step: int) -> float:
        """The rate for batch `step` (0-based, counted over all epochs): the schedule's own
        rate (core.training.methods), or plateau's, which follows the validation loss."""
        rate = SCHEDULES[self.kind].rate
        if rate is None:
            return self.plateau_lr
        return rate(self.p, self.base, step, self.steps_per_epoch, self.total)

    def epoch_end(self, val_loss: float) -> None:
        """Plateau: cut the rate after `patience` epochs without a better validation loss."""
        if self.kind != "plateau":
            return
        if val_loss < self._best - 1e-4 * abs(self._best if math.isfinite(self._best) else 0):
            self._best, self._bad_epochs = val_loss, 0
            return
        self._bad_epochs += 1
        if self._bad_epochs >= self.p["patience"]:
            self.plateau_lr = max(self.p["min_lr"], self.plateau_lr * self.p["factor"])
            self._bad_epochs = 0


def schedule_curve(config: TrainConfig, steps_per_epoch: int) -> list[float]:
    """The rate of every batch over all epochs (plateau: flat, since it depends on the data)."""
    schedule = LrSchedule(config, steps_per_epoch)
    return [schedule.lr(step) for step in range(schedule.total)]


def schedule_note(config: TrainConfig, steps_per_epoch: int = 1) -> str:
    """A sentence the preview shows under the curve."""
    if config.schedule == "power":
        p = resolve_params(config)
        s = p["s"] or steps_per_epoch
        code = f"keras.optimizers.SGD(learning_rate={config.lr:g}, decay={1 / s:.3g})"
        return _("s = {s:g} steps, c = {c:g}. In Keras: {code} (c = 1).").format(
            s=s, c=p["c"], code=code
        )
    if config.schedule == "plateau":
        p = resolve_params(config)
        return _(
            "Drawn flat: the rate is multiplied by {factor:g} only when the validation "
            "loss has not improved for {patience:g} epochs, which depends on the data."
        ).format(factor=p["factor"], patience=p["patience"])
    return ""
