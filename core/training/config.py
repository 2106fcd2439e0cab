"""`TrainConfig`: every knob of a training run, as one frozen, JSON-friendly dataclass.

It holds each schedule's defaults too (`resolve_params`), so the page, the CLI and
`core.training.schedules` read and validate a config without importing torch.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Protocol

from core.augment.pipeline import Pipeline
from core.augment.specs import AugmentError
from core.data.scaling import DIVIDE_255, RAW, SCALINGS, STANDARDIZE
from core.device import DEVICES
from core.i18n import N_, _, ngettext
from core.training.methods import OPTIMIZER_KNOBS, OPTIMIZERS, SCHEDULES


class RunSpec(Protocol):
    """What training needs of a spec: a core.model.specs.ModelSpec, or the TransferSpec of
    core.transfer.net, which plays its role for a fine-tuned backbone."""

    @property
    def name(self) -> str: ...

    @property
    def input_shape(self) -> tuple[int, int, int]: ...

    def to_json(self) -> dict[str, Any]: ...


# The parameters each schedule accepts (their defaults are in its record).
SCHEDULE_PARAMS: dict[str, tuple[str, ...]] = {
    name: tuple(knob.name for knob in schedule.knobs) for name, schedule in SCHEDULES.items()
}


# How a setting is named to a person (the Runs page's comparison, a course card; msgids).
SETTING_LABELS = {
    "dataset": N_("dataset"),
    "preset": N_("model"),
    "epochs": N_("epochs"),
    "batch_size": N_("batch size"),
    "optimizer": N_("optimizer"),
    "lr": N_("learning rate"),
    "momentum": N_("momentum"),
    "weight_decay": N_("weight decay"),
    "l1": N_("L1 penalty"),
    "schedule": N_("learning-rate schedule"),
    "schedule_params": N_("schedule settings"),
    "train_limit": N_("training images"),
    "val_fraction": N_("validation share"),
    "early_stopping": N_("early stopping (patience)"),
    "seed": N_("seed"),
    "scaling": N_("input scaling"),
    "classes": N_("classes"),
    "per_class": N_("training images per class"),
    "unfreeze_after": N_("unlock the reused layers after (epochs)"),
}

# A scaling as a table cell shows it (msgids).
SCALING_SHORT = {STANDARDIZE: N_("mean/std"), DIVIDE_255: N_("x / 255"), RAW: N_("raw pixels")}


def setting_text(key: str, config: dict[str, Any]) -> str:
    """A stored config's setting as a person reads it; an optimizer's knob its optimizer does
    not use (an Adam run's momentum) is "—", not the unused default."""
    value = config.get(key)
    optimizer = OPTIMIZERS.get(str(config.get("optimizer")))
    if key in OPTIMIZER_KNOBS and optimizer is not None and key not in optimizer.knobs:
        return "—"
    if key == "scaling":
        return _(SCALING_SHORT.get(str(value or STANDARDIZE), "?"))
    if key == "val_fraction" and _is_zero(value):
        return _("0: the test set checks each epoch")
    if value is None:  # e.g. no limit on the training images, no early stopping
        return _("all") if key in ("train_limit", "classes", "per_class") else "—"
    if key == "classes" and isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


LR_RANGE = (1e-12, 1e6)
# What a schedule parameter must be, said when one is not (msgids; {low} and {high} are
# the learning rate's limits).
_RULES: dict[str, str] = {
    "boundaries": N_("Boundaries are whole epochs from 1 to 10,000, in increasing order."),
    "values": N_("Every rate is a learning rate from {low:g} to {high:g}."),
    "max_lr": N_("The peak is a learning rate from {low:g} to {high:g}."),
}


class ConfigError(ValueError):
    """A training setting that cannot be used; the message names it and says why."""


@dataclass(frozen=True)
class TrainConfig:
    """How to train: data, optimiser, regularisation, schedule and run limits."""

    dataset: str = "mnist"
    preset: str | None = None  # informational; the spec is passed separately
    epochs: int = 3
    batch_size: int = 64
    optimizer: str = "adam"
    lr: float = 1e-3
    momentum: float = 0.9  # momentum and nesterov only
    rho: float = 0.9  # RMSprop: the course's (and Keras's) 0.9; PyTorch's alpha
    beta_1: float = 0.9  # Adam, Adamax, Nadam, AdamW
    beta_2: float = 0.999
    initial_accumulator: float = 0.1  # AdaGrad: Keras's initial_accumulator_value
    weight_decay: float = 0.0  # L2
    l1: float = 0.0
    max_norm: float | None = None  # max-norm constraint on weights after each step
    grad_clip: float | None = None
    schedule: str = "constant"
    schedule_params: dict = field(default_factory=dict)
    # Split from the training set, stratified, seeded; 0 holds nothing out and checks each
    # epoch on the test set, as Keras's `validation_data=(x_test, y_test)` (`checks_on_test`).
    val_fraction: float = 0.1
    folds: int | None = None  # k-fold cross-validation: k parts, `fold` held out (not val_fraction)
    fold: int = 0
    init_from: str | None = None  # a run folder: reused layers start from its weights (001)
    seed: int = 0
    threads: int | None = None  # None = auto: cores // concurrent runs
    augment: dict | None = None  # core.augment.preview Pipeline JSON
    train_limit: int | None = None  # use only N training images (validation included)
    early_stopping: int | None = None  # patience in epochs; restores best weights
    label_smoothing: float = 0.0  # ε: train towards 1 − ε on the true class (core.model.outputs)
    tta: bool = False  # evaluate on each image and its mirror image, probabilities averaged
    channels_last: bool = False  # NHWC memory: oneDNN's faster convolutions for wide conv nets
    device: str = "auto"  # core.device: auto (CUDA, then MPS, then CPU), cpu, cuda or mps
    amp: bool = True  # mixed precision where it helps: CUDA, photo-sized inputs (loop.py)
    scaling: str = STANDARDIZE  # how pixels become the input (core.data.scaling): 004's are others
    # Some classes only (001's model A on 8 Fashion-MNIST classes, model B on sandal vs
    # shirt), numbered in the dataset's order; and at most `per_class` training images each.
    classes: list[str] | None = None
    per_class: int | None = None
    # 001:387-389: lock nothing more after this many epochs, and go on at a tenth of the rate
    # (model B on A: the reused layers start locked; core.training.loop.Trainer unlocks them).
    unfreeze_after: int | None = None

    def __post_init__(self) -> None:
        _validate(self)

    @property
    def checks_on_test(self) -> bool:
        """No validation split: each epoch's "validation" figures are the test set's."""
        return self.val_fraction == 0 and self.folds is None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Any) -> TrainConfig:
        """A config from its JSON dict; unknown keys or bad values raise ConfigError."""
        if not isinstance(data, dict):
            raise ConfigError(_("A training config is a JSON object of settings."))
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ConfigError(
                ngettext(
                    "Unknown training setting: {names}.",
                    "Unknown training settings: {names}.",
                    len(unknown),
                ).format(names=", ".join(unknown))
            )
        try:
            return cls(**_upgrade(data))
        except TypeError as error:  # e.g. a list where a number belongs
            raise ConfigError(str(error)) from error


