"""PyTorch modules that are more than one layer. Exported code copies their source.

`BasicBlock`, `Bottleneck` and `InvertedResidual` (torchvision's names) are the modules behind
the `ResidualBlock` and `BottleneckBlock` layer specs of core.model.layers.residual and the
`InvertedResidualBlock` of core.model.layers.mobilenet.
"""

from __future__ import annotations

import torch
from torch import nn


class BasicBlock(nn.Module):
    """ResNet's basic block: two 3x3 convolutions plus a shortcut, out = relu(F(x) + x).

    When the block halves the size (stride 2) or changes the channel count, the shortcut is
    a 1x1 convolution so that x has the same shape as F(x), as in torchvision's ResNet-18.
    """

    def __init__(self, in_channels: int, filters: int, stride: int = 1) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, filters, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(filters)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(filters, filters, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(filters)
        self.downsample = None
        if stride != 1 or in_channels != filters:
            self.downsample = nn.Sequential(
                nn.Conv2d(in_channels, filters, 1, stride=stride, bias=False),
                nn.BatchNorm2d(filters),
            )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        shortcut = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + shortcut)


class Bottleneck(nn.Module):
    """ResNet-50's block: 1x1 (reduce), 3x3 (stride), 1x1 (expand 4x), plus a shortcut.

    As torchvision's ResNet v1.5, the stride sits on the 3x3 convolution; the shortcut is a
    strided 1x1 convolution when the size or the channel count changes.
    """

    expansion = 4

    def __init__(self, in_channels: int, filters: int, stride: int = 1) -> None:
        super().__init__()
        out = filters * self.expansion
        self.conv1 = nn.Conv2d(in_channels, filters, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(filters)
        self.conv2 = nn.Conv2d(filters, filters, 3, stride=stride, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(filters)
        self.conv3 = nn.Conv2d(filters, out, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(out)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = None
        if stride != 1 or in_channels != out:
            self.downsample = nn.Sequential(
                nn.Conv2d(in_channels, out, 1, stride=stride, bias=False),
                nn.BatchNorm2d(out),
            )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        shortcut = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        return self.relu(out + shortcut)


class InvertedResidual(nn.Module):
    """MobileNetV2's block: a 1x1 convolution widens the channels t times (left out when
    t = 1), a 3x3 depthwise convolution (one filter per channel, `groups`) filters each
    channel on its own, a 1x1 convolution projects down with no activation; the input is
    added when the shape stays the same. The same tensors, in the same order, as
    torchvision's MobileNetV2 block."""

    def __init__(self, in_channels: int, filters: int, expansion: int = 6, stride: int = 1) -> None:
        super().__init__()
        hidden = in_channels * expansion
        self.use_shortcut = stride == 1 and in_channels == filters
        layers: list[nn.Module] = []
        if expansion != 1:
            layers.append(self.conv_bn_relu6(in_channels, hidden, 1, 1))
        layers += [
            self.conv_bn_relu6(hidden, hidden, 3, stride, groups=hidden),
            nn.Conv2d(hidden, filters, 1, bias=False),
            nn.BatchNorm2d(filters),
        ]
        self.conv = nn.Sequential(*layers)

    @staticmethod
    def conv_bn_relu6(
        in_channels: int, out_channels: int, kernel: int, stride: int, groups: int = 1
    ) -> nn.Sequential:
        """Convolution (no bias: BatchNorm shifts), BatchNorm, ReLU6 = min(max(x, 0), 6)."""
        padding = (kernel - 1) // 2
        conv = nn.Conv2d(
            in_channels, out_channels, kernel, stride, padding, groups=groups, bias=False
        )
        return nn.Sequential(conv, nn.BatchNorm2d(out_channels), nn.ReLU6(inplace=True))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.conv(x)
        return x + out if self.use_shortcut else out
