"""The course's models as ModelSpecs, one function each; core.model.presets names them."""

from __future__ import annotations

from core.model.layers.activations import ReLU
from core.model.layers.conv import Conv2D, GlobalAveragePooling2D, MaxPooling2D
from core.model.layers.dense import BatchNormalization, Dense, Dropout, Flatten
from core.model.layers.lrn import LocalResponseNormalization
from core.model.layers.mobilenet import InvertedResidualBlock
from core.model.layers.residual import BottleneckBlock, ResidualBlock
from core.model.specs import LayerSpec, ModelSpec

MNIST = (1, 28, 28)
CIFAR10 = (3, 32, 32)


def mnist_cnn(filters1: int, filters2: int, name: str) -> ModelSpec:
    return ModelSpec(
        MNIST,
        (
            Conv2D(filters=filters1, kernel_size=5, padding="same", activation="relu"),
            MaxPooling2D(pool_size=2),
            Conv2D(filters=filters2, kernel_size=5, padding="same", activation="relu"),
            MaxPooling2D(pool_size=2),
            Flatten(),
            Dense(units=1000, activation="relu"),
            Dense(units=10, activation="softmax"),
        ),
        name,
    )


def cifar10_cnn(batchnorm_dropout: bool, name: str) -> ModelSpec:
    """004's CIFAR-10 CNN: three Conv2D(5x5, 'same') + MaxPooling2D blocks, Dense(64), Dense(10);
    its later version adds BatchNormalization and Dropout(0.25) after every block and Dense(64).
    """
    extra: list[LayerSpec] = [BatchNormalization()] if batchnorm_dropout else []
    layers: list[LayerSpec] = []
    for filters in (32, 32, 64):
        layers += [Conv2D(filters=filters, kernel_size=5, padding="same", activation="relu")]
        layers += [*extra, MaxPooling2D(pool_size=2)]
        layers += [Dropout(rate=0.25)] if batchnorm_dropout else []
    layers += [Flatten(), Dense(units=64, activation="relu"), *extra]
    layers += [Dropout(rate=0.25)] if batchnorm_dropout else []
    layers += [Dense(units=10, activation="softmax")]
    return ModelSpec(CIFAR10, tuple(layers), name)


def feature_extractor_classifier(n_out: int = 10) -> ModelSpec:
    """000's CNN_sum on CIFAR-10's 32x32x3 images: conv_maxpool_layers (flatten: 2048) then
    fc_layers, two blocks each with its own trainable flag."""
    features, classifier = "feature_extractor", "classifier"
    return ModelSpec(
        CIFAR10,
        (
            Conv2D(filters=16, kernel_size=3, padding="same", activation="relu", block=features),
            Conv2D(
                filters=32,
                kernel_size=3,
                stride=2,
                padding="same",
                activation="relu",
                block=features,
            ),
            MaxPooling2D(pool_size=2, block=features),
            Flatten(block=features),  # 000:54: conv_maxpool_layers ends with Flatten (2048)
            Dense(units=128, activation="relu", block=classifier),
            Dense(units=n_out, activation="softmax", block=classifier),
        ),
        "feature_extractor_classifier",
    )


def mnist_fast() -> ModelSpec:
    """Small and quick on a CPU: two 3x3 conv blocks with few filters, then a small Dense."""
    return ModelSpec(
        MNIST,
        (
            Conv2D(filters=8, kernel_size=3, padding="same", activation="relu"),
            MaxPooling2D(pool_size=2),
            Conv2D(filters=16, kernel_size=3, padding="same", activation="relu"),
            MaxPooling2D(pool_size=2),
            Flatten(),
            Dense(units=64, activation="relu"),
            Dense(units=10, activation="softmax"),
        ),
        "mnist_fast",
    )


def mnist_value() -> ModelSpec:
    """003:292's first way to answer, on MNIST: mnist_fast's layers ending in one output taken
    as it is, Keras's `Dense(1)`, which learns each digit's number with the mean squared error."""
    *body, _softmax = mnist_fast().layers
    return ModelSpec(MNIST, (*body, Dense(units=1)), "mnist_value")


