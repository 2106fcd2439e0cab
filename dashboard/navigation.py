"""The one list of pages: the app's navigation and the home page both read it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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
    "Home",
    ":material/home:",
    "CNN Lab",
    "What the lab offers.",
    "home",
)

# Later pages add themselves here; the order is the order of the sidebar.
PAGES: list[PageInfo] = [
    PageInfo(
        "builder.py",
        "Build a CNN",
        ":material/stacks:",
        "Build",
        "Stack Conv2D, MaxPooling2D, Flatten and Dense layers and watch the "
        "Output Shape and Param # of every layer, with the formula behind each number.",
        "builder",
    ),
]


def sections() -> dict[str, list[PageInfo]]:
    """Pages grouped by sidebar section, in order, home first."""
    grouped: dict[str, list[PageInfo]] = {HOME.section: [HOME]}
    for page in PAGES:
        grouped.setdefault(page.section, []).append(page)
    return grouped
