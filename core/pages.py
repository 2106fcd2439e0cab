"""The lab's pages, one id each: the id names the page's file (`pages/<id>.py`), its address
(`/<id>`), and every link to it, from the engine (a course exercise's page, a checklist step)
and from the dashboard (navigation, the home page, "Set it up", "open in Train"). The
dashboard turns an id into Streamlit's page (dashboard/navigation.py); tests/test_pages.py
fails when a file, a link or an address names a page that is not here.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.i18n import N_, _


@dataclass(frozen=True)
class PageInfo:
    """A page of the lab: its id, title, sidebar icon and section, and one line for the home
    page (texts are msgids, shown with _())."""

    id: str
    title: str
    icon: str
    section: str
    blurb: str

    @property
    def file(self) -> str:
        """Its file in `pages/`."""
        return f"{self.id}.py"


HOME = PageInfo(
    "home",
    N_("Home"),
    ":material/home:",
    N_("CNN Lab"),
    N_("What the lab offers."),
)

# Later pages add themselves here; the order is the order of the sidebar.
PAGES: tuple[PageInfo, ...] = (
    PageInfo(
        "course",
        N_("Course exercises"),
        ":material/school:",
        N_("Course"),
        N_(
            "Every exercise of the course documents, by document and section: one click sets up "
            "the model, data and training settings, and a run is put beside the document's figure."
        ),
    ),
    PageInfo(
        "lesson",
        N_("Lesson plans"),
        ":material/co_present:",
        N_("Course"),
        N_(
            "A plan per course document, step by step: the page and settings, what to show, "
            "a question with its answer. In a class the teacher brings everyone along."
        ),
    ),
    PageInfo(
        "glossary",
        N_("Glossary"),
        ":material/translate:",
        N_("Course"),
        N_("The course's terms in Korean and English: a one-line meaning and the formula."),
    ),
    PageInfo(
        "builder",
        N_("Build a CNN"),
        ":material/stacks:",
        N_("Build"),
        N_(
            "Stack Conv2D, MaxPooling2D, Flatten and Dense layers and watch the "
            "Output Shape and Param # of every layer, with the formula behind each number."
        ),
    ),
    PageInfo(
        "convolution",
        N_("Convolution"),
        ":material/grid_on:",
        N_("See it work"),
        N_(
            "Watch a Conv2D kernel slide over an image one window at a time: the products, "
            "their sum and the feature map, with stride, padding and dilation."
        ),
    ),
    PageInfo(
        "pooling",
        N_("Pooling"),
        ":material/grid_view:",
        N_("See it work"),
        N_("Watch MaxPooling2D and average pooling shrink a feature map, window by window."),
    ),
    PageInfo(
        "datasets",
        N_("Datasets"),
        ":material/photo_library:",
        N_("Data"),
        N_(
            "Look at MNIST, Fashion-MNIST, CIFAR-10 or your own photos: samples per class, "
            "class counts, mean and std, one batch as an (N, C, H, W) tensor, and a quality check."
        ),
    ),
    PageInfo(
        "augmentation",
        N_("Augmentation"),
        ":material/auto_awesome_motion:",
        N_("Data"),
        N_(
            "Compose flips, crops, rotations, colour changes, blur, noise and erasing; preview "
            "seeded augmented versions labelled with what was drawn; export as PyTorch or JSON."
        ),
    ),
    PageInfo(
        "training",
        N_("Train"),
        ":material/model_training:",
        N_("Training"),
        N_(
            "Train a model with live loss and accuracy charts; pause, stop, change the learning "
            "rate while it runs, or race optimizers against each other."
        ),
    ),
    PageInfo(
        "runs",
        N_("Runs & evaluation"),
        ":material/leaderboard:",
        N_("Training"),
        N_(
            "Compare saved runs and their settings, continue one, and evaluate it on the test "
            "set: per-class scores, a confusion matrix that opens the misclassified images."
        ),
    ),
    PageInfo(
        "inside",
        N_("Inside a trained network"),
        ":material/visibility:",
        N_("Inside the network"),
        N_(
            "Open a trained model: every layer's feature maps, the first filters, dead units, "
            "and for one image its top-5 guesses and a Grad-CAM heatmap of where it looked."
        ),
    ),
    PageInfo(
        "transfer",
        N_("Transfer learning"),
        ":material/swap_horiz:",
        N_("Transfer learning"),
        N_(
            "Fine-tune a pretrained CNN on your own photos (monkey or human?): freeze the base, "
            "train a new head, or race the three strategies and scratch vs pretrained."
        ),
    ),
    PageInfo(
        "test_photo",
        N_("Test a photo"),
        ":material/photo_camera:",
        N_("Transfer learning"),
        N_(
            "Upload a photo or take one: the top classes with their probabilities, the "
            "preprocessing steps, and a Grad-CAM heatmap of what the model looked at."
        ),
    ),
)


# The teacher's page, listed only for the teacher of a class (classroom mode).
CLASS_BOARD = PageInfo(
    "class",
    N_("Class board"),
    ":material/groups:",
    N_("Class"),
    N_("Every student's runs, live: stop any, download the class's results."),
)


# A class's students do not see the teacher's plans (their questions come with answers).
TEACHERS_IN_CLASS = ("lesson",)

ALL_PAGES: dict[str, PageInfo] = {page.id: page for page in (HOME, *PAGES, CLASS_BOARD)}


def page(page_id: str) -> PageInfo:
    """The page with this id; a KeyError naming the known ids for any other."""
    if page_id not in ALL_PAGES:
        raise KeyError(
            _("no page {page}; the pages are {pages}").format(
                page=repr(page_id), pages=", ".join(ALL_PAGES)
            )
        )
    return ALL_PAGES[page_id]