def _number(name: str, value: Any, low: float, high: float = math.inf, integer=False) -> None:
    kinds = (int,) if integer else (int, float)
    if isinstance(value, bool) or not isinstance(value, kinds):
        message = (
            _("{name} must be a whole number, not {value}.")
            if integer
            else _("{name} must be a number, not {value}.")
        )
        raise ConfigError(message.format(name=name, value=repr(value)))
    if not (low <= value <= high) or (not integer and not math.isfinite(value)):
        raise ConfigError(
            _("{name} must be between {low:g} and {high:g}, not {value}.").format(
                name=name, low=low, high=high, value=repr(value)
            )
        )


def _is_zero(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == 0


def _validate(c: TrainConfig) -> None:
    if not isinstance(c.dataset, str) or not c.dataset:
        raise ConfigError(_("dataset must be a dataset name, e.g. 'mnist'."))
    for name, value, known in (
        ("optimizer", c.optimizer, OPTIMIZERS),
        ("schedule", c.schedule, SCHEDULES),
        ("device", c.device, DEVICES),
        ("scaling", c.scaling, SCALINGS),
    ):
        if not isinstance(value, str) or value not in known:
            raise ConfigError(
                _("{name} must be one of {names}; not {value}.").format(
                    name=name, names=", ".join(known), value=repr(value)
                )
            )
    _number("epochs", c.epochs, 1, 10_000, integer=True)
    _number("batch_size", c.batch_size, 1, 65_536, integer=True)
    _number("lr", c.lr, *LR_RANGE)
    for knob in OPTIMIZER_KNOBS.values():
        _number(knob.name, getattr(c, knob.name), knob.low, knob.high)
    _number("weight_decay", c.weight_decay, 0.0, 10.0)
    _number("l1", c.l1, 0.0, 10.0)
    if not _is_zero(c.val_fraction):  # 0: none held out (checks_on_test)
        try:
            _number("val_fraction", c.val_fraction, 0.01, 0.5)
        except ConfigError:
            raise ConfigError(
                _(
                    "val_fraction must be 0 (no validation split: each epoch is checked on the "
                    "test set) or from 0.01 to 0.5, not {value}."
                ).format(value=repr(c.val_fraction))
            ) from None
    _number("label_smoothing", c.label_smoothing, 0.0, 0.5)
    for name in ("tta", "channels_last", "amp"):
        if not isinstance(getattr(c, name), bool):
            raise ConfigError(_("{name} must be true or false.").format(name=name))
    if c.init_from is not None and not (isinstance(c.init_from, str) and c.init_from):
        raise ConfigError(_("init_from must be a run folder, or None."))
    if c.folds is not None:
        _number("folds", c.folds, 2, 20, integer=True)
        _number("fold", c.fold, 0, c.folds - 1, integer=True)
    _number("seed", c.seed, 0, 2**63 - 1, integer=True)
    for name in ("max_norm", "grad_clip"):
        if getattr(c, name) is not None:
            _number(name, getattr(c, name), 1e-9, 1e9)
    if c.classes is not None:
        ok = isinstance(c.classes, list) and all(isinstance(n, str) and n for n in c.classes)
        if not ok or len(c.classes) < 2 or len(set(c.classes)) != len(c.classes):
            raise ConfigError(
                _("classes must be two or more different class names of the dataset, or None.")
            )
    for name, low in (
        ("threads", 1),
        ("train_limit", 20),
        ("early_stopping", 1),
        ("per_class", 1),
        ("unfreeze_after", 1),
    ):
        if getattr(c, name) is not None:
            _number(name, getattr(c, name), low, 10**9, integer=True)
    if not isinstance(c.schedule_params, dict):
        raise ConfigError(_("schedule_params must be a JSON object, e.g. {'gamma': 0.5}."))
    allowed = SCHEDULE_PARAMS[c.schedule]
    extra = sorted(set(c.schedule_params) - set(allowed))
    if extra:
        message = (
            _("The {schedule} schedule accepts {accepts}; not {extra}.")
            if allowed
            else _("The {schedule} schedule accepts no parameters; not {extra}.")
        )
        raise ConfigError(
            message.format(schedule=c.schedule, accepts=", ".join(allowed), extra=", ".join(extra))
        )
    if c.augment is not None:
        if not isinstance(c.augment, dict):
            raise ConfigError(_("augment must be an augmentation pipeline JSON object or None."))
        try:
            Pipeline.from_dict(c.augment)
        except AugmentError as error:
            raise ConfigError(_("Augmentation: {error}").format(error=error)) from error
    resolve_params(c)


def resolve_params(config: TrainConfig) -> dict[str, Any]:
    """The schedule's parameters with defaults filled in; bad values raise ConfigError."""
    e, lr, p = config.epochs, config.lr, config.schedule_params
    params = {**SCHEDULES[config.schedule].defaults(e, lr), **p}
    for name, value in params.items():
        if name == "boundaries":
            ok = isinstance(value, list | tuple) and all(_whole(v, 1, 10_000) for v in value)
            ok = ok and list(value) == sorted(set(value))
        elif name in ("values", "max_lr"):  # rates: the learning rate's own limits
            rates = value if isinstance(value, list | tuple) else [value]
            ok = isinstance(rates, list | tuple) and all(_rate(v) for v in rates)
        else:
            ok = (value is None and name == "s") or (_finite(value) and value > 0)
        if not ok:
            rule = _(_RULES.get(name, N_("It must be a positive number.")))
            raise ConfigError(
                _("Schedule parameter {name} has a bad value: {value}. {rule}").format(
                    name=name,
                    value=repr(value),
                    rule=rule.format(low=LR_RANGE[0], high=LR_RANGE[1]),
                )
            )
    if config.schedule == "piecewise" and len(params["values"]) != len(params["boundaries"]) + 1:
        raise ConfigError(_("piecewise needs one more value than boundaries (a rate per piece)."))
    if config.schedule == "onecycle" and not 0 < params["pct_start"] < 1:
        raise ConfigError(_("onecycle's pct_start is the warm-up fraction, between 0 and 1."))
    if config.schedule == "1cycle" and not 0 < params["final_fraction"] < 1:
        raise ConfigError(
            _("1cycle's final_fraction is the share of the last phase, between 0 and 1.")
        )
    return params


def _finite(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _whole(value: Any, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _rate(value: Any) -> bool:
    return _finite(value) and LR_RANGE[0] <= value <= LR_RANGE[1]


def parse_piecewise(text: str) -> dict[str, list]:
    """'3, 6 : 1e-3, 5e-4, 1e-4' -> boundaries [3, 6], values [0.001, 0.0005, 0.0001].

    Anything else raises ConfigError with an example; the numbers are checked afterwards
    like any schedule parameter (whole epochs, rates within the learning rate's limits).
    """
    left, colon, right = text.partition(":")
    try:
        boundaries = [float(part) for part in left.split(",") if part.strip()]
        values = [float(part) for part in right.split(",") if part.strip()]
    except ValueError:
        boundaries = values = []
    if not colon or not values or not all(b.is_integer() for b in boundaries):
        raise ConfigError(
            _(
                "Piecewise schedule {text} is not 'boundaries : rates', e.g. '3, 6 : 1e-3, "
                "5e-4, 1e-4' (whole epochs, then one more rate than boundaries)."
            ).format(text=repr(text))
        )
    return {"boundaries": [int(b) for b in boundaries], "values": values}


def _upgrade(data: dict) -> dict:
    """A stored config in today's terms: exponential's old per-epoch gamma g becomes the
    course's s = ln(0.1) / ln(g) epochs (the same curve: g^t = 0.1^(t/s))."""
    params = data.get("schedule_params")
    if data.get("schedule") == "exponential" and isinstance(params, dict) and "gamma" in params:
        gamma = params["gamma"]
        if _finite(gamma) and 0 < gamma < 1:
            rest = {k: v for k, v in params.items() if k != "gamma"}
            return {**data, "schedule_params": {**rest, "s": math.log(0.1) / math.log(gamma)}}
    return data


def epoch_log_line(record: dict) -> str:
    """The course's line: 'Iter: 3 >> T_loss 0.26819 T_acc 0.92857 V_loss ... 3.947s'."""
    return (
        f"Iter: {record['epoch']} >> T_loss {record['train_loss']:.5f} "
        f"T_acc {record['train_acc']:.5f} V_loss {record['val_loss']:.5f} "
        f"V_acc {record['val_acc']:.5f} {record['seconds']:.3f}s"
    )
