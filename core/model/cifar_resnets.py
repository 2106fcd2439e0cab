"""003:360-372's degradation problem: He et al.'s CIFAR-10 networks of 6n + 2 layers, plain
and residual (Figure 1: "Training error ... with 20-layer and 56-layer 'plain' networks").

A 3x3 Conv2D stem with 16 filters, three stages of n blocks (16, 32 and 64 filters; the
first block of stages 2 and 3 halves the size), global average pooling and Dense(10). A
block is two 3x3 convolutions with BatchNormalization: a plain net stacks them as separate
layers (003: "Plain Net이란 단순히 layer를 쌓은 네트워크"), a ResNet adds the shortcut
(core.model.layers.residual). Where the shape changes the lab's shortcut is a 1x1
convolution (the paper's option B); its CIFAR table used option A, which has no parameters:
2,752 more here (0.27M and 0.86M against the paper's 0.27M and 0.85M).
"""

from __future__ import annotations

from core.model.layers.activations import ReLU
from core.model.layers.conv import Conv2D, GlobalAveragePooling2D
from core.model.layers.dense import BatchNormalization, Dense
from core.model.layers.residual import ResidualBlock
from core.model.specs import LayerSpec, ModelSpec

CIFAR10 = (3, 32, 32)


def _conv_bn_relu(filters: int, stride: int = 1) -> list[LayerSpec]:
    return [
        Conv2D(filters=filters, kernel_size=3, stride=stride, padding=1, use_bias=False),
        BatchNormalization(),
        ReLU(),
    ]


def cifar_net(depth: int, residual: bool) -> ModelSpec:
    """The 6n + 2-layer CIFAR-10 network (20: n = 3; 56: n = 9), plain or residual."""
    n, rest = divmod(depth - 2, 6)
    assert rest == 0 and n >= 1, f"depth {depth} is not 6n + 2"
    layers = _conv_bn_relu(16)
    for stage, filters in enumerate((16, 32, 64)):
        for index in range(n):
            stride = 2 if stage > 0 and index == 0 else 1
            if residual:
                layers.append(ResidualBlock(filters=filters, stride=stride))
            else:
                layers += _conv_bn_relu(filters, stride) + _conv_bn_relu(filters)
    layers += [GlobalAveragePooling2D(), Dense(units=10, activation="softmax")]
    return ModelSpec(CIFAR10, tuple(layers), f"{'resnet' if residual else 'plain'}{depth}")
