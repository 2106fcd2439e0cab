"""The course's models, by name, as ModelSpecs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.errors import SpecError
from core.model.layers.activations import ReLU
from core.model.layers.conv import Conv2D, GlobalAveragePooling2D, MaxPooling2D
from core.model.layers.dense import BatchNormalization, Dense, Dropout, Flatten
from core.model.layers.residual import ResidualBlock
from core.model.specs import LayerSpec, ModelSpec

MNIST = (1, 28, 28)
CIFAR10 = (3, 32, 32)


@dataclass(frozen=True)
class Preset:
    name: str
    title: str
    description: str
    make: Callable[[], ModelSpec]

    def spec(self) -> ModelSpec:
        return self.make()


def _mnist_cnn(filters1: int, filters2: int, name: str) -> ModelSpec:
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


def _cifar10_cnn(batchnorm_dropout: bool, name: str) -> ModelSpec:
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


def _feature_extractor_classifier(n_out: int = 10) -> ModelSpec:
    """000's CNN_sum on CIFAR-10's 32x32x3 images: conv_maxpool_layers (flatten: 2048) then
    fc_layers, two blocks each with its own trainable flag."""
    features = {"block": "feature_extractor"}
    classifier = {"block": "classifier"}
    return ModelSpec(
        CIFAR10,
        (
            Conv2D(filters=16, kernel_size=3, padding="same", activation="relu", **features),
            Conv2D(
                filters=32, kernel_size=3, stride=2, padding="same", activation="relu", **features
            ),
            MaxPooling2D(pool_size=2, **features),
            Flatten(**classifier),
            Dense(units=128, activation="relu", **classifier),
            Dense(units=n_out, activation="softmax", **classifier),
        ),
        "feature_extractor_classifier",
    )


def _mnist_fast() -> ModelSpec:
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


def _cifar10_fast() -> ModelSpec:
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


def _alexnet() -> ModelSpec:
    """AlexNet as in the CS231n table (one tower, 96 first filters; LRN layers left out)."""
    return ModelSpec(
        (3, 227, 227),
        (
            Conv2D(filters=96, kernel_size=11, stride=4, activation="relu"),
            MaxPooling2D(pool_size=3, stride=2),
            Conv2D(filters=256, kernel_size=5, padding=2, activation="relu"),
            MaxPooling2D(pool_size=3, stride=2),
            Conv2D(filters=384, kernel_size=3, padding=1, activation="relu"),
            Conv2D(filters=384, kernel_size=3, padding=1, activation="relu"),
            Conv2D(filters=256, kernel_size=3, padding=1, activation="relu"),
            MaxPooling2D(pool_size=3, stride=2),
            Flatten(),
            Dense(units=4096, activation="relu"),
            Dropout(rate=0.5),
            Dense(units=4096, activation="relu"),
            Dropout(rate=0.5),
            Dense(units=1000, activation="softmax"),
        ),
        "alexnet",
    )


def _vgg_small() -> ModelSpec:
    """Three VGG blocks (two 3x3 convolutions, then pooling) for CIFAR-10 images."""
    layers: list[LayerSpec] = []
    for filters in (32, 64, 128):
        for _ in range(2):
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


def _resnet18() -> ModelSpec:
    """torchvision's ResNet-18: a 7x7 stem, four stages of two residual blocks, GAP, Dense."""
    blocks = []
    for filters, stride in ((64, 1), (128, 2), (256, 2), (512, 2)):
        blocks += [
            ResidualBlock(filters=filters, stride=stride),
            ResidualBlock(filters=filters),
        ]
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
        "resnet18",
    )


PRESETS: dict[str, Preset] = {
    preset.name: preset
    for preset in (
        Preset(
            "mnist_1filter",
            "MNIST CNN, 1 filter per Conv2D",
            "The course's smallest CNN: two 5x5 convolutions with a single filter each.",
            lambda: _mnist_cnn(1, 1, "mnist_1filter"),
        ),
        Preset(
            "mnist_32_64",
            "MNIST CNN, 32 and 64 filters",
            "The same CNN with 32 then 64 filters: far more parameters, far better features.",
            lambda: _mnist_cnn(32, 64, "mnist_32_64"),
        ),
        Preset(
            "cifar10_cnn",
            "CIFAR-10 CNN",
            "004's model: three Conv2D(5x5, padding='same') + MaxPooling2D blocks on 32x32 "
            "colour images, then Dense(64) and Dense(10); 145,578 params.",
            lambda: _cifar10_cnn(False, "cifar10_cnn"),
        ),
        Preset(
            "cifar10_cnn_bn_dropout",
            "CIFAR-10 CNN with BatchNorm and Dropout",
            "004's later model: BatchNormalization and Dropout(0.25) after every block and "
            "after Dense(64).",
            lambda: _cifar10_cnn(True, "cifar10_cnn_bn_dropout"),
        ),
        Preset(
            "feature_extractor_classifier",
            "Feature extractor + classifier",
            "Two blocks, as in transfer learning: a convolutional feature extractor and a "
            "Dense classifier, each with its own trainable flag.",
            _feature_extractor_classifier,
        ),
        Preset(
            "alexnet",
            "AlexNet (CS231n table)",
            "The 2012 ImageNet winner on 227x227x3 images: 55x55x96 after conv1, ~62M params.",
            _alexnet,
        ),
        Preset(
            "vgg_small",
            "Small VGG-style net",
            "VGG's pattern on CIFAR-10: pairs of 3x3 convolutions, then pooling; doubling filters.",
            _vgg_small,
        ),
        Preset(
            "resnet18",
            "ResNet-18",
            "torchvision's ResNet-18 at 224x224: residual blocks, ~11.7M params, ~1.8 GFLOPs.",
            _resnet18,
        ),
        Preset(
            "mnist_fast",
            "Fast MNIST CNN",
            "Two 3x3 Conv2D + MaxPooling2D blocks (8, 16 filters) and Dense(64): ~99% test "
            "accuracy in under a minute of CPU training (`python -m core train`).",
            _mnist_fast,
        ),
        Preset(
            "cifar10_fast",
            "Fast CIFAR-10 CNN",
            "Three 3x3 Conv2D + BatchNorm + MaxPooling2D blocks (16, 32, 64 filters), then "
            "Dense(10): small enough to train on a laptop CPU in minutes.",
            _cifar10_fast,
        ),
    )
}


def get_preset(name: str) -> ModelSpec:
    """The spec of a preset by name; an unknown name raises SpecError listing the names."""
    if name not in PRESETS:
        raise SpecError(f"Unknown preset {name!r}. Presets: {', '.join(PRESETS)}.")
    return PRESETS[name].spec()
