"""Every hands-on exercise of the course documents (../shared/course), with the settings
that reproduce it and the figure the document reports, so a run can be put beside it.

`kind` says where an exercise happens: "train" (the Train page, with `settings`), "page"
(a page that shows it, e.g. the convolution worked example), "photo" (Test a photo),
"transfer" (the Transfer page).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

DOCUMENTS = {
    "000": "000_7a63fc8c84f9b367.txt",
    "001": "001_113cd921adae38f8.txt",
    "002": "002_b724643fab375633.txt",
    "003": "003_8e751310c9f61f21.txt",
    "004": "004_886c5d985a21ffb2.txt",
}
# 004's training code: MY_EPOCH = 10, MY_BATCHSIZE = 200, optimizer="adam".
COURSE_TRAINING = {"optimizer": "adam", "lr": 1e-3, "batch_size": 200, "schedule": "constant"}


@dataclass(frozen=True)
class Exercise:
    id: str
    document: str  # "004"
    section: str  # the section heading, in the document's words
    title: str
    kind: str  # "train", "page", "photo" or "transfer"
    page: str  # the page that opens (a file in pages/)
    settings: dict[str, Any] = field(default_factory=dict)  # Train page: preset, dataset, ...
    reported: str = ""  # what the document reports, as it writes it
    reported_accuracy: float | None = None  # the accuracy to put a run beside
    note: str = ""

    @property
    def file(self) -> str:
        return DOCUMENTS[self.document]


def _train(epochs: int, **settings: Any) -> dict[str, Any]:
    return {**COURSE_TRAINING, "epochs": epochs, "train_limit": None, **settings}


EXERCISES: tuple[Exercise, ...] = (
    Exercise(
        "004-convolution",
        "004",
        "Convolution",
        "A 3x3 kernel over the 5x5 image: the first output is 4",
        "page",
        "convolution.py",
        reported="Convolved feature: 4 (first window)",
    ),
    Exercise(
        "004-max-pooling",
        "004",
        "Max-pooling",
        "2x2 max pooling with stride 2 over the 4x4 map: 2 3 / 4 2",
        "page",
        "pooling.py",
        reported="[[2, 3], [4, 2]]",
    ),
    Exercise(
        "004-mnist-1-filter",
        "004",
        "Model 구현",
        "MNIST CNN with 1 filter per Conv2D (Adam, batch 200, 10 epochs)",
        "train",
        "training.py",
        _train(10, preset="mnist_1filter", dataset="mnist"),
        reported="test accuracy 0.9488 (loss 0.1568) after 10 epochs",
        reported_accuracy=0.9488,
    ),
    Exercise(
        "004-mnist-32-64",
        "004",
        "채널 숫자 증가",
        "MNIST CNN with 32 and 64 filters (Adam, batch 200, 7 epochs)",
        "train",
        "training.py",
        _train(7, preset="mnist_32_64", dataset="mnist"),
        reported="test accuracy 0.9864 after 7 epochs (train 0.9941)",
        reported_accuracy=0.9864,
    ),
    Exercise(
        "004-cifar10-cnn",
        "004",
        "모델 설계",
        "CIFAR-10 CNN: three Conv2D + MaxPooling2D blocks (Adam, batch 200, 10 epochs)",
        "train",
        "training.py",
        _train(10, preset="cifar10_cnn", dataset="cifar10"),
        reported="training accuracy 0.7757 at epoch 10 (loss 0.6459)",
        reported_accuracy=0.7757,
        note="The document reports training accuracy; compare it with the run's last "
        "training accuracy, and look at validation to see the overfitting.",
    ),
    Exercise(
        "004-cifar10-bn-dropout",
        "004",
        "모델 변경",
        "The CIFAR-10 CNN with BatchNormalization and Dropout(0.25) (Adam, batch 200)",
        "train",
        "training.py",
        _train(10, preset="cifar10_cnn_bn_dropout", dataset="cifar10"),
        note="The document asks to train it again and compare with the first CIFAR-10 CNN.",
    ),
    Exercise(
        "004-fashion-mnist",
        "004",
        "Mini Project",
        "Mini project: the MNIST CNN (32/64 filters) on Fashion-MNIST",
        "train",
        "training.py",
        _train(7, preset="mnist_32_64", dataset="fashion_mnist"),
    ),
    Exercise(
        "000-feature-extractor",
        "000",
        "Model Summation",
        "CNN_sum: a feature extractor and a classifier, each with its own trainable flag",
        "train",
        "training.py",
        _train(10, preset="feature_extractor_classifier", dataset="cifar10", batch_size=64),
        note="Untick a block's trainable flag on Build a CNN to freeze it (fine tuning).",
    ),
    Exercise(
        "000-augmentation",
        "000",
        "Keras ImageGenerator",
        "ImageDataGenerator: rotation 2, zoom 0.1, shifts 0.1, horizontal flip",
        "page",
        "augmentation.py",
        note="Set it up fills the Augmentation lab's pipeline with these four steps; the "
        "exported code shows each as a torchvision v2 transform.",
    ),
    Exercise(
        "000-resnet18-transfer",
        "000",
        "Transfer Learning",
        "ResNet18 with a new fc (2 classes) and the three freezing strategies",
        "transfer",
        "transfer.py",
        {"course_recipe": True},
        note="The course's recipe is Adam lr 1e-5 with StepLR(3, 0.5) for 10 epochs. ResNet18's "
        "weights download from the internet; offline, EfficientNet-Lite0 takes its place.",
    ),
    Exercise(
        "002-mobilenet-fashion-mnist",
        "002",
        "MobileNet으로 Fashion MNIST 분류 모델 만들기",
        "A pretrained MobileNet on Fashion-MNIST: keep the features, a new 10-class output layer",
        "transfer",
        "transfer.py",
        {"photos": "fashion_mnist", "strategy": "head"},
        note="MobileNet's weights download from the internet; offline, EfficientNet-Lite0 "
        "takes its place with the same new head (100 training images per class).",
    ),
    Exercise(
        "001-imagenet-top3",
        "001",
        "실습과제 19-1",
        "A pretrained ImageNet CNN names a photo: its top-3 classes",
        "photo",
        "predict_photo.py",
        reported="cat.jpg: tabby 0.50, Egyptian_cat 0.22, tiger_cat 0.21 (ResNet50)",
        note="001 uses ResNet50; offline the lab uses EfficientNet-Lite0 (ImageNet, 1000 classes).",
    ),
    Exercise(
        "001-optimizers",
        "001",
        "Faster Optimizers",
        "Momentum, Nesterov, AdaGrad, RMSprop, Adam, Adamax, Nadam side by side",
        "train",
        "training.py",
        _train(3, preset="mnist_fast", dataset="mnist", train_limit=5000),
        note="Open the Race tab and race the optimizers on the same model and data.",
    ),
    Exercise(
        "001-lr-schedules",
        "001",
        "Learning Rate Scheduling",
        "Power, exponential, piecewise, performance and 1cycle scheduling",
        "train",
        "training.py",
        _train(6, preset="mnist_fast", dataset="mnist", train_limit=5000, schedule="1cycle"),
        note="Each schedule's preview follows 001's formula; the Race tab runs several at once.",
    ),
    Exercise(
        "001-dropout",
        "001",
        "Dropout",
        "The dropout MLP: Dropout(0.2), ELU and he_normal on Fashion-MNIST",
        "train",
        "training.py",
        _train(10, preset="dropout_mlp", dataset="fashion_mnist", batch_size=32),
    ),
    Exercise(
        "003-resnet",
        "003",
        "모델 구조",
        "ResNet-18, 34 and 50 from the table: read their summaries",
        "page",
        "builder.py",
    ),
)


def exercise(exercise_id: str) -> Exercise:
    """The exercise by id; KeyError names the known ones."""
    for item in EXERCISES:
        if item.id == exercise_id:
            return item
    raise KeyError(f"No exercise {exercise_id!r}; see `python -m core exercises`.")


def matching_runs(item: Exercise, runs: Iterable[Any]) -> list[Any]:
    """The runs (core.training.store.RunInfo) trained with the exercise's model, data,
    batch size and optimizer: the ones to put beside the document's figure."""
    keys = ("preset", "dataset", "optimizer", "batch_size")
    wanted = {key: item.settings[key] for key in keys if key in item.settings}
    if item.kind != "train" or not wanted:
        return []
    return [run for run in runs if all(run.config.get(k) == v for k, v in wanted.items())]


def listing() -> list[str]:
    """One line per exercise: its id, the document's file and section, its title."""
    return [f"{e.id}\t{e.file}\t{e.section}\t{e.title}" for e in EXERCISES]
