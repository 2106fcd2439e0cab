"""Learning-rate schedules as plain math, shared by the training loop and the page's preview.

`LrSchedule(config, steps_per_epoch).lr(step)` gives the rate of batch `step`; the loop sets it
before every batch, and `schedule_curve` draws the very same numbers without torch.
`lr_finder` (Smith's range test) is the one function here that trains; it imports torch lazily.
"""

from __future__ import annotations

import math
from typing import Any

from core.training.config import ConfigError, TrainConfig


def resolve_params(config: TrainConfig) -> dict[str, Any]:
    """The schedule's parameters with defaults filled in; bad values raise ConfigError."""
    e, lr, p = config.epochs, config.lr, config.schedule_params
    defaults: dict[str, dict[str, Any]] = {
        "constant": {},
        "step": {"step_size": max(1, e // 3), "gamma": 0.5},
        "exponential": {"gamma": 0.9},
        "power": {"s": 1.0, "c": 1.0},  # s in epochs
        "piecewise": {
            "boundaries": [max(1, round(e * 0.5)), max(1, round(e * 0.75))],
            "values": [lr, lr * 0.1, lr * 0.01],
        },
        "plateau": {"factor": 0.5, "patience": 2, "min_lr": 1e-6},
        "onecycle": {"pct_start": 0.3, "div_factor": 25.0, "final_div_factor": 1e4},
    }
    params = {**defaults[config.schedule], **p}
    for name, value in params.items():
        if name in ("boundaries", "values"):
            ok = isinstance(value, list | tuple) and all(_finite(v) for v in value)
        else:
            ok = _finite(value) and value > 0
        if not ok:
            raise ConfigError(f"Schedule parameter {name} has a bad value: {value!r}.")
    if config.schedule == "piecewise" and len(params["values"]) != len(params["boundaries"]) + 1:
        raise ConfigError("piecewise needs one more value than boundaries (a rate per piece).")
    if config.schedule == "onecycle" and not 0 < params["pct_start"] < 1:
        raise ConfigError("onecycle's pct_start is the warm-up fraction, between 0 and 1.")
    return params


def _finite(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


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


def lr_finder(
    spec: Any,
    config: TrainConfig,
    num_steps: int = 100,
    start_lr: float = 1e-6,
    end_lr: float = 1.0,
) -> tuple[list[float], list[float]]:
    """Smith's range test: train `num_steps` batches with an exponentially rising rate.

    Returns the rates and the smoothed losses; it stops early once the loss explodes.
    See `suggest_lr` for the rate to pick. The model is fresh and thrown away afterwards.
    """
    import torch

    from core.model.build import build_model
    from core.training.data import prepare_data
    from core.training.loop import make_optimizer

    torch.manual_seed(config.seed)
    model = build_model(spec)
    data = prepare_data(config, spec)
    optimizer = make_optimizer(model, config)
    ratio = (end_lr / start_lr) ** (1 / max(1, num_steps - 1))
    lrs: list[float] = []
    losses: list[float] = []
    average, best = 0.0, math.inf
    model.train()
    step = 0
    while step < num_steps:
        for x, y in data.train_batches(epoch=step):
            lr = start_lr * ratio**step
            for group in optimizer.param_groups:
                group["lr"] = lr
            loss = torch.nn.functional.cross_entropy(model.logits(x), y)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            value = loss.item()
            average = 0.98 * average + 0.02 * value  # exponential smoothing, bias-corrected
            smoothed = average / (1 - 0.98 ** (step + 1))
            step += 1
            if not math.isfinite(smoothed) or smoothed > 4 * best:
                return lrs, losses
            best = min(best, smoothed)
            lrs.append(lr)
            losses.append(smoothed)
            if step >= num_steps:
                break
    return lrs, losses


def suggest_lr(lrs: list[float], losses: list[float]) -> float | None:
    """A rate a little below the loss minimum: the minimum's rate / 10 (fastai's rule)."""
    if len(lrs) < 3:
        return None
    best = min(range(len(losses)), key=losses.__getitem__)
    return lrs[best] / 10
