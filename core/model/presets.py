"""The course's models, by name, with their titles and descriptions (msgids, shown with `_`)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from core.errors import SpecError
from core.i18n import N_, _
from core.model.cifar_resnets import cifar_net
from core.model.preset_specs import (
    CIFAR10,
    MNIST,
    alexnet,
    cifar10_cnn,
    cifar10_cpu,
    cifar10_fast,
    dropout_mlp,
    feature_extractor_classifier,
    mnist_cnn,
    mnist_fast,
    mnist_value,
    mobilenet_head,
    mobilenet_v2,
    resnet,
    vgg16,
    vgg_small,
)
from core.model.specs import ModelSpec

__all__ = ["CIFAR10", "MNIST", "PRESETS", "Preset", "get_preset"]


@dataclass(frozen=True)
class Preset:
    """A course model. `title` and `description` are msgids (marked with N_): show them with
    `_()`, in the session's language."""

    name: str
    title: str
    description: str
    make: Callable[[], ModelSpec]

    def spec(self) -> ModelSpec:
        return self.make()


PRESETS: dict[str, Preset] = {
    preset.name: preset
    for preset in (
        Preset(
            "mnist_1filter",
            N_("MNIST CNN, 1 filter per Conv2D"),
            N_("The course's smallest CNN: two 5x5 convolutions with a single filter each."),
            lambda: mnist_cnn(1, 1, "mnist_1filter"),
        ),
        Preset(
            "mnist_32_64",
            N_("MNIST CNN, 32 and 64 filters"),
            N_("The same CNN with 32 then 64 filters: far more parameters, far better features."),
            lambda: mnist_cnn(32, 64, "mnist_32_64"),
        ),
        Preset(
            "cifar10_cnn",
            N_("CIFAR-10 CNN"),
            N_(
                "004's model: three Conv2D(5x5, padding='same') + MaxPooling2D blocks on 32x32 "
                "colour images, then Dense(64) and Dense(10); 145,578 params."
            ),
            lambda: cifar10_cnn(False, "cifar10_cnn"),
        ),
        Preset(
            "cifar10_cnn_bn_dropout",
            N_("CIFAR-10 CNN with BatchNorm and Dropout"),
            N_(
                "004's later model: BatchNormalization and Dropout(0.25) after every block and "
                "after Dense(64)."
            ),
            lambda: cifar10_cnn(True, "cifar10_cnn_bn_dropout"),
        ),
        Preset(
            "feature_extractor_classifier",
            N_("Feature extractor + classifier"),
            N_(
                "Two blocks, as in transfer learning: a convolutional feature extractor and a "
                "Dense classifier, each with its own trainable flag."
            ),
            feature_extractor_classifier,
        ),
        Preset(
            "alexnet",
            N_("AlexNet (001's table)"),
            N_(
                "The 2012 ImageNet winner on 227x227x3 images as 001 lists it: 55x55x96 after "
                "CONV1, NORM1 and NORM2 (local response normalisation), ~62M params."
            ),
            alexnet,
        ),
        Preset(
            "vgg16",
            N_("VGG16"),
            N_(
                "001's model zoo and 003's VGGNet: 13 Conv2D(3x3) layers in five blocks, each "
                "block ending in MaxPooling2D, then Dense(4096) twice and Dense(1000) at "
                "224x224; 138,357,544 params, as Keras's table prints."
            ),
            vgg16,
        ),
        Preset(
            "vgg_small",
            N_("Small VGG-style net"),
            N_(
                "VGG's pattern on CIFAR-10: pairs of 3x3 convolutions, then pooling; doubling "
                "filters."
            ),
            vgg_small,
        ),
        Preset(
            "resnet18",
            N_("ResNet-18"),
            N_(
                "003's table, as torchvision's ResNet-18 at 224x224: basic blocks [2, 2, 2, 2], "
                "~11.7M params, 1.8 GFLOPs."
            ),
            lambda: resnet(18),
        ),
        Preset(
            "resnet34",
            N_("ResNet-34"),
            N_("003's table: basic blocks [3, 4, 6, 3], ~21.8M params, 3.6 GFLOPs."),
            lambda: resnet(34),
        ),
        Preset(
            "resnet50",
            N_("ResNet-50"),
            N_(
                "003's table: bottleneck blocks (1x1, 3x3, 1x1) [3, 4, 6, 3], ~25.6M params, "
                "3.8 GFLOPs (torchvision's count: 4.1)."
            ),
            lambda: resnet(50),
        ),
        Preset(
            "resnet101",
            N_("ResNet-101"),
            N_(
                "003's table: bottleneck blocks [3, 4, 23, 3], ~44.5M params, 7.6 GFLOPs "
                "(torchvision's count: 7.8)."
            ),
            lambda: resnet(101),
        ),
        Preset(
            "resnet152",
            N_("ResNet-152"),
            N_(
                "003's table: bottleneck blocks [3, 8, 36, 3], ~60.2M params, 11.3 GFLOPs "
                "(torchvision's count: 11.5)."
            ),
            lambda: resnet(152),
        ),
        Preset(
            "mobilenet_v2",
            N_("MobileNetV2"),
            N_(
                "001's MobileNetV2 at 224x224: 17 inverted residual blocks, each a 1x1 "
                "Conv2D that widens 6x, a 3x3 depthwise convolution (one filter per channel) "
                "and a 1x1 Conv2D that narrows, with no activation; 3,538,984 params, as "
                "Keras's table prints (3,504,872 trainable)."
            ),
            mobilenet_v2,
        ),
        Preset(
            "dropout_mlp",
            N_("Dropout MLP (ELU, he_normal)"),
            N_(
                "001's regularisation example: Dropout(0.2) before each Dense layer of an MNIST "
                "MLP with ELU activations and he_normal initialisation."
            ),
            dropout_mlp,
        ),
        Preset(
            "mobilenet_head",
            N_("MobileNet head"),
            N_(
                "001's transfer-learning head on MobileNet's 7x7x1024 features: "
                "GlobalAveragePooling2D, Dense(64), Dropout(0.5), Dense(2)."
            ),
            mobilenet_head,
        ),
        Preset(
            "mnist_fast",
            N_("Fast MNIST CNN"),
            N_(
                "Two 3x3 Conv2D + MaxPooling2D blocks (8, 16 filters) and Dense(64): ~99% test "
                "accuracy in under a minute of CPU training (`python -m core train`)."
            ),
            mnist_fast,
        ),
        Preset(
            "mnist_value",
            N_("MNIST CNN answering with a value"),
            N_(
                '003\'s first way to answer ("how much will it be?"): the fast MNIST CNN ending in '
                "Dense(1) with no activation. It learns each digit's number with the mean "
                "squared error; its class is the nearest number."
            ),
            mnist_value,
        ),
        Preset(
            "cifar10_fast",
            N_("Fast CIFAR-10 CNN"),
            N_(
                "Three 3x3 Conv2D + BatchNorm + MaxPooling2D blocks (16, 32, 64 filters), then "
                "Dense(10): small enough to train on a laptop CPU in minutes."
            ),
            cifar10_fast,
        ),
        Preset(
            "cifar10_cpu",
            N_("CIFAR-10 in minutes on a CPU"),
            N_(
                "After the airbench recipes for fast CIFAR-10 training, sized for a laptop CPU: "
                "a stem Conv2D, then three blocks of Conv2D, MaxPooling2D, BatchNorm and a "
                "second Conv2D (48, 96, 192 filters). Its fast recipe: crops and flips, "
                "Nesterov SGD with a one-cycle rate, label smoothing and flip test-time "
                "augmentation."
            ),
            cifar10_cpu,
        ),
        *(
            Preset(
                f"{kind}{depth}",
                title,
                N_(
                    "003's degradation problem (He et al., Figure 1): the CIFAR-10 network of "
                    "6n + 2 layers, 16, 32 and 64 filters. A plain net stacks the layers; a "
                    "ResNet adds a shortcut around every two. Race them on the Train page."
                ),
                functools.partial(cifar_net, depth, kind == "resnet"),
            )
            for kind, depth, title in (
                ("plain", 20, N_("Plain-20 (CIFAR-10)")),
                ("plain", 56, N_("Plain-56 (CIFAR-10)")),
                ("resnet", 20, N_("ResNet-20 (CIFAR-10)")),
                ("resnet", 56, N_("ResNet-56 (CIFAR-10)")),
            )
        ),
    )
}


def get_preset(name: str) -> ModelSpec:
    """The spec of a preset by name; an unknown name raises SpecError listing the names."""
    if name not in PRESETS:
        raise SpecError(
            _("Unknown preset {name}. Presets: {names}.").format(
                name=repr(name), names=", ".join(PRESETS)
            )
        )
    return PRESETS[name].spec()
