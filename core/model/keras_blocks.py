"""Keras layers for the lab's blocks that Keras has no class for, as exported Keras code
copies them (core.model.export_keras reads this file as text; the lab never imports it,
and Keras is not one of its dependencies). Channels last, as Keras works."""

import keras
from keras import layers, ops


def batch_norm(**kwargs) -> layers.BatchNormalization:
    """PyTorch's BatchNorm settings (epsilon 1e-5, momentum 0.1 = Keras's 0.9)."""
    return layers.BatchNormalization(epsilon=1e-5, momentum=0.9, **kwargs)


class LocalResponseNormalization(layers.Layer):
    """AlexNet's NORM, as PyTorch's nn.LocalResponseNorm: x / (k + alpha/n * sum of x²
    over n neighbouring channels)^beta."""

    def __init__(self, size=5, alpha=1e-4, beta=0.75, k=2.0, **kwargs):
        super().__init__(**kwargs)
        self.size, self.alpha, self.beta, self.k = size, alpha, beta, k

    def call(self, x):
        channels = x.shape[-1]
        before, after = self.size // 2, (self.size - 1) // 2
        squares = ops.pad(ops.square(x), [[0, 0], [0, 0], [0, 0], [before, after]])
        total = sum(squares[..., i : i + channels] for i in range(self.size))
        return x / ops.power(self.k + self.alpha / self.size * total, self.beta)


class ResidualBlock(layers.Layer):
    """ResNet's basic block: two 3x3 convolutions plus a shortcut, out = relu(F(x) + x)."""

    def __init__(self, filters, stride=1, **kwargs):
        super().__init__(**kwargs)
        self.filters, self.stride = filters, stride
        self.conv1 = layers.Conv2D(filters, 3, strides=stride, padding="same", use_bias=False)
        self.bn1 = batch_norm()
        self.conv2 = layers.Conv2D(filters, 3, padding="same", use_bias=False)
        self.bn2 = batch_norm()
        self.shortcut = None

    def build(self, input_shape):
        if self.stride != 1 or input_shape[-1] != self.filters:  # a 1x1 projection
            conv = layers.Conv2D(self.filters, 1, strides=self.stride, use_bias=False)
            self.shortcut = keras.Sequential([conv, batch_norm()])

    def call(self, x, training=None):
        shortcut = x if self.shortcut is None else self.shortcut(x, training=training)
        out = ops.relu(self.bn1(self.conv1(x), training=training))
        out = self.bn2(self.conv2(out), training=training)
        return ops.relu(out + shortcut)


class BottleneckBlock(layers.Layer):
    """ResNet-50's block: 1x1 (reduce), 3x3 (stride), 1x1 (4x filters), plus a shortcut."""

    def __init__(self, filters, stride=1, **kwargs):
        super().__init__(**kwargs)
        self.filters, self.stride = filters, stride
        self.conv1 = layers.Conv2D(filters, 1, use_bias=False)
        self.bn1 = batch_norm()
        self.conv2 = layers.Conv2D(filters, 3, strides=stride, padding="same", use_bias=False)
        self.bn2 = batch_norm()
        self.conv3 = layers.Conv2D(4 * filters, 1, use_bias=False)
        self.bn3 = batch_norm()
        self.shortcut = None

    def build(self, input_shape):
        if self.stride != 1 or input_shape[-1] != 4 * self.filters:
            conv = layers.Conv2D(4 * self.filters, 1, strides=self.stride, use_bias=False)
            self.shortcut = keras.Sequential([conv, batch_norm()])

    def call(self, x, training=None):
        shortcut = x if self.shortcut is None else self.shortcut(x, training=training)
        out = ops.relu(self.bn1(self.conv1(x), training=training))
        out = ops.relu(self.bn2(self.conv2(out), training=training))
        out = self.bn3(self.conv3(out), training=training)
        return ops.relu(out + shortcut)


class InvertedResidualBlock(layers.Layer):
    """MobileNetV2's block: 1x1 expand (t x channels; none when t = 1), 3x3 depthwise, 1x1
    project with no activation, plus the input when the shape stays the same. Keras's 'same'
    pads a stride-2 window on the bottom and right only, as Keras's own MobileNetV2 does;
    PyTorch pads all sides by 1: the same shapes and counts, shifted values. The inner layers
    are named after the block, so the model's own layers after it keep Keras's numbering."""

    def __init__(self, filters, expansion=6, stride=1, **kwargs):
        super().__init__(**kwargs)
        self.filters, self.expansion, self.stride = filters, expansion, stride
        name = self.name
        self.depthwise = layers.DepthwiseConv2D(
            3, strides=stride, padding="same", use_bias=False, name=f"{name}_depthwise"
        )
        self.bn2 = batch_norm(name=f"{name}_depthwise_bn")
        self.project = layers.Conv2D(filters, 1, use_bias=False, name=f"{name}_project")
        self.bn3 = batch_norm(name=f"{name}_project_bn")
        self.expand = None

    def build(self, input_shape):
        if self.expansion != 1:
            channels = input_shape[-1] * self.expansion
            conv = layers.Conv2D(channels, 1, use_bias=False, name=f"{self.name}_expand")
            self.expand = keras.Sequential(
                [conv, batch_norm(name=f"{self.name}_expand_bn")], name=f"{self.name}_expansion"
            )

    def call(self, x, training=None):
        out = x if self.expand is None else ops.relu6(self.expand(x, training=training))
        out = ops.relu6(self.bn2(self.depthwise(out), training=training))
        out = self.bn3(self.project(out), training=training)
        return x + out if self.stride == 1 and x.shape[-1] == self.filters else out
