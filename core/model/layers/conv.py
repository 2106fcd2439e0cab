"""Conv2D and the pooling layers: MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from core.errors import ShapeError
from core.i18n import N_, _, ngettext
from core.model.initializers import INITIALIZERS, init_code, initialize
from core.model.shapes import conv_output_size, padding_to_fit, require_image, spatial_formula
from core.model.specs import ACTIVATIONS, LayerInfo, LayerSpec, Shape, register

if TYPE_CHECKING:
    from torch import nn

# "Nothing left" messages (`too_small`), by what does not fit.
KERNEL_TOO_LARGE = N_(
    "the output would be {out_h}x{out_w}, because the {h}x{w} input is smaller than "
    "the {k}x{k} kernel window."
)
POOL_TOO_LARGE = N_(
    "the output would be {out_h}x{out_w}, because the {h}x{w} input is smaller than "
    "the {k}x{k} pool window."
)


def too_small(
    message: str, k: int, h: int, w: int, out_h: int, out_w: int, suggestion: str
) -> ShapeError:
    """`message` (KERNEL_TOO_LARGE or POOL_TOO_LARGE) in the session's language."""
    text = _(message).format(out_h=out_h, out_w=out_w, h=h, w=w, k=k)
    return ShapeError(text, suggestion=suggestion)


@register
@dataclass(frozen=True, kw_only=True)
class Conv2D(LayerSpec):
    """A square-kernel 2-D convolution, Keras `Conv2D` / PyTorch `nn.Conv2d`."""

    type: ClassVar[str] = "conv2d"
    keras_name: ClassVar[str] = "Conv2D"
    torch_name: ClassVar[str] = "nn.Conv2d"
    name_stem: ClassVar[str] = "conv2d"
    limits: ClassVar[dict[str, tuple[float, float]]] = {
        "filters": (1, 4096),
        "kernel_size": (1, 31),
        "stride": (1, 16),
        "padding": (0, 64),
        "dilation": (1, 16),
        "in_channels": (1, 4096),
    }
    choices: ClassVar[dict[str, tuple[str, ...]]] = {
        "padding": ("same", "valid"),
        "activation": ACTIVATIONS,
        "kernel_initializer": tuple(INITIALIZERS),
    }

    filters: int = 32
    kernel_size: int = 3
    stride: int = 1
    padding: int | str = 0
    dilation: int = 1
    activation: str | None = None
    use_bias: bool = True
    in_channels: int | None = None
    kernel_initializer: str = "default"

    @property
    def window(self) -> int:
        """The kernel's reach with dilation: d(k-1) + 1."""
        return self.dilation * (self.kernel_size - 1) + 1

    def _pad(self) -> int | str:
        """Numeric padding, or "same" for PyTorch's own (asymmetric) same padding."""
        if self.padding == "valid":
            return 0
        if self.padding != "same":
            return self.padding
        if (self.window - 1) % 2 == 0:
            return (self.window - 1) // 2  # odd window: symmetric, works with any stride
        if self.stride == 1:
            return "same"
        raise ShapeError(
            _(
                "padding='same' with an even kernel and stride > 1 cannot be done with "
                "symmetric padding in PyTorch."
            ),
            suggestion=_("use an odd kernel size (e.g. 3 or 5), or a number for padding."),
        )

    def infer(self, in_shape: Shape) -> LayerInfo:
        channels, h, w = require_image(self, in_shape)
        if self.in_channels is not None and self.in_channels != channels:
            raise ShapeError(
                _(
                    "Conv2D expects {expected} input channels but the previous layer "
                    "gives {channels}."
                ).format(expected=self.in_channels, channels=channels),
                suggestion=_(
                    "set in_channels to {channels}, or leave it empty to infer it."
                ).format(channels=channels),
            )
        pad = self._pad()
        k, s, d = self.kernel_size, self.stride, self.dilation
        if isinstance(pad, str):  # "same": even kernel, stride 1: PyTorch pads d(k-1) in total
            out_h, out_w = h, w
            shape_formula = _("same: pad {total} in total (uneven split), out = n = {n}").format(
                total=d * (k - 1), n=h
            )
        else:
            out_h, out_w = (conv_output_size(n, k, s, pad, d) for n in (h, w))
            shape_formula = spatial_formula(h, w, k, s, pad, d)
            if self.padding == "same":
                shape_formula = f"same: p = d(k-1)/2 = {pad}; {shape_formula}"
        if out_h < 1 or out_w < 1:
            fit = padding_to_fit(min(h, w), self.window)
            raise too_small(
                KERNEL_TOO_LARGE,
                self.window,
                h,
                w,
                out_h,
                out_w,
                _(
                    "add padding={fit} (or padding='same'), use a smaller kernel, "
                    "or remove a pooling layer before it."
                ).format(fit=fit),
            )
        bias = 1 if self.use_bias else 0
        params = (k * k * channels + bias) * self.filters
        bias_text = " + 1" if bias else ""
        param_formula = f"({k}*{k}*{channels}{bias_text}) * {self.filters} = {params:,}"
        flops = out_h * out_w * self.filters * k * k * channels
        return LayerInfo((self.filters, out_h, out_w), params, flops, shape_formula, param_formula)

    def _args(self, in_shape: Shape) -> tuple[list[Any], dict[str, Any]]:
        kwargs: dict[str, Any] = {"kernel_size": self.kernel_size}
        for name, value, default in (
            ("stride", self.stride, 1),
            ("padding", self._pad(), 0),
            ("dilation", self.dilation, 1),
            ("bias", self.use_bias, True),
        ):
            if value != default:
                kwargs[name] = value
        return [in_shape[0], self.filters], kwargs

    def build(self, in_shape: Shape) -> nn.Module:
        from torch import nn

        args, kwargs = self._args(in_shape)
        module = nn.Conv2d(*args, **kwargs)
        initialize(module, self.kernel_initializer)
        return module

    def init_lines(self, attribute: str, in_shape: Shape) -> list[str]:
        shape = (self.filters, in_shape[0], self.kernel_size, self.kernel_size)
        return init_code(attribute, self.kernel_initializer, shape, self.use_bias)

    def code(self, in_shape: Shape) -> str:
        args, kwargs = self._args(in_shape)
        parts = [repr(arg) for arg in args] + [f"{key}={value!r}" for key, value in kwargs.items()]
        return f"nn.Conv2d({', '.join(parts)})"

    def describe(self) -> str:
        text = ngettext("{n} filter {k}x{k}", "{n} filters {k}x{k}", self.filters).format(
            n=self.filters, k=self.kernel_size
        )
        if self.stride != 1:
            text += f", stride {self.stride}"
        text += f", padding {self.padding}"
        if self.dilation != 1:
            text += f", dilation {self.dilation}"
        return text + (f", {self.activation}" if self.activation else "")


