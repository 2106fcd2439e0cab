"""One id per page (core.pages): its file, its address and every link use it, and nothing
else in the code names a page file or address, so a renamed page cannot break a link
silently."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from core.course.exercises import EXERCISES, Exercise
from core.pages import ALL_PAGES, page
from core.training.checklist import Step

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = {ROOT / "core" / "pages.py", ROOT / "dashboard" / "navigation.py"}


def test_every_page_has_its_file_and_every_file_is_a_page() -> None:
    files = {path.name for path in (ROOT / "pages").glob("*.py")}
    assert files == {info.file for info in ALL_PAGES.values()}
    for info in ALL_PAGES.values():
        assert re.fullmatch(r"[a-z][a-z_]*", info.id), info.id  # a file name and an address


def test_every_link_from_the_engine_names_a_page() -> None:
    assert {item.page for item in EXERCISES} <= set(ALL_PAGES)
    with pytest.raises(KeyError, match=r"no page 'predict_photo'; the pages are home, "):
        page("predict_photo")
    with pytest.raises(KeyError):
        Exercise("x", "004", "s", "t", "page", "convolution.py")  # a file name is no id
    with pytest.raises(KeyError):
        Step("Split the data", False, "", "train")


def _code_files() -> list[Path]:
    folders = ("core", "dashboard", "pages", "bench")
    return [p for f in folders for p in (ROOT / f).rglob("*.py") if p not in REGISTRY]


def test_no_page_file_or_address_outside_the_registry() -> None:
    """`pages/...` paths and `.py` names of pages appear only in core/pages.py and
    dashboard/navigation.py; links go through go_to / link_to / page_file with an id."""
    page_files = "|".join(re.escape(info.file) for info in ALL_PAGES.values())
    found = []
    for path in _code_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.search(rf"pages/|[\"'/]({page_files})[\"']|switch_page\(|page_link\(", line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []
