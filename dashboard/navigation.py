"""The one list of pages: the app's navigation and the home page both read it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from core.i18n import N_

PAGES_DIR = Path(__file__).resolve().parent.parent / "pages"


@dataclass(frozen=True)
class PageInfo:
    """A page of the lab: its file in `pages/`, its title, and one line for the home page."""

    file: str
    title: str
    icon: str
    section: str
    blurb: str
    url_path: str

    @property
    def path(self) -> Path:
        return PAGES_DIR / self.file


HOME = PageInfo(
    "home.py",
    N_("Home"),
    ":material/home:",
    N_("CNN Lab"),
    N_("What the lab offers."),
    "home",
)

# Later pages add themselves here; the order is the order of the sidebar.
PAGES: list[PageInfo] = [
    PageInfo(
        "course.py",
        N_("Course exercises"),
        ":material/school:",
        N_("Course"),
        N_(
            "Every exercise of the course documents, by document and section: one click sets up "
            "the model, data and training settings, and a run is put beside the document's figure."
        ),
        "course",
    ),
    PageInfo(
        "glossary.py",
        N_("Glossary"),
        ":material/translate:",
        N_("Course"),
        N_("The course's terms in Korean and English: a one-line meaning and the formula."),
        "glossary",
    ),
    PageInfo(
        "builder.py",
        N_("Build a CNN"),
        ":material/stacks:",
        N_("Build"),
        N_(
            "Stack Conv2D, MaxPooling2D, Flatten and Dense layers and watch the "
            "Output Shape and Param # of every layer, with the formula behind each number."
        ),
        "builder",
    ),
    PageInfo(
        "convolution.py",
        N_("Convolution"),
        ":material/grid_on:",
        N_("See it work"),
        N_(
            "Watch a Conv2D kernel slide over an image one window at a time: the products, "
            "their sum and the feature map, with stride, padding and dilation."
        ),
        "convolution",
    ),
    PageInfo(
        "pooling.py",
        N_("Pooling"),
        ":material/grid_view:",
        N_("See it work"),
        N_("Watch MaxPooling2D and average pooling shrink a feature map, window by window."),
        "pooling",
    ),
    PageInfo(
        "datasets.py",
        N_("Datasets"),
        ":material/photo_library:",
        N_("Data"),
        N_(
            "Look at MNIST, Fashion-MNIST, CIFAR-10 or your own photos: samples per class, "
            "class counts, mean and std, one batch as an (N, C, H, W) tensor, and a quality check."
        ),
        "datasets",
    ),
    PageInfo(
        "augmentation.py",
        N_("Augmentation"),
        ":material/auto_awesome_motion:",
        N_("Data"),
        N_(
            "Compose flips, crops, rotations, colour changes, blur, noise and erasing; preview "
            "seeded augmented versions labelled with what was drawn; export as PyTorch or JSON."
        ),
        "augmentation",
    ),
    PageInfo(
        "training.py",
        N_("Train"),
        ":material/model_training:",
        N_("Training"),
        N_(
            "Train a model with live loss and accuracy charts; pause, stop, change the learning "
            "rate while it runs, or race optimizers against each other."
        ),
        "training",
    ),
    PageInfo(
        "runs.py",
        N_("Runs & evaluation"),
        ":material/leaderboard:",
        N_("Training"),
        N_(
            "Compare saved runs and their settings, continue one, and evaluate it on the test "
            "set: per-class scores, a confusion matrix that opens the misclassified images."
        ),
        "runs",
    ),
    PageInfo(
        "inside.py",
        N_("Inside a trained network"),
        ":material/visibility:",
        N_("Inside the network"),
        N_(
            "Open a trained model: every layer's feature maps, the first filters, dead units, "
            "and for one image its top-5 guesses and a Grad-CAM heatmap of where it looked."
        ),
        "inside",
    ),
    PageInfo(
        "transfer.py",
        N_("Transfer learning"),
        ":material/swap_horiz:",
        N_("Transfer learning"),
        N_(
            "Fine-tune a pretrained CNN on your own photos (monkey or human?): freeze the base, "
            "train a new head, or race the three strategies and scratch vs pretrained."
        ),
        "transfer",
    ),
    PageInfo(
        "predict_photo.py",
        N_("Test a photo"),
        ":material/photo_camera:",
        N_("Transfer learning"),
        N_(
            "Upload a photo or take one: the top classes with their probabilities, the "
            "preprocessing steps, and a Grad-CAM heatmap of what the model looked at."
        ),
        "test-photo",
    ),
]


# The teacher's page, listed only for the teacher of a class (classroom mode).
CLASS_BOARD = PageInfo(
    "classroom.py",
    N_("Class board"),
    ":material/groups:",
    N_("Class"),
    N_("Every student's runs, live: stop any, download the class's results."),
    "class",
)


def sections(teacher: bool = False) -> dict[str, list[PageInfo]]:
    """Pages grouped by sidebar section, in order, home first (the class board last, for the
    teacher of a class)."""
    grouped: dict[str, list[PageInfo]] = {HOME.section: [HOME]}
    for page in [*PAGES, CLASS_BOARD] if teacher else PAGES:
        grouped.setdefault(page.section, []).append(page)
    return grouped
