"""Learning-rate schedules as plain math, shared by the training loop and the page's preview.

`LrSchedule(config, steps_per_epoch).lr(step)` gives the rate of batch `step`; the loop sets it
before every batch, and `schedule_curve` draws the very same numbers without torch.
"""

from __future__ import annotations

import math

from core.i18n import _
from core.training.config import TrainConfig, resolve_params


class LrSchedule:
    """The learning rate of every batch; `plateau` also listens to the validation loss."""

    def __init__(self, config: TrainConfig, steps_per_epoch: int) -> None:
        self.kind = config.schedule
        self.base = config.lr
        self.steps_per_epoch = max(1, steps_per_epoch)
        self.total = self.steps_per_epoch * config.epochs
        self.p = resolve_params(config)
        # Power scheduling counts steps; without an s, one epoch's worth of them.
        self.power_s = self.p.get("s") or self.steps_per_epoch
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
        if kind == "exponential":  # 001: η₀ · 0.1^(t/s), t and s in epochs
            return self.base * 0.1 ** (t / p["s"])
        if kind == "power":  # 001: η₀ / (1 + t/s)^c, t and s in steps (Keras: decay = 1/s)
            return self.base / (1 + step / self.power_s) ** p["c"]
        if kind == "piecewise":
            piece = sum(1 for boundary in p["boundaries"] if epoch >= boundary)
            return float(p["values"][piece])
        if kind == "plateau":
            return self.plateau_lr
        if kind == "1cycle":
            return self._course_one_cycle(step)
        if kind == "onecycle":
            return self._onecycle(step)
        return self.base

    def _course_one_cycle(self, step: int) -> float:
        """001's 1cycle: η₀ up to η₁ by the middle of the main phase, back down to η₀ by its
        end, then a straight fall to η₀ · final_factor over the last final_fraction."""
        low, high = self.base, self.p["max_lr"]
        main = (1 - self.p["final_fraction"]) * self.total
        half = main / 2
        if step <= half:
            return low + (high - low) * step / max(half, 1e-9)
        if step <= main:
            return high + (low - high) * (step - half) / max(half, 1e-9)
        end = low * self.p["final_factor"]
        return low + (end - low) * (step - main) / max(self.total - main, 1e-9)

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
