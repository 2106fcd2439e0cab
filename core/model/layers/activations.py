"""Activation layers (ReLU, LeakyReLU, ELU, Sigmoid, Tanh, Softmax) and the shared table
that Conv2D and Dense use for their built-in `activation=`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from core.i18n import _
from core.model.specs import ACTIVATIONS, LayerInfo, LayerSpec, Shape, register

if TYPE_CHECKING:
    from torch import nn


@dataclass(frozen=True, kw_only=True)
class _Activation(LayerSpec):
    """An activation as a layer of its own: same shape out, no parameters."""

    def infer(self, in_shape: Shape) -> LayerInfo:
        return LayerInfo(in_shape, 0, shape_formula=_("same shape as its input"), param_formula="0")

    def build(self, in_shape: Shape) -> nn.Module:
        from torch import nn

        return getattr(nn, self.torch_name.removeprefix("nn."))()

    def code(self, in_shape: Shape) -> str:
        return f"{self.torch_name}()"


@register
@dataclass(frozen=True, kw_only=True)
class ReLU(_Activation):
    """max(x, 0); with `max_value` also capped: min(max(x, 0), max_value), as Keras's
    `ReLU(max_value=6.0)` (PyTorch's nn.ReLU6), MobileNetV2's activation."""

    type: ClassVar[str] = "relu"
    keras_name: ClassVar[str] = "ReLU"
    torch_name: ClassVar[str] = "nn.ReLU"
    name_stem: ClassVar[str] = "re_lu"
    limits: ClassVar[dict[str, tuple[float, float]]] = {"max_value": (0.0, 1e6)}

    max_value: float | None = None

    def build(self, in_shape: Shape) -> nn.Module:
        from torch import nn

        if self.max_value is None:
            return nn.ReLU()
        if self.max_value == 6:
            return nn.ReLU6()
        return nn.Hardtanh(0.0, float(self.max_value))

    def code(self, in_shape: Shape) -> str:
        if self.max_value is None:
            return "nn.ReLU()"
        if self.max_value == 6:
            return "nn.ReLU6()"
        return f"nn.Hardtanh(0.0, {float(self.max_value)!r})"

    def describe(self) -> str:
        if self.max_value is None:
            return ""
        return _("capped at {value}").format(value=f"{self.max_value:g}")


@register
@dataclass(frozen=True, kw_only=True)
class LeakyReLU(_Activation):
    type: ClassVar[str] = "leaky_relu"
    keras_name: ClassVar[str] = "LeakyReLU"
    torch_name: ClassVar[str] = "nn.LeakyReLU"
    name_stem: ClassVar[str] = "leaky_re_lu"
    limits: ClassVar[dict[str, tuple[float, float]]] = {"negative_slope": (0.0, 1.0)}

    negative_slope: float = 0.01

    def build(self, in_shape: Shape) -> nn.Module:
        from torch import nn

        return nn.LeakyReLU(self.negative_slope)

    def code(self, in_shape: Shape) -> str:
        return f"nn.LeakyReLU({self.negative_slope!r})"

    def describe(self) -> str:
        return _("slope {slope}").format(slope=f"{self.negative_slope:g}")


@register
@dataclass(frozen=True, kw_only=True)
class ELU(_Activation):
    type: ClassVar[str] = "elu"
    keras_name: ClassVar[str] = "ELU"
    torch_name: ClassVar[str] = "nn.ELU"
    name_stem: ClassVar[str] = "elu"
    limits: ClassVar[dict[str, tuple[float, float]]] = {"alpha": (0.0, 10.0)}

    alpha: float = 1.0

    def build(self, in_shape: Shape) -> nn.Module:
        from torch import nn

        return nn.ELU(alpha=self.alpha)

    def code(self, in_shape: Shape) -> str:
        return f"nn.ELU(alpha={self.alpha!r})"

    def describe(self) -> str:
        return f"alpha {self.alpha:g}"


@register
@dataclass(frozen=True, kw_only=True)
class Sigmoid(_Activation):
    type: ClassVar[str] = "sigmoid"
    keras_name: ClassVar[str] = "Sigmoid"
    keras_class: ClassVar[str | None] = "Activation"
    torch_name: ClassVar[str] = "nn.Sigmoid"
    name_stem: ClassVar[str] = "activation"  # Keras: layers.Activation("sigmoid")


@register
@dataclass(frozen=True, kw_only=True)
class Tanh(_Activation):
    type: ClassVar[str] = "tanh"
    keras_name: ClassVar[str] = "Tanh"
    keras_class: ClassVar[str | None] = "Activation"
    torch_name: ClassVar[str] = "nn.Tanh"
    name_stem: ClassVar[str] = "activation"  # Keras: layers.Activation("tanh")


@register
@dataclass(frozen=True, kw_only=True)
class Softmax(_Activation):
    type: ClassVar[str] = "softmax"
    keras_name: ClassVar[str] = "Softmax"
    torch_name: ClassVar[str] = "nn.Softmax"
    name_stem: ClassVar[str] = "softmax"

    def build(self, in_shape: Shape) -> nn.Module:
        from torch import nn

        return nn.Softmax(dim=1)

    def code(self, in_shape: Shape) -> str:
        return "nn.Softmax(dim=1)"  # dim 1: over the classes (or channels), never the batch


# The built-in `activation=` of Conv2D and Dense, by name: the same layers as above.
ACTIVATION_LAYERS: dict[str, type[_Activation]] = {
    "relu": ReLU,
    "leaky_relu": LeakyReLU,
    "elu": ELU,
    "sigmoid": Sigmoid,
    "tanh": Tanh,
    "softmax": Softmax,
}
assert tuple(ACTIVATION_LAYERS) == ACTIVATIONS
