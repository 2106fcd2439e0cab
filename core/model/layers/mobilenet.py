"""MobileNet's layers: the depthwise convolution (one 3x3 filter per channel) and MobileNetV2's
inverted residual block (001:481, Keras's `MobileNetV2`; torchvision's `InvertedResidual`).

A depthwise convolution filters each channel on its own: k*k*C weights instead of a full
convolution's k*k*C*F. Followed by a 1x1 convolution (which mixes the channels) it does the
work of one convolution with far fewer parameters: a "depthwise separable" convolution.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from core.errors import ShapeError
from core.i18n import _
from core.model.layers.conv import KERNEL_TOO_LARGE, too_small
from core.model.shapes import conv_output_size, padding_to_fit, require_image, spatial_formula
from core.model.specs import LayerInfo, LayerSpec, Shape, register

if TYPE_CHECKING:
    from torch import nn


@register
@dataclass(frozen=True, kw_only=True)
class DepthwiseConv2D(LayerSpec):
    """One k x k filter per input channel: Keras `DepthwiseConv2D`, PyTorch `nn.Conv2d` with
    `groups` = the channel count. The channel count stays the same."""

    type: ClassVar[str] = "depthwise_conv2d"
    keras_name: ClassVar[str] = "DepthwiseConv2D"
    torch_name: ClassVar[str] = "nn.Conv2d"
    name_stem: ClassVar[str] = "depthwise_conv2d"
    limits: ClassVar[dict[str, tuple[float, float]]] = {
        "kernel_size": (1, 31),
        "stride": (1, 16),
        "padding": (0, 64),
    }
    choices: ClassVar[dict[str, tuple[str, ...]]] = {"padding": ("same", "valid")}

    kernel_size: int = 3
    stride: int = 1
    padding: int | str = 0
    use_bias: bool = True

    def _pad(self) -> int:
        if self.padding == "valid":
            return 0
        if self.padding != "same":
            return int(self.padding)
        if self.kernel_size % 2 == 0:
            raise ShapeError(
                _("padding='same' needs an odd kernel here (PyTorch pads both sides alike)."),
                suggestion=_("use an odd kernel size (e.g. 3 or 5), or a number for padding."),
            )
        return (self.kernel_size - 1) // 2

    def infer(self, in_shape: Shape) -> LayerInfo:
        channels, h, w = require_image(self, in_shape)
        k, s, p = self.kernel_size, self.stride, self._pad()
        out_h, out_w = conv_output_size(h, k, s, p), conv_output_size(w, k, s, p)
        if out_h < 1 or out_w < 1:
            fit = padding_to_fit(min(h, w), k)
            suggestion = _("add padding={fit}, or use a smaller kernel.").format(fit=fit)
            raise too_small(KERNEL_TOO_LARGE, k, h, w, out_h, out_w, suggestion)
        bias = channels if self.use_bias else 0
        params = k * k * channels + bias
        bias_text = f" + {channels}" if bias else ""
        param_formula = _("{k}*{k}*{channels}{bias} (one filter per channel) = {params}").format(
            k=k, channels=channels, bias=bias_text, params=f"{params:,}"
        )
        flops = out_h * out_w * channels * k * k
        shape_formula = spatial_formula(h, w, k, s, p)
        return LayerInfo((channels, out_h, out_w), params, flops, shape_formula, param_formula)

    def _kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"kernel_size": self.kernel_size}
        for name, value, default in (
            ("stride", self.stride, 1),
            ("padding", self._pad(), 0),
            ("bias", self.use_bias, True),
        ):
            if value != default:
                kwargs[name] = value
        return kwargs

    def build(self, in_shape: Shape) -> nn.Module:
        from torch import nn

        channels = in_shape[0]
        return nn.Conv2d(channels, channels, groups=channels, **self._kwargs())

    def code(self, in_shape: Shape) -> str:
        channels = in_shape[0]
        options = "".join(f", {key}={value!r}" for key, value in self._kwargs().items())
        return f"nn.Conv2d({channels}, {channels}{options}, groups={channels})"

    def describe(self) -> str:
        text = _("{k}x{k} per channel").format(k=self.kernel_size)
        if self.stride != 1:
            text += f", stride {self.stride}"
        return text + f", padding {self.padding}"


@register
@dataclass(frozen=True, kw_only=True)
class InvertedResidualBlock(LayerSpec):
    """MobileNetV2's block, one summary row: 1x1 Conv2D to t x the channels (left out when
    t = 1), BN, ReLU6; 3x3 DepthwiseConv2D (stride), BN, ReLU6; 1x1 Conv2D to `filters`, BN
    (no activation: the "linear bottleneck"); plus the input when the shape stays the same."""

    type: ClassVar[str] = "inverted_residual_block"
    keras_name: ClassVar[str] = "InvertedResidualBlock"
    torch_name: ClassVar[str] = "InvertedResidual"
    name_stem: ClassVar[str] = "inverted_residual_block"
    limits: ClassVar[dict[str, tuple[float, float]]] = {
        "filters": (1, 4096),
        "expansion": (1, 10),
        "stride": (1, 2),
    }

    filters: int = 16
    expansion: int = 6
    stride: int = 1

    def infer(self, in_shape: Shape) -> LayerInfo:
        channels, h, w = require_image(self, in_shape)
        f, t, s = self.filters, self.expansion, self.stride
        hidden = channels * t
        out_h, out_w = conv_output_size(h, 3, s, 1), conv_output_size(w, 3, s, 1)
        terms, norms = [], [hidden, f]
        weights = 9 * hidden + hidden * f
        flops = out_h * out_w * (9 * hidden + hidden * f)
        if t != 1:
            weights += channels * hidden
            flops += h * w * channels * hidden
            norms.insert(0, hidden)
            terms.append(_("{c}*{hidden} (expand)").format(c=channels, hidden=hidden))
        terms += [
            _("3*3*{hidden} (depthwise)").format(hidden=hidden),
            _("{hidden}*{f} (project)").format(hidden=hidden, f=f),
            _("4*({sizes}) ({n} BN)").format(sizes="+".join(map(str, norms)), n=len(norms)),
        ]
        params = weights + 2 * sum(norms)  # each BN's scale and shift
        running_stats = 2 * sum(norms)  # and its moving mean and variance, which Keras counts
        formula = " + ".join(terms) + f" = {params + running_stats:,}"
        shape_formula = spatial_formula(h, w, 3, s, 1)
        if s == 1 and channels == f:
            shape_formula += _("; + the input (same shape)")
        return LayerInfo((f, out_h, out_w), params, flops, shape_formula, formula, running_stats)

    def build(self, in_shape: Shape) -> nn.Module:
        from core.model.blocks import InvertedResidual  # lazy: torch costs seconds at start-up

        return InvertedResidual(in_shape[0], self.filters, self.expansion, self.stride)

    def code(self, in_shape: Shape) -> str:
        options = f", expansion={self.expansion}" if self.expansion != 6 else ""
        options += f", stride={self.stride}" if self.stride != 1 else ""
        return f"InvertedResidual({in_shape[0]}, {self.filters}{options})"

    def describe(self) -> str:
        text = _("t={t}, {n} filters").format(t=self.expansion, n=self.filters)
        return text + (f", stride {self.stride}" if self.stride != 1 else "")
