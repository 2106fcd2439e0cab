"""ResNet's residual blocks, each shown as one row of the summary: the basic block
(ResNet-18/34) and the bottleneck block (ResNet-50 and deeper), as in torchvision."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from core.i18n import N_, _, ngettext
from core.model.shapes import conv_output_size, require_image, spatial_formula
from core.model.specs import LayerInfo, LayerSpec, Shape, register

if TYPE_CHECKING:
    from torch import nn

# The projection shortcut's term of a block's Param # formula.
SHORTCUT = N_("{channels}*{out} + 4*{out} (1x1 shortcut + BN)")


@register
@dataclass(frozen=True, kw_only=True)
class ResidualBlock(LayerSpec):
    """conv3x3(stride) - BN - ReLU - conv3x3 - BN, plus the shortcut, then ReLU."""

    type: ClassVar[str] = "residual_block"
    keras_name: ClassVar[str] = "ResidualBlock"
    torch_name: ClassVar[str] = "BasicBlock"
    name_stem: ClassVar[str] = "residual_block"
    limits: ClassVar[dict[str, tuple[float, float]]] = {"filters": (1, 4096), "stride": (1, 2)}

    filters: int = 64
    stride: int = 1

    def _has_projection(self, channels: int) -> bool:
        return self.stride != 1 or channels != self.filters

    def infer(self, in_shape: Shape) -> LayerInfo:
        channels, h, w = require_image(self, in_shape)
        f, s = self.filters, self.stride
        out_h, out_w = conv_output_size(h, 3, s, 1), conv_output_size(w, 3, s, 1)
        conv1, conv2, norms = 9 * channels * f, 9 * f * f, 4 * f
        terms = [f"3*3*{channels}*{f}", f"3*3*{f}*{f}", _("2*4*{f} (2 BN)").format(f=f)]
        params = conv1 + conv2 + norms
        flops = out_h * out_w * (conv1 + conv2)
        running_stats = norms  # each BatchNorm keeps a running mean and variance per channel
        if self._has_projection(channels):
            params += channels * f + 2 * f
            flops += out_h * out_w * channels * f
            running_stats += 2 * f
            terms.append(_(SHORTCUT).format(channels=channels, out=f))
        # As Keras counts: each BatchNorm's moving mean and variance are non-trainable params.
        formula = " + ".join(terms) + f" = {params + running_stats:,}"
        shape_formula = spatial_formula(h, w, 3, s, 1)
        return LayerInfo((f, out_h, out_w), params, flops, shape_formula, formula, running_stats)

    def build(self, in_shape: Shape) -> nn.Module:
        from core.model.blocks import BasicBlock  # lazy: torch costs seconds at start-up

        return BasicBlock(in_shape[0], self.filters, self.stride)

    def code(self, in_shape: Shape) -> str:
        stride = f", stride={self.stride}" if self.stride != 1 else ""
        return f"BasicBlock({in_shape[0]}, {self.filters}{stride})"

    def describe(self) -> str:
        text = ngettext("{n} filter", "{n} filters", self.filters).format(n=self.filters)
        return text + (f", stride {self.stride}" if self.stride != 1 else "")


@register
@dataclass(frozen=True, kw_only=True)
class BottleneckBlock(LayerSpec):
    """conv1x1 - BN - ReLU - conv3x3(stride) - BN - ReLU - conv1x1 (4x filters) - BN, plus
    the shortcut, then ReLU: ResNet-50's block (torchvision's Bottleneck, stride on the 3x3)."""

    type: ClassVar[str] = "bottleneck_block"
    keras_name: ClassVar[str] = "BottleneckBlock"
    torch_name: ClassVar[str] = "Bottleneck"
    name_stem: ClassVar[str] = "bottleneck_block"
    limits: ClassVar[dict[str, tuple[float, float]]] = {"filters": (1, 4096), "stride": (1, 2)}
    EXPANSION: ClassVar[int] = 4

    filters: int = 64  # the 1x1 and 3x3 convolutions; the block outputs 4x as many channels
    stride: int = 1

    def infer(self, in_shape: Shape) -> LayerInfo:
        channels, h, w = require_image(self, in_shape)
        f, s, out = self.filters, self.stride, self.EXPANSION * self.filters
        out_h, out_w = conv_output_size(h, 3, s, 1), conv_output_size(w, 3, s, 1)
        conv1, conv2, conv3 = channels * f, 9 * f * f, f * out
        three_norms = _("4*({f}+{f}+{out}) (3 BN)").format(f=f, out=out)
        terms = [f"{channels}*{f}", f"3*3*{f}*{f}", f"{f}*{out}", three_norms]
        params = conv1 + conv2 + conv3 + 2 * (f + f + out)
        running_stats = 2 * (f + f + out)
        flops = h * w * conv1 + out_h * out_w * (conv2 + conv3)
        if s != 1 or channels != out:
            params += channels * out + 2 * out
            running_stats += 2 * out
            flops += out_h * out_w * channels * out
            terms.append(_(SHORTCUT).format(channels=channels, out=out))
        formula = " + ".join(terms) + f" = {params + running_stats:,}"
        return LayerInfo(
            (out, out_h, out_w),
            params,
            flops,
            spatial_formula(h, w, 3, s, 1),
            formula,
            running_stats,
        )

    def build(self, in_shape: Shape) -> nn.Module:
        from core.model.blocks import Bottleneck  # lazy: torch costs seconds at start-up

        return Bottleneck(in_shape[0], self.filters, self.stride)

    def code(self, in_shape: Shape) -> str:
        stride = f", stride={self.stride}" if self.stride != 1 else ""
        return f"Bottleneck({in_shape[0]}, {self.filters}{stride})"

    def describe(self) -> str:
        text = _("{f}-{f}-{out} filters").format(f=self.filters, out=self.EXPANSION * self.filters)
        return text + (f", stride {self.stride}" if self.stride != 1 else "")
