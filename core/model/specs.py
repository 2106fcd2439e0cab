"""Model specs: plain frozen dataclasses that drive shapes, summaries, models and code.

A `ModelSpec` is an input shape plus an ordered tuple of `LayerSpec`s. Each layer type is a
dataclass registered with `register` (core.model.registry looks them up); its JSON form is
`{"type": ..., "params": {...}}`, read by core.model.spec_io.
Specs validate their own values, so a spec read from an untrusted JSON file is safe to use.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from core.errors import SpecError
from core.i18n import _

if TYPE_CHECKING:
    from torch import nn

Shape = tuple[int, ...]

MAX_LAYERS = 200
# The activations Conv2D and Dense can apply themselves (`activation=`), by name.
ACTIVATIONS: tuple[str, ...] = ("relu", "leaky_relu", "elu", "sigmoid", "tanh", "softmax")
# Feature maps may be the input too (001's head on MobileNet's 7x7x1024 features).
MAX_INPUT_CHANNELS = 4096
MAX_INPUT_SIDE = 1024
MAX_INPUT_VALUES = 3 * 1024 * 1024  # a 1024x1024 colour image


def format_shape(shape: Shape) -> str:
    """A per-sample shape with the batch dimension first, as PyTorch sees it: (N, 32, 28, 28)."""
    return "(" + ", ".join(["N", *(str(size) for size in shape)]) + ")"


def format_keras_shape(shape: Shape) -> str:
    """The same shape as Keras prints it: channels last, None for the batch: (None, 28, 28, 32)."""
    ordered = (*shape[1:], shape[0]) if len(shape) == 3 else shape
    return "(" + ", ".join(["None", *(str(size) for size in ordered)]) + ")"


@dataclass(frozen=True)
class LayerInfo:
    """What one layer does to a shape, with the arithmetic written out for students."""

    out_shape: Shape
    params: int
    flops: int = 0
    shape_formula: str = ""
    param_formula: str = ""
    buffers: int = 0


@dataclass(frozen=True, kw_only=True)
class LayerSpec:
    """Base of every layer spec. Subclasses set the ClassVars and the three methods."""

    type: ClassVar[str]
    keras_name: ClassVar[str]
    # The class Keras's summary prints, where the code makes another (sigmoid and tanh are
    # layers.Activation(...) in Keras): None means keras_name.
    keras_class: ClassVar[str | None] = None
    torch_name: ClassVar[str]
    name_stem: ClassVar[str]  # Keras's layer names: conv2d, conv2d_1, ...
    # Allowed ranges of numeric fields and allowed values of string fields.
    limits: ClassVar[dict[str, tuple[float, float]]] = {}
    choices: ClassVar[dict[str, tuple[str, ...]]] = {}

    trainable: bool = True
    block: str = ""

    def __post_init__(self) -> None:
        hints = _hints(type(self))
        for field in dataclasses.fields(self):
            _check_value(self, field.name, getattr(self, field.name), hints[field.name])

    def infer(self, in_shape: Shape) -> LayerInfo:
        """Output shape, parameter count and FLOPs for this input shape; raises ShapeError."""
        raise NotImplementedError

    def build(self, in_shape: Shape) -> nn.Module:
        """The torch.nn.Module for this layer (imports torch)."""
        raise NotImplementedError

    def code(self, in_shape: Shape) -> str:
        """The PyTorch constructor expression, e.g. `nn.Conv2d(1, 32, kernel_size=5)`."""
        raise NotImplementedError

    def init_lines(self, attribute: str, in_shape: Shape) -> list[str]:
        """Lines exported code adds after creating the module (e.g. a weight initialiser)."""
        return []

    def describe(self) -> str:
        """A short label of the settings in the session's language, e.g.
        "32 filters 5x5, padding same, relu"."""
        return ""

    @property
    def activation_name(self) -> str | None:
        """The activation applied after this layer, if it has one built in."""
        return getattr(self, "activation", None)

    def to_json(self) -> dict[str, Any]:
        params = {field.name: getattr(self, field.name) for field in dataclasses.fields(self)}
        return {"type": self.type, "params": params}


_HINTS: dict[type, dict[str, Any]] = {}  # a layer class -> its field types


def _hints(kind: type) -> dict[str, Any]:
    """A layer class's field types, resolved once: get_type_hints evaluates every annotation
    anew (3-4% of a builder page's run, which makes a model's layers several times)."""
    if kind not in _HINTS:
        _HINTS[kind] = typing.get_type_hints(kind)
    return _HINTS[kind]


def _check_value(spec: LayerSpec, name: str, value: Any, hint: Any) -> None:
    """Raise SpecError unless `value` has the annotated type and lies in the allowed range."""
    allowed = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
    label = f"{spec.keras_name} '{name}'"
    if value is None:
        if type(None) not in allowed:
            raise SpecError(_("{label} needs a value.").format(label=label))
        return
    if isinstance(value, bool) and bool not in allowed:
        raise SpecError(
            _("{label} must be a number, not {value}.").format(label=label, value=repr(value))
        )
    accepted = tuple(t for t in allowed if t is not type(None))
    if float in accepted:
        accepted += (int,)  # JSON writes 1.0 as 1
    if not isinstance(value, accepted):
        names = [t.__name__ for t in allowed if t is not type(None)]
        message = (
            _("{label} must be {first} or {second}, not {value}.")
            if len(names) > 1
            else _("{label} must be {first}, not {value}.")
        )
        first = ", ".join(names[:-1]) or names[-1]
        raise SpecError(
            message.format(label=label, first=first, second=names[-1], value=repr(value))
        )
    if isinstance(value, str) and name in spec.choices and value not in spec.choices[name]:
        options = ", ".join(repr(choice) for choice in spec.choices[name])
        raise SpecError(
            _("{label} must be one of {options}, not {value}.").format(
                label=label, options=options, value=repr(value)
            )
        )
    if isinstance(value, str) and len(value) > 64:
        raise SpecError(
            _("{label} is too long (at most {limit} characters).").format(label=label, limit=64)
        )
    if isinstance(value, int | float) and not isinstance(value, bool) and name in spec.limits:
        low, high = spec.limits[name]
        if not low <= value <= high:
            raise SpecError(
                _("{label} must be between {low} and {high}, not {value}.").format(
                    label=label, low=f"{low:g}", high=f"{high:g}", value=repr(value)
                )
            )


LAYER_TYPES: dict[str, type[LayerSpec]] = {}


def register(cls: type[LayerSpec]) -> type[LayerSpec]:
    """Class decorator that adds a layer spec to LAYER_TYPES under `cls.type`."""
    if cls.type in LAYER_TYPES:
        raise TypeError(f"layer type {cls.type!r} is registered twice")  # a programmer's mistake
    LAYER_TYPES[cls.type] = cls
    return cls


@dataclass(frozen=True)
class ModelSpec:
    """An input shape (C, H, W) and the ordered layers applied to it."""

    input_shape: tuple[int, int, int]
    layers: tuple[LayerSpec, ...] = ()
    name: str = "model"

    def __post_init__(self) -> None:
        shape = self.input_shape
        if not (isinstance(shape, tuple) and len(shape) == 3):
            raise SpecError(_("The input shape must be (channels, height, width)."))
        if not all(isinstance(size, int) and not isinstance(size, bool) for size in shape):
            raise SpecError(
                _("The input shape must hold whole numbers, not {shape}.").format(shape=repr(shape))
            )
        channels, height, width = shape
        if not 1 <= channels <= MAX_INPUT_CHANNELS:
            raise SpecError(
                _("Input channels must be between 1 and {limit}.").format(limit=MAX_INPUT_CHANNELS)
            )
        if not (1 <= height <= MAX_INPUT_SIDE and 1 <= width <= MAX_INPUT_SIDE):
            raise SpecError(
                _("Input height and width must be between 1 and {limit}.").format(
                    limit=MAX_INPUT_SIDE
                )
            )
        if channels * height * width > MAX_INPUT_VALUES:
            raise SpecError(
                _(
                    "The input holds {values} values; CNN Lab takes at most {limit} "
                    "(a 1024x1024 colour image)."
                ).format(values=f"{channels * height * width:,}", limit=f"{MAX_INPUT_VALUES:,}")
            )
        if len(self.layers) > MAX_LAYERS:
            raise SpecError(
                _("The model has {count} layers; CNN Lab allows at most {limit}.").format(
                    count=len(self.layers), limit=MAX_LAYERS
                ),
                suggestion=_("remove layers, or group them into residual blocks."),
            )
        if not all(isinstance(layer, LayerSpec) for layer in self.layers):
            raise SpecError(_("Every layer must be a layer spec."))

    def replace_layers(self, layers: typing.Iterable[LayerSpec]) -> ModelSpec:
        return dataclasses.replace(self, layers=tuple(layers))

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "input_shape": list(self.input_shape),
            "layers": [layer.to_json() for layer in self.layers],
        }