def cifar10_fast() -> ModelSpec:
    """Three cheap Conv-BN-ReLU-pool blocks (16, 32, 64 filters): CPU-sized for CIFAR-10."""
    layers: list[LayerSpec] = []
    for filters in (16, 32, 64):
        layers += [
            Conv2D(filters=filters, kernel_size=3, padding="same", use_bias=False),
            BatchNormalization(),
            ReLU(),
            MaxPooling2D(pool_size=2),
        ]
    layers += [Flatten(), Dense(units=10, activation="softmax")]
    return ModelSpec(CIFAR10, tuple(layers), "cifar10_fast")


def cifar10_cpu() -> ModelSpec:
    """After the airbench line of fast CIFAR-10 training (Jordan 2024), sized for a laptop CPU:
    a stem convolution, then three blocks of conv → max-pool → BatchNorm → ReLU → conv →
    BatchNorm → ReLU (24, 48, 96, 192 filters), max-pooled to one vector per channel."""
    layers: list[LayerSpec] = [
        Conv2D(filters=24, kernel_size=3, padding="same", use_bias=False),
        BatchNormalization(),
        ReLU(),
    ]
    for filters in (48, 96, 192):
        layers += [
            Conv2D(filters=filters, kernel_size=3, padding="same", use_bias=False),
            MaxPooling2D(pool_size=2),
            BatchNormalization(),
            ReLU(),
            Conv2D(filters=filters, kernel_size=3, padding="same", use_bias=False),
            BatchNormalization(),
            ReLU(),
        ]
    layers += [MaxPooling2D(pool_size=4), Flatten(), Dense(units=10, activation="softmax")]
    return ModelSpec(CIFAR10, tuple(layers), "cifar10_cpu")


def alexnet() -> ModelSpec:
    """001's AlexNet table (CS231n): one tower, 96 first filters, NORM1 and NORM2 (LRN)."""
    return ModelSpec(
        (3, 227, 227),
        (
            Conv2D(filters=96, kernel_size=11, stride=4, activation="relu"),
            MaxPooling2D(pool_size=3, stride=2),
            LocalResponseNormalization(),
            Conv2D(filters=256, kernel_size=5, padding=2, activation="relu"),
            MaxPooling2D(pool_size=3, stride=2),
            LocalResponseNormalization(),
            Conv2D(filters=384, kernel_size=3, padding=1, activation="relu"),
            Conv2D(filters=384, kernel_size=3, padding=1, activation="relu"),
            Conv2D(filters=256, kernel_size=3, padding=1, activation="relu"),
            MaxPooling2D(pool_size=3, stride=2),
            Flatten(),
            Dense(units=4096, activation="relu"),
            Dense(units=4096, activation="relu"),
            Dense(units=1000, activation="softmax"),
        ),
        "alexnet",
    )


def vgg16() -> ModelSpec:
    """VGG16 as Keras's model zoo lists it (001:259, 003:114): five blocks of 3x3 convolutions
    (64, 128, 256, 512, 512 filters; two, two, three, three, three of them), each block ending
    in a 2x2 max pooling, then Dense(4096) twice and Dense(1000); 138,357,544 parameters at
    224x224, torchvision's VGG-16 without its two Dropout layers (Keras's has none)."""
    layers: list[LayerSpec] = []
    # Keras names them block1_conv1 ... block5_pool: the blocks, each its own trainable flag
    # on Build a CNN (003:520 unlocks VGG16 from block5_conv1 on).
    for number, (filters, repeat) in enumerate(
        ((64, 2), (128, 2), (256, 3), (512, 3), (512, 3)), start=1
    ):
        block = f"block{number}"
        layers += [
            Conv2D(filters=filters, kernel_size=3, padding="same", activation="relu", block=block)
            for _ in range(repeat)
        ]
        layers.append(MaxPooling2D(pool_size=2, block=block))
    layers += [
        Flatten(block="top"),
        Dense(units=4096, activation="relu", block="top"),
        Dense(units=4096, activation="relu", block="top"),
        Dense(units=1000, activation="softmax", block="top"),
    ]
    return ModelSpec((3, 224, 224), tuple(layers), "vgg16")


def vgg_small() -> ModelSpec:
    """Three VGG blocks (two 3x3 convolutions, then pooling) for CIFAR-10 images."""
    layers: list[LayerSpec] = []
    for filters in (32, 64, 128):
        for _repeat in range(2):
            layers += [Conv2D(filters=filters, kernel_size=3, padding="same"), BatchNormalization()]
            layers.append(ReLU())
        layers += [MaxPooling2D(pool_size=2), Dropout(rate=0.25)]
    layers += [
        Flatten(),
        Dense(units=256, activation="relu"),
        Dropout(rate=0.5),
        Dense(units=10, activation="softmax"),
    ]
    return ModelSpec(CIFAR10, tuple(layers), "vgg_small")


