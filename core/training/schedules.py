"""Learning-rate schedules as plain math, shared by the training loop and the page's preview.

`LrSchedule(config, steps_per_epoch).lr(step)` gives the rate of batch `step`; the loop sets it
before every batch, and `schedule_curve` draws the very same numbers without torch.
"""

from __future__ import annotations

import math

from core.training.config import TrainConfig, resolve_params


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
        """The rate for batch `step` (0-based, counted over all epochs)."""
        epoch = step // self.steps_per_epoch
        t = step / self.steps_per_epoch  # fractional epochs, for smooth decays
        p, kind = self.p, self.kind
        if kind == "step":
            return self.base * p["gamma"] ** (epoch // int(p["step_size"]))
        if kind == "exponential":
            return self.base * p["gamma"] ** t
        if kind == "power":
            return self.base / (1 + t / p["s"]) ** p["c"]
        if kind == "piecewise":
            piece = sum(1 for boundary in p["boundaries"] if epoch >= boundary)
            return float(p["values"][piece])
        if kind == "plateau":
            return self.plateau_lr
        if kind == "onecycle":
            return self._onecycle(step)
        return self.base

    def _onecycle(self, step: int) -> float:
        # As torch's OneCycleLR (cosine): warm up from max/div to max, then anneal to
        # max/div/final_div.
        peak = self.base
        start = peak / self.p["div_factor"]
        end = start / self.p["final_div_factor"]
        warm = max(1.0, self.p["pct_start"] * self.total - 1)
        if step <= warm:
            frac, low, high = step / warm, start, peak
        else:
            frac = min(1.0, (step - warm) / max(1.0, self.total - 1 - warm))
            low, high = peak, end
        return high + (low - high) * (1 + math.cos(math.pi * frac)) / 2

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


def schedule_note(config: TrainConfig) -> str:
    """A sentence the preview shows under the curve."""
    if config.schedule == "plateau":
        p = resolve_params(config)
        return (
            f"Drawn flat: the rate is multiplied by {p['factor']:g} only when the validation "
            f"loss has not improved for {p['patience']:g} epochs, which depends on the data."
        )
    return ""
