"""Augmentation specs: one plain frozen dataclass per augmentation of the course.

A spec's fields carry their `Param` (label, kind, range), which drives validation, the
JSON reader and the page's sliders alike. A spec turns itself into `Call`s, tiny
descriptions of `torchvision.transforms.v2` constructors: the same calls build the
transform and write the exported code, so the two cannot drift apart.

A spec's `title`, `short`, `group` and `blurb` and a `Param`'s `label` and `help` are English
msgids (marked with `N_`): show them with `_()`. Error messages are translated when raised.
"""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass, field
from typing import Any, ClassVar

from core.i18n import N_, _

# The groups of the page's "add a step" menu (compared as they are, shown with `_()`).
SIZE, GEOMETRY, COLOUR, NOISE, TENSOR = (
    N_("Size"),
    N_("Geometry"),
    N_("Colour"),
    N_("Noise and occlusion"),
    N_("Tensor"),
)


class AugmentError(ValueError):
    """A pipeline, JSON document or image the lab cannot use; the message says why."""


@dataclass(frozen=True)
class Param:
    """How one field of a spec is checked and shown.

    kind: "int", "odd" (odd int), "float", "range" (a (low, high) pair of floats),
    "choice" (one of `choices`) or "channels" (1 or 3 floats, one per colour channel).
    """

    label: str
    kind: str
    low: float = 0.0
    high: float = 1.0
    step: float = 0.01
    help: str = ""
    choices: tuple[str, ...] = ()


def param(
    default: Any,
    label: str,
    kind: str,
    low: float = 0.0,
    high: float = 1.0,
    step: float = 0.01,
    help: str = "",
    choices: tuple[str, ...] = (),
) -> Any:
    """A dataclass field that carries its `Param`."""
    info = Param(label, kind, low, high, step, help, choices)
    return field(default=default, metadata={"param": info})


def probability(default: float) -> Any:
    return param(
        default,
        N_("probability p"),
        "float",
        0.0,
        1.0,
        0.05,
        N_("Chance that this step is applied to an image."),
    )


class Expr(str):
    """Python source that stands for an object, e.g. `torch.float32`."""

    OBJECTS: ClassVar[dict[str, str]] = {"torch.float32": "float32"}

    def build(self) -> Any:
        import torch

        return getattr(torch, self.OBJECTS[self])


# Transforms of core.augment.lab_transforms, which v2 has no class for.
LAB_TRANSFORMS = frozenset({"SamplewiseStandardize", "KerasAffine"})


@dataclass(frozen=True)
class Call:
    """`v2.<name>(*args, **kwargs)`: built into a transform or written as code."""

    name: str
    args: tuple[Any, ...] = ()
    kwargs: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, name: str, *args: Any, **kwargs: Any) -> Call:
        return cls(name, args, tuple(kwargs.items()))

    def build(self) -> Any:
        from torchvision.transforms import v2

        args = [_build(value) for value in self.args]
        kwargs = {key: _build(value) for key, value in self.kwargs}
        if self.name in LAB_TRANSFORMS:  # one of the lab's own (core.augment.lab_transforms)
            from core.augment import lab_transforms  # lazy: it imports torch

            return getattr(lab_transforms, self.name)(*args, **kwargs)
        return getattr(v2, self.name)(*args, **kwargs)

    def code(self) -> str:
        parts = [_code(value) for value in self.args]
        parts += [f"{key}={_code(value)}" for key, value in self.kwargs]
        prefix = "" if self.name in LAB_TRANSFORMS else "v2."
        return f"{prefix}{self.name}({', '.join(parts)})"


def _build(value: Any) -> Any:
    if isinstance(value, Call | Expr):
        return value.build()
    if isinstance(value, list):
        return [_build(item) for item in value]
    return value


def _code(value: Any) -> str:
    if isinstance(value, Call):
        return value.code()
    if isinstance(value, Expr):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_code(item) for item in value) + "]"
    if isinstance(value, str):
        return json.dumps(value)  # double quotes, as ruff formats Python
    # repr of a float round-trips exactly, so the exported code builds the same numbers.
    return repr(value)


