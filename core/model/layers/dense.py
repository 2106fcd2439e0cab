"""Flatten, Dense, BatchNormalization and Dropout."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from core.errors import ShapeError
from core.i18n import _, ngettext
from core.model.initializers import INITIALIZERS, init_code, initialize
from core.model.shapes import require_flat, require_image
from core.model.specs import ACTIVATIONS, LayerInfo, LayerSpec, Shape, register

if TYPE_CHECKING:
    from torch import nn


@register
@dataclass(frozen=True, kw_only=True)
class BatchNormalization(LayerSpec):
    """Normalises each channel over the batch; BatchNorm2d on maps, BatchNorm1d on vectors."""

    type: ClassVar[str] = "batchnorm"
    keras_name: ClassVar[str] = "BatchNormalization"
    torch_name: ClassVar[str] = "nn.BatchNorm2d"
    name_stem: ClassVar[str] = "batch_normalization"

    def infer(self, in_shape: Shape) -> LayerInfo:
        features = in_shape[0]
        params = 2 * features  # gamma and beta, trained
        formula = _(
            "4 * {features} = {total}: gamma and beta ({params}, trained) + moving "
            "mean and variance ({params}, non-trainable; PyTorch's buffers)"
        ).format(features=features, total=f"{2 * params:,}", params=f"{params:,}")
        shape_formula = (
            _("same shape, normalised per channel")
            if len(in_shape) == 3
            else _("same shape, normalised per feature")
        )
        return LayerInfo(in_shape, params, 0, shape_formula, formula, params)

    def _torch_class(self, in_shape: Shape) -> str:
        return "nn.BatchNorm2d" if len(in_shape) == 3 else "nn.BatchNorm1d"

    def build(self, in_shape: Shape) -> nn.Module:
        from torch import nn

        cls = nn.BatchNorm2d if len(in_shape) == 3 else nn.BatchNorm1d
        return cls(in_shape[0])

    def code(self, in_shape: Shape) -> str:
        return f"{self._torch_class(in_shape)}({in_shape[0]})"


@register
@dataclass(frozen=True, kw_only=True)
class Dropout(LayerSpec):
    """Zeroes a random fraction `rate` of values while training (and scales the rest)."""

    type: ClassVar[str] = "dropout"
    keras_name: ClassVar[str] = "Dropout"
    torch_name: ClassVar[str] = "nn.Dropout"
    name_stem: ClassVar[str] = "dropout"
    limits: ClassVar[dict[str, tuple[float, float]]] = {"rate": (0.0, 0.95)}

    rate: float = 0.5

    def infer(self, in_shape: Shape) -> LayerInfo:
        formula = _("same shape; {percent} of values set to 0 while training").format(
            percent=f"{self.rate:.0%}"
        )
        return LayerInfo(in_shape, 0, 0, formula, "0")

    def build(self, in_shape: Shape) -> nn.Module:
        from torch import nn

        return nn.Dropout(p=self.rate)

    def code(self, in_shape: Shape) -> str:
        return f"nn.Dropout(p={self.rate!r})"

    def describe(self) -> str:
        return f"rate {self.rate:g}"


@register
@dataclass(frozen=True, kw_only=True)
class Flatten(LayerSpec):
    """Turns (C, H, W) feature maps into one vector of C*H*W values."""

    type: ClassVar[str] = "flatten"
    keras_name: ClassVar[str] = "Flatten"
    torch_name: ClassVar[str] = "nn.Flatten"
    name_stem: ClassVar[str] = "flatten"

    def infer(self, in_shape: Shape) -> LayerInfo:
        if len(in_shape) != 3:
            raise ShapeError(
                ngettext(
                    "the input is already flat ({values} value), so there is nothing to "
                    "flatten: Flatten appears twice.",
                    "the input is already flat ({values} values), so there is nothing to "
                    "flatten: Flatten appears twice.",
                    in_shape[0],
                ).format(values=in_shape[0]),
                suggestion=_("remove this Flatten layer."),
            )
        channels, h, w = require_image(self, in_shape)
        size = channels * h * w
        return LayerInfo((size,), 0, 0, f"{channels} * {h} * {w} = {size:,}", "0")

    def build(self, in_shape: Shape) -> nn.Module:
        from torch import nn

        return nn.Flatten()

    def code(self, in_shape: Shape) -> str:
        return "nn.Flatten()"


@register
@dataclass(frozen=True, kw_only=True)
class Dense(LayerSpec):
    """A fully connected layer, Keras `Dense` / PyTorch `nn.Linear`."""

    type: ClassVar[str] = "dense"
    keras_name: ClassVar[str] = "Dense"
    torch_name: ClassVar[str] = "nn.Linear"
    name_stem: ClassVar[str] = "dense"
    limits: ClassVar[dict[str, tuple[float, float]]] = {
        "units": (1, 65536),
        "in_features": (1, 10_000_000),
    }
    choices: ClassVar[dict[str, tuple[str, ...]]] = {
        "activation": ACTIVATIONS,
        "kernel_initializer": tuple(INITIALIZERS),
    }

    units: int = 128
    activation: str | None = None
    use_bias: bool = True
    in_features: int | None = None
    kernel_initializer: str = "default"

    def infer(self, in_shape: Shape) -> LayerInfo:
        features = require_flat(self, in_shape)
        if self.in_features is not None and self.in_features != features:
            raise ShapeError(
                _(
                    "Dense expects {expected} inputs but the previous layer gives {features}."
                ).format(expected=f"{self.in_features:,}", features=f"{features:,}"),
                suggestion=_(
                    "set in_features to {features}, or leave it empty to infer it."
                ).format(features=features),
            )
        bias = 1 if self.use_bias else 0
        params = (features + bias) * self.units
        bias_text = " + 1" if bias else ""
        formula = f"({features:,}{bias_text}) * {self.units:,} = {params:,}"
        return LayerInfo(
            (self.units,), params, features * self.units, f"units = {self.units}", formula
        )

    def build(self, in_shape: Shape) -> nn.Module:
        from torch import nn

        module = nn.Linear(in_shape[0], self.units, bias=self.use_bias)
        initialize(module, self.kernel_initializer)
        return module

    def init_lines(self, attribute: str, in_shape: Shape) -> list[str]:
        shape = (self.units, in_shape[0])
        return init_code(attribute, self.kernel_initializer, shape, self.use_bias)

    def code(self, in_shape: Shape) -> str:
        bias = "" if self.use_bias else ", bias=False"
        return f"nn.Linear({in_shape[0]}, {self.units}{bias})"

    def describe(self) -> str:
        text = ngettext("{n} unit", "{n} units", self.units).format(n=self.units)
        text += f", {self.activation}" if self.activation else ""
        return (
            text if self.kernel_initializer == "default" else f"{text}, {self.kernel_initializer}"
        )
