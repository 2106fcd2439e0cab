"""One record per optimizer and per learning-rate schedule (001, "Faster Optimizers" and
"Learning Rate Scheduling"): its name, the course's one-line description and formula, its
settings with their ranges, PyTorch's class and arguments, the Keras line the course writes,
and for a schedule its defaults and its rate. The trainer (core.training.optimizers and
core.training.schedules), validation (core.training.config), the CLI, the Train page and the
exports all read these; adding an optimizer or a schedule is one record (and its test).

Texts are English msgids (N_), shown with _(). No torch here: the pages read it at start-up.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from core.i18n import N_


@dataclass(frozen=True)
class Knob:
    """One setting: the config's (or schedule parameter's) name, its label (an msgid, or the
    Keras argument's own name), the range the page offers and validation accepts, a step,
    a help line, whether it is a whole number, and PyTorch's and Keras's names for it
    (optimizers)."""

    name: str
    label: str
    low: float
    high: float
    step: float
    help: str = ""
    integer: bool = False
    torch_name: str = ""
    keras_name: str = ""
    shown: bool = True  # on the Train page (else its default, or the CLI's JSON, sets it)


@dataclass(frozen=True)
class OptimizerInfo:
    """An optimizer: `keras` and `torch` are format strings over its knobs' values and
    {lr}; `fixed` are PyTorch arguments it always passes (nesterov=True)."""

    name: str
    description: str
    formula: str
    torch_class: str
    keras: str
    torch: str
    knobs: tuple[str, ...] = ()
    fixed: Mapping[str, Any] = field(default_factory=dict)


OPTIMIZER_KNOBS: dict[str, Knob] = {
    k.name: k
    for k in (
        Knob("momentum", N_("Momentum"), 0.0, 1.0, 0.01,
             N_("How much of the last step's velocity to keep."),
             torch_name="momentum", keras_name="momentum"),
        Knob("rho", "rho", 0.0, 0.9999, 0.01,
             N_("RMSprop's memory of past squared gradients (course: 0.9)."),
             torch_name="alpha", keras_name="rho"),
        Knob("beta_1", "beta_1", 0.0, 0.9999, 0.01,
             N_("Decay of the running mean of gradients."),
             torch_name="betas", keras_name="beta_1"),
        Knob("beta_2", "beta_2", 0.0, 0.99999, 0.0001,
             N_("Decay of the running mean of squared gradients."),
             torch_name="betas", keras_name="beta_2"),
        Knob("initial_accumulator", "initial_accumulator_value", 0.0, 10.0, 0.05,
             N_("AdaGrad's starting sum (Keras: 0.1)."),
             torch_name="initial_accumulator_value", keras_name="initial_accumulator_value"),
    )
}  # fmt: skip
_ADAM_KNOBS = ("beta_1", "beta_2")
_BETAS = "beta_1={beta_1:g}, beta_2={beta_2:g}"
_TORCH_BETAS = "betas=({beta_1:g}, {beta_2:g})"

OPTIMIZERS: dict[str, OptimizerInfo] = {
    o.name: o
    for o in (
        OptimizerInfo("sgd", N_("Plain stochastic gradient descent: w -= lr * gradient."),
                      "w ← w − η·∇L", "SGD", "SGD({lr})", "SGD(params, {lr})"),
        OptimizerInfo("momentum",
                      N_("SGD with momentum: keeps a running velocity, so it rolls through "
                         "small bumps."),
                      "m ← β·m − η·∇L;  w ← w + m", "SGD", "SGD({lr}, momentum={momentum:g})",
                      "SGD(params, {lr}, momentum={momentum:g})", ("momentum",)),
        OptimizerInfo("nesterov",
                      N_("Nesterov momentum: looks ahead along the velocity before taking "
                         "the gradient."),
                      "m ← β·m − η·∇L(w + β·m);  w ← w + m", "SGD",
                      "SGD({lr}, momentum={momentum:g}, nesterov=True)",
                      "SGD(params, {lr}, momentum={momentum:g}, nesterov=True)", ("momentum",),
                      {"nesterov": True}),
        OptimizerInfo("adagrad",
                      N_("AdaGrad: per-weight steps shrink with the sum of past squared "
                         "gradients."),
                      "s ← s + ∇L⊗∇L;  w ← w − η·∇L ⊘ √(s + ε)", "Adagrad",
                      "Adagrad({lr}, initial_accumulator_value={initial_accumulator:g})",
                      "Adagrad(params, {lr}, initial_accumulator_value={initial_accumulator:g})",
                      ("initial_accumulator",)),
        OptimizerInfo("rmsprop",
                      N_("RMSProp: like AdaGrad but forgets old gradients (a moving average)."),
                      "s ← ρ·s + (1 − ρ)·∇L⊗∇L;  w ← w − η·∇L ⊘ √(s + ε)", "RMSprop",
                      "RMSprop({lr}, rho={rho:g})", "RMSprop(params, {lr}, alpha={rho:g})",
                      ("rho",)),
        OptimizerInfo("adam",
                      N_("Adam: momentum + RMSProp with bias correction; a strong default "
                         "(lr 0.001)."),
                      "m ← β₁·m + (1 − β₁)·∇L;  s ← β₂·s + (1 − β₂)·∇L⊗∇L;  "
                      "w ← w − η·m̂ ⊘ √(ŝ + ε)", "Adam", f"Adam({{lr}}, {_BETAS})",
                      f"Adam(params, {{lr}}, {_TORCH_BETAS})", _ADAM_KNOBS),
        OptimizerInfo("adamax",
                      N_("Adamax: Adam with the infinity norm; sometimes steadier on noisy "
                         "gradients."),
                      "s ← max(β₂·s, |∇L|);  w ← w − η·m̂ ⊘ s", "Adamax",
                      f"Adamax({{lr}}, {_BETAS})", f"Adamax(params, {{lr}}, {_TORCH_BETAS})",
                      _ADAM_KNOBS),
        OptimizerInfo("nadam", N_("Nadam: Adam with Nesterov momentum."),
                      "Adam, with m̂ looked ahead by one step (Nesterov)", "NAdam",
                      f"Nadam({{lr}}, {_BETAS})", f"NAdam(params, {{lr}}, {_TORCH_BETAS})",
                      _ADAM_KNOBS),
        OptimizerInfo("adamw",
                      N_("AdamW: Adam with weight decay applied to the weights directly "
                         "(decoupled)."),
                      "Adam, then w ← w − η·λ·w", "AdamW", f"AdamW({{lr}}, {_BETAS})",
                      f"AdamW(params, {{lr}}, {_TORCH_BETAS})", _ADAM_KNOBS),
    )
}  # fmt: skip


@dataclass(frozen=True)
class ScheduleInfo:
    """A schedule: its knobs, their defaults for a run of `epochs` at rate `lr`, and its
    rate at a batch (`Rate`'s arguments; None for `plateau`, which follows the validation
    loss and is kept by core.training.schedules.LrSchedule)."""

    name: str
    description: str
    knobs: tuple[Knob, ...]
    defaults: Callable[[int, float], dict[str, Any]]
    rate: Callable[[dict[str, Any], float, int, int, int], float] | None


def _step(p: dict[str, Any], base: float, step: int, per_epoch: int, _total: int) -> float:
    return base * p["gamma"] ** ((step // per_epoch) // int(p["step_size"]))


def _exponential(p: dict[str, Any], base: float, step: int, per_epoch: int, _t: int) -> float:
    return base * 0.1 ** ((step / per_epoch) / p["s"])  # 001: η₀ · 0.1^(t/s), t in epochs


def _power(p: dict[str, Any], base: float, step: int, per_epoch: int, _total: int) -> float:
    # 001: η₀ / (1 + t/s)^c, t and s in steps (Keras: decay = 1/s); no s: one epoch's steps
    return base / (1 + step / (p["s"] or per_epoch)) ** p["c"]


def _piecewise(p: dict[str, Any], _base: float, step: int, per_epoch: int, _t: int) -> float:
    return float(p["values"][sum(1 for b in p["boundaries"] if step // per_epoch >= b)])


def _course_one_cycle(p: dict[str, Any], low: float, step: int, _per: int, total: int) -> float:
    """001's 1cycle: η₀ up to η₁ by the middle of the main phase, back down to η₀ by its
    end, then a straight fall to η₀ · final_factor over the last final_fraction."""
    high, main = p["max_lr"], (1 - p["final_fraction"]) * total
    half = main / 2
    if step <= half:
        return low + (high - low) * step / max(half, 1e-9)
    if step <= main:
        return high + (low - high) * (step - half) / max(half, 1e-9)
    end = low * p["final_factor"]
    return low + (end - low) * (step - main) / max(total - main, 1e-9)


def _onecycle(p: dict[str, Any], peak: float, step: int, _per: int, total: int) -> float:
    # As torch's OneCycleLR (cosine): warm up from max/div to max, then anneal to
    # max/div/final_div.
    start = peak / p["div_factor"]
    end = start / p["final_div_factor"]
    warm = max(1.0, p["pct_start"] * total - 1)
    if step <= warm:
        frac, low, high = step / warm, start, peak
    else:
        frac = min(1.0, (step - warm) / max(1.0, total - 1 - warm))
        low, high = peak, end
    return high + (low - high) * (1 + math.cos(math.pi * frac)) / 2


SCHEDULES: dict[str, ScheduleInfo] = {
    s.name: s
    for s in (
        ScheduleInfo("constant", N_("The same learning rate all along."), (),
                     lambda e, lr: {}, lambda p, base, step, per, total: base),
        ScheduleInfo("step",
                     N_("StepLR: multiply the rate by gamma every step_size epochs (000: "
                        "halve every 3)."),
                     (Knob("step_size", N_("step_size (epochs)"), 1, 50, 1, integer=True),
                      Knob("gamma", "gamma", 0.01, 1.0, 0.05)),
                     lambda e, lr: {"step_size": max(1, e // 3), "gamma": 0.5}, _step),
        ScheduleInfo("power",
                     N_("Power scheduling (001): η(t) = η₀ / (1 + t/s)^c, t and s in steps "
                        "(batches); Keras's decay = 1/s with c = 1 (the course's decay = "
                        "1e-4: s = 10,000)."),
                     (Knob("s", N_("s (steps = batches)"), 1, 1_000_000, 1,
                           N_("Keras's decay is 1/s."), integer=True),
                      Knob("c", "c", 0.1, 5.0, 0.1)),
                     # 001:657: SGD(lr=0.01, decay=1e-4), so s = 1/decay = 10,000 steps
                     lambda e, lr: {"s": 10_000, "c": 1.0}, _power),
        ScheduleInfo("exponential",
                     N_("Exponential scheduling (001): η(t) = η₀ · 0.1^(t/s), t and s in "
                        "epochs: the rate falls tenfold every s epochs."),
                     (Knob("s", N_("s (epochs: the rate falls tenfold every s epochs)"), 0.1,
                           1000.0, 0.5),),
                     lambda e, lr: {"s": e}, _exponential),
        ScheduleInfo("piecewise",
                     N_("Piecewise constant scheduling (001): fixed rates between epoch "
                        "boundaries. 001's example, 0.1 for a few epochs then 0.001, suits "
                        "plain SGD (its button sets it); with Adam 0.1 makes the loss "
                        "explode, so the lab's default starts at your rate and divides it by "
                        "10 and 100."),
                     (Knob("boundaries", N_("Boundaries (epochs) : rates"), 1, 10_000, 1,
                           N_("e.g. '3, 6 : 1e-3, 5e-4, 1e-4' - one more rate than "
                              "boundaries.")),
                      Knob("values", "values", 1e-12, 1e6, 0, shown=False)),
                     lambda e, lr: {"boundaries": [max(1, round(e * 0.5)),
                                                   max(1, round(e * 0.75))],
                                    "values": [lr, lr * 0.1, lr * 0.01]}, _piecewise),
        ScheduleInfo("plateau",
                     N_("Performance scheduling (001): multiply the rate by λ (factor) when "
                        "the validation loss has not improved for N (patience) epochs. 001 "
                        "measures every N steps; the lab measures once per epoch, where the "
                        "validation images are checked anyway (every few steps would stop "
                        "training for a whole validation pass each time)."),
                     (Knob("factor", "factor", 0.05, 0.99, 0.05),
                      Knob("patience", N_("patience (epochs)"), 1, 20, 1, integer=True),
                      Knob("min_lr", "min_lr", 1e-12, 1.0, 0, shown=False)),
                     lambda e, lr: {"factor": 0.5, "patience": 2, "min_lr": 1e-6}, None),
        ScheduleInfo("1cycle",
                     N_("1cycle scheduling (001): rise linearly from η₀ to η₁ until the "
                        "middle, fall linearly back to η₀, then drop sharply in the last "
                        "epochs."),
                     (Knob("max_lr", N_("η₁ (peak)"), 1e-6, 10.0, 0,
                           N_("The start η₀ is the rate above.")),
                      Knob("final_fraction", N_("final part"), 0.01, 0.5, 0.01,
                           N_("The share of training for the last drop.")),
                      Knob("final_factor", N_("final η / η₀"), 1e-5, 1.0, 0)),
                     lambda e, lr: {"max_lr": 10 * lr, "final_fraction": 0.1,
                                    "final_factor": 1e-3}, _course_one_cycle),
        ScheduleInfo("onecycle",
                     N_("PyTorch's OneCycleLR: a cosine warm-up to the rate, then a cosine "
                        "fall far below it (a smooth variant of 1cycle)."),
                     (Knob("pct_start", "pct_start", 0.01, 0.99, 0.05, shown=False),
                      Knob("div_factor", "div_factor", 1.0, 1e4, 1.0, shown=False),
                      Knob("final_div_factor", "final_div_factor", 1.0, 1e8, 10.0,
                           shown=False)),
                     lambda e, lr: {"pct_start": 0.3, "div_factor": 25.0,
                                    "final_div_factor": 1e4}, _onecycle),
    )
}  # fmt: skip