@dataclass(frozen=True)
class AugmentSpec:
    """Base of every augmentation. Subclasses set the ClassVars and `transform()`."""

    type: ClassVar[str]
    title: ClassVar[str]  # msgids (N_), shown with _(): title, short, group, blurb
    short: ClassVar[str]  # the name on a preview tile, e.g. "rotation"
    group: ClassVar[str]
    blurb: ClassVar[str]
    # Steps that set the output size always run (else a batch would mix sizes); in
    # evaluation they become their deterministic counterpart (`eval_calls`).
    sets_size: ClassVar[bool] = False
    # Steps whose v2 transform has its own `p` (flips, grayscale, erasing).
    own_p: ClassVar[bool] = False
    deterministic: ClassVar[bool] = False

    def __post_init__(self) -> None:
        for name, info in self.params():
            value = _check(self, name, info, getattr(self, name))
            object.__setattr__(self, name, value)
        self.check()

    @classmethod
    def params(cls) -> list[tuple[str, Param]]:
        """The spec's fields with their `Param`, in order."""
        return [(f.name, f.metadata["param"]) for f in dataclasses.fields(cls)]

    def check(self) -> None:
        """Checks that involve several fields; raise AugmentError."""

    def transform(self) -> Call:
        """The v2 transform of this step, without the probability wrapper."""
        raise NotImplementedError

    def calls(self, train: bool = True) -> list[Call]:
        """The v2 transforms this step adds to a training (or evaluation) pipeline."""
        if not train:
            return self.eval_calls()
        call = self.transform()
        p = getattr(self, "p", 1.0)
        if self.own_p or p >= 1.0:
            return [call]
        return [Call.of("RandomApply", [call], p=p)]

    def eval_calls(self) -> list[Call]:
        """Evaluation keeps deterministic steps; random ones are dropped."""
        return [self.transform()] if self.deterministic else []

    def drawn(self, raw: dict[str, Any]) -> dict[str, Any]:
        """The parameters a run drew, as plain numbers (from the v2 `make_params` dict)."""
        return {}

    def describe(self, drawn: dict[str, Any]) -> str:
        """One line for a preview tile, from `drawn`, in the session's language."""
        return _(self.short)

    def settings(self) -> str:
        """The step's settings in a few words, e.g. "±15°, p=0.5"."""
        return ", ".join(f"{name}={_fmt(getattr(self, name))}" for name, _ in self.params())

    def to_json(self) -> dict[str, Any]:
        values = {name: _plain(getattr(self, name)) for name, _ in self.params()}
        return {"type": self.type, "params": values}


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _fmt(value: Any) -> str:
    if isinstance(value, tuple):
        return "(" + ", ".join(_fmt(item) for item in value) + ")"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _number(label: str, value: Any, integer: bool) -> int | float:
    """A JSON number of the right kind; bools and NaN/inf are refused."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        if integer:
            message = _("{label} must be a whole number, not {value!r:.40}.")
        else:
            message = _("{label} must be a number, not {value!r:.40}.")
        raise AugmentError(message.format(label=label, value=value))
    if not math.isfinite(value):
        raise AugmentError(
            _("{label} must be a finite number, not {value!r}.").format(label=label, value=value)
        )
    if integer:
        if value != int(value):
            raise AugmentError(
                _("{label} must be a whole number, not {value!r:.40}.").format(
                    label=label, value=value
                )
            )
        return int(value)
    return float(value)


def _in_range(label: str, value: float, info: Param) -> None:
    if not info.low <= value <= info.high:
        raise AugmentError(
            _("{label} must be between {low:g} and {high:g}, not {value:g}.").format(
                label=label, low=info.low, high=info.high, value=value
            )
        )


def _check(spec: AugmentSpec, name: str, info: Param, value: Any) -> Any:
    """The validated (and normalised: lists to tuples, ints to floats) value of a field."""
    # The field's own name (as in the JSON), after the step's title in the session's language.
    label = _("{step} '{param}'").format(step=_(spec.title), param=name)
    if info.kind == "choice":
        if not isinstance(value, str) or value not in info.choices:
            options = ", ".join(repr(choice) for choice in info.choices)
            raise AugmentError(
                _("{label} must be one of {options}, not {value!r:.40}.").format(
                    label=label, options=options, value=value
                )
            )
        return value
    if info.kind in ("range", "channels"):
        sizes = (2,) if info.kind == "range" else (1, 3)
        if not isinstance(value, list | tuple) or len(value) not in sizes:
            if info.kind == "range":
                message = _("{label} must be a pair [low, high], not {value!r:.40}.")
            else:
                message = _("{label} must be a list of 1 or 3 numbers, not {value!r:.40}.")
            raise AugmentError(message.format(label=label, value=value))
        items = tuple(_number(label, item, integer=False) for item in value)
        for item in items:
            _in_range(label, item, info)
        if info.kind == "range" and items[0] > items[1]:
            raise AugmentError(
                _("{label} must be [low, high] with low <= high, not {items}.").format(
                    label=label, items=items
                )
            )
        return items
    integer = info.kind in ("int", "odd")
    number = _number(label, value, integer)
    _in_range(label, number, info)
    if info.kind == "odd" and number % 2 == 0:
        raise AugmentError(
            _("{label} must be odd (the kernel needs a centre pixel), not {number}.").format(
                label=label, number=number
            )
        )
    return number
