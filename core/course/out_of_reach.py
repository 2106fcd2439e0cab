"""What the course does that the lab cannot do offline, or does not do, and why: the Course
page says so beside the exercises, each with the document line it comes from."""

from __future__ import annotations

from dataclasses import dataclass

from core.i18n import N_


@dataclass(frozen=True)
class OutOfReach:
    where: str  # document:line
    quote: str  # the document's words at that line (checked by the tests)
    what: str  # msgid: what the course does
    instead: str  # msgid: what the lab does instead, and why


OUT_OF_REACH: tuple[OutOfReach, ...] = (
    OutOfReach(
        "000:461",
        "models.resnet18(pretrained = True)",
        N_("ResNet18's ImageNet weights (000), MobileNet's (001, 002) and ResNet50's (001)"),
        N_(
            "They download from the internet. Offline, EfficientNet-Lite0, whose weights come "
            "with the lab's packages, takes their place; online, Transfer learning offers "
            "torchvision's ResNet18, ResNet50 and MobileNetV3 too."
        ),
    ),
    OutOfReach(
        "000:303",
        "EMNIST",
        N_("EMNIST, the handwritten letters"),
        N_(
            "Online only: the Datasets page downloads EMNIST Letters (about 560 MB from "
            "NIST's server, which a classroom without the internet cannot reach). MNIST and "
            "Fashion-MNIST come with the lab; CIFAR-10 can be imported from a folder."
        ),
    ),
    OutOfReach(
        "001:441",
        "Download labeled images of cats and dogs",
        N_("Kaggle's cats and dogs (001 exercise 19-3)"),
        N_("Offline, the lab uses CIFAR-10's cats and dogs: small 32×32 photos, enlarged."),
    ),
    OutOfReach(
        "000:471",
        "maximum_epoch = 10",
        N_("000's whole-network ResNet18 recipe at full length (10 epochs at lr 1e-5)"),
        N_(
            "A laptop CPU takes minutes per epoch to train a whole network on photos at "
            "224×224: the card runs it, the measured figures give the lab's shorter head-only "
            "run."
        ),
    ),
)
