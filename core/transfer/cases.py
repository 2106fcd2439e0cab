"""003's four transfer-learning cases: how much of a pretrained network to train, from the
size of the new data set and how similar it is to what the network was trained on."""

from __future__ import annotations

from dataclasses import dataclass

from core.i18n import N_, get_language

# A built-in dataset gives transfer learning this many training images per class at first
# (002: MobileNet on Fashion-MNIST); the backbone sees each at 224x224, so more costs minutes.
BUILTIN_PER_CLASS = 100
# Below about this many images per class a data set counts as small: whole networks
# overfit it. 000:450-452 gives the number: at most 1,000 photos per class ("class당 최대
# 1,000장") and the rule of thumb of 1,000 images per class.
SMALL_PER_CLASS = 1000


@dataclass(frozen=True)
class Case:
    number: int
    title: str  # in 003's words (its Korean heading): shown as it is on a Korean page
    strategy: str  # core.transfer.net.STRATEGIES
    advice: str  # English, marked with N_; shown with _()
    english: str = ""  # the heading on an English page

    def heading(self) -> str:
        """003's heading for a Korean page; its English words for an English one."""
        return self.title if get_language() == "ko" else self.english


CASES: dict[tuple[bool, bool], Case] = {
    # (large, similar)
    (True, False): Case(
        1,
        "Large & 다른 Dataset",
        "full",
        N_(
            "Train the convolution layers and the FC layer, at a tenth of the original "
            "learning rate: too large a rate would retrain the network from scratch."
        ),
        english="Large & different dataset",
    ),
    (True, True): Case(
        2,
        "Large & 유사 Dataset",
        "partial",
        N_(
            "Train only the later convolution layers and the FC layer (lr 0 for the frozen "
            "ones, a tenth of the original for the rest): the early layers' lines and colours "
            "fit."
        ),
        english="Large & similar dataset",
    ),
    (False, False): Case(
        3,
        "Small & 다른 Dataset",
        "partial",
        N_(
            "The hardest case: training every convolution layer would overfit. Choose "
            "carefully how many of the last layers to train, train the FC layer, and augment "
            "the data."
        ),
        english="Small & different dataset",
    ),
    (False, True): Case(
        4,
        "Small & 유사 Dataset",
        "head",
        N_("Train the FC layer only: the convolution layers stay as they are."),
        english="Small & similar dataset",
    ),
}


def recommend(images_per_class: float, similar: bool) -> Case:
    """003's case for a data set of this size and similarity, with its strategy."""
    return CASES[(images_per_class >= SMALL_PER_CLASS, similar)]