def resnet(depth: int) -> ModelSpec:
    """003's ResNet table at 224x224, as torchvision builds it: a 7x7 stem, four stages of
    basic (18, 34 layers) or bottleneck blocks (50, 101, 152), global average pooling and
    Dense(1000)."""
    counts = {
        18: (2, 2, 2, 2),
        34: (3, 4, 6, 3),
        50: (3, 4, 6, 3),
        101: (3, 4, 23, 3),
        152: (3, 8, 36, 3),
    }[depth]
    block = ResidualBlock if depth < 50 else BottleneckBlock
    blocks: list[LayerSpec] = []
    for stage, (filters, repeat) in enumerate(zip((64, 128, 256, 512), counts, strict=True)):
        stride = 1 if stage == 0 else 2
        blocks += [block(filters=filters, stride=stride)]
        blocks += [block(filters=filters) for _ in range(repeat - 1)]
    return ModelSpec(
        (3, 224, 224),
        (
            Conv2D(filters=64, kernel_size=7, stride=2, padding=3, use_bias=False),
            BatchNormalization(),
            ReLU(),
            MaxPooling2D(pool_size=3, stride=2, padding=1),
            *blocks,
            GlobalAveragePooling2D(),
            Dense(units=1000),
        ),
        f"resnet{depth}",
    )


# MobileNetV2's stages (Sandler et al. 2018, Table 2): expansion t, filters c, blocks n, stride s.
MOBILENET_V2_STAGES: tuple[tuple[int, int, int, int], ...] = (
    (1, 16, 1, 1),
    (6, 24, 2, 2),
    (6, 32, 3, 2),
    (6, 64, 4, 2),
    (6, 96, 3, 1),
    (6, 160, 3, 2),
    (6, 320, 1, 1),
)


def mobilenet_v2() -> ModelSpec:
    """001:481's MobileNetV2 as Keras's `MobileNetV2()` builds it at 224x224: a strided 3x3
    Conv2D, 17 inverted residual blocks, a 1x1 Conv2D to 1280, global average pooling and
    Dense(1000, softmax); torchvision's has the same tensors (and a Dropout(0.2) before)."""
    blocks: list[LayerSpec] = [
        InvertedResidualBlock(filters=c, expansion=t, stride=s if i == 0 else 1)
        for t, c, n, s in MOBILENET_V2_STAGES
        for i in range(n)
    ]
    relu6 = ReLU(max_value=6.0)
    return ModelSpec(
        (3, 224, 224),
        (
            Conv2D(filters=32, kernel_size=3, stride=2, padding=1, use_bias=False),
            BatchNormalization(),
            relu6,
            *blocks,
            Conv2D(filters=1280, kernel_size=1, use_bias=False),
            BatchNormalization(),
            relu6,
            GlobalAveragePooling2D(),
            Dense(units=1000, activation="softmax"),
        ),
        "mobilenet_v2",
    )


def dropout_mlp() -> ModelSpec:
    """001's dropout example as printed: Flatten, Dropout(0.2) before each Dense, ELU and
    he_normal, and the slide's two Dropout(0.2) layers in a row before the output."""
    return ModelSpec(
        MNIST,
        (
            Flatten(),
            Dropout(rate=0.2),
            Dense(units=300, activation="elu", kernel_initializer="he_normal"),
            Dropout(rate=0.2),
            Dense(units=100, activation="elu", kernel_initializer="he_normal"),
            Dropout(rate=0.2),
            Dropout(rate=0.2),
            Dense(units=10, activation="softmax"),
        ),
        "dropout_mlp",
    )


def mobilenet_head() -> ModelSpec:
    """001's model_maker(): the new head on MobileNet's 7x7x1024 features at 224x224."""
    return ModelSpec(
        (1024, 7, 7),
        (
            GlobalAveragePooling2D(),
            Dense(units=64, activation="relu"),
            Dropout(rate=0.5),
            Dense(units=2, activation="softmax"),
        ),
        "mobilenet_head",
    )