@dataclass(frozen=True, kw_only=True)
class _Pool2D(LayerSpec):
    """A square pooling window; stride defaults to the window size as in Keras and PyTorch."""

    limits: ClassVar[dict[str, tuple[float, float]]] = {
        "pool_size": (1, 31),
        "stride": (1, 31),
        "padding": (0, 15),
    }

    pool_size: int = 2
    stride: int | None = None
    padding: int = 0

    @property
    def step(self) -> int:
        return self.stride or self.pool_size

    def infer(self, in_shape: Shape) -> LayerInfo:
        channels, h, w = require_image(self, in_shape)
        k, s, p = self.pool_size, self.step, self.padding
        if 2 * p > k:
            raise ShapeError(
                _(
                    "padding {p} is more than half the {k}x{k} pool window; PyTorch does not "
                    "allow that (a window would hold only padding)."
                ).format(p=p, k=k),
                suggestion=_("use padding <= {limit}.").format(limit=k // 2),
            )
        out_h, out_w = conv_output_size(h, k, s, p), conv_output_size(w, k, s, p)
        if out_h < 1 or out_w < 1:
            raise too_small(
                POOL_TOO_LARGE,
                k,
                h,
                w,
                out_h,
                out_w,
                _(
                    "remove this pooling layer (or an earlier one), or keep the size up with "
                    "padding='same' in the convolutions before it."
                ),
            )
        shape_formula = spatial_formula(h, w, k, s, p)
        return LayerInfo((channels, out_h, out_w), 0, 0, shape_formula, _("0 (nothing to learn)"))

    def _kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"kernel_size": self.pool_size}
        if self.stride is not None and self.stride != self.pool_size:
            kwargs["stride"] = self.stride
        if self.padding:
            kwargs["padding"] = self.padding
        return kwargs

    def build(self, in_shape: Shape) -> nn.Module:
        from torch import nn

        return getattr(nn, self.torch_name.removeprefix("nn."))(**self._kwargs())

    def code(self, in_shape: Shape) -> str:
        args = ", ".join(f"{key}={value!r}" for key, value in self._kwargs().items())
        return f"{self.torch_name}({args})"

    def describe(self) -> str:
        text = f"{self.pool_size}x{self.pool_size}, stride {self.step}"
        return text + (f", padding {self.padding}" if self.padding else "")


@register
@dataclass(frozen=True, kw_only=True)
class MaxPooling2D(_Pool2D):
    type: ClassVar[str] = "maxpool2d"
    keras_name: ClassVar[str] = "MaxPooling2D"
    torch_name: ClassVar[str] = "nn.MaxPool2d"
    name_stem: ClassVar[str] = "max_pooling2d"


@register
@dataclass(frozen=True, kw_only=True)
class AveragePooling2D(_Pool2D):
    type: ClassVar[str] = "avgpool2d"
    keras_name: ClassVar[str] = "AveragePooling2D"
    torch_name: ClassVar[str] = "nn.AvgPool2d"
    name_stem: ClassVar[str] = "average_pooling2d"


@register
@dataclass(frozen=True, kw_only=True)
class GlobalAveragePooling2D(LayerSpec):
    """The mean of each feature map: (C, H, W) -> (C,), as in Keras."""

    type: ClassVar[str] = "global_avgpool2d"
    keras_name: ClassVar[str] = "GlobalAveragePooling2D"
    torch_name: ClassVar[str] = "nn.AdaptiveAvgPool2d"
    name_stem: ClassVar[str] = "global_average_pooling2d"

    def infer(self, in_shape: Shape) -> LayerInfo:
        channels, h, w = require_image(self, in_shape)
        formula = ngettext(
            "mean over each {h}x{w} map -> {channels} value",
            "mean over each {h}x{w} map -> {channels} values",
            channels,
        ).format(h=h, w=w, channels=channels)
        return LayerInfo((channels,), 0, 0, formula, _("0 (nothing to learn)"))

    def build(self, in_shape: Shape) -> nn.Module:
        from torch import nn

        return nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten())

    def code(self, in_shape: Shape) -> str:
        return "nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten())"
