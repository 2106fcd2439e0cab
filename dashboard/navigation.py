"""The pages as Streamlit knows them: the app's navigation, the home page and every link read
core.pages, where each page has one id (its file `pages/<id>.py`, its address `/<id>`)."""

from __future__ import annotations

import copy
from typing import Any

import streamlit as st

from core.i18n import _
from core.pages import CLASS_BOARD, HOME, PAGES, TEACHERS_IN_CLASS, PageInfo, page
from core.paths import PAGES_DIR

__all__ = ["CLASS_BOARD", "HOME", "PAGES", "PageInfo", "go_to", "link_to", "page_file"]


def page_file(page_id: str) -> str:
    """The page's file, as st.Page, st.switch_page and st.page_link take it; a KeyError for
    an id core.pages does not know."""
    return (PAGES_DIR / page(page_id).file).as_posix()


def go_to(page_id: str) -> None:
    """Open that page now (st.switch_page)."""
    st.switch_page(page_file(page_id))


def link_to(page_id: str, label: str | None = None, icon: str | None = None) -> None:
    """A link to that page: its title and icon unless `label` or `icon` says otherwise."""
    info = page(page_id)
    st.page_link(page_file(page_id), label=label or _(info.title), icon=icon or info.icon)


def sections(teacher: bool = False, student: bool = False) -> dict[str, list[PageInfo]]:
    """Pages grouped by sidebar section, in order, home first (the class board last, for the
    teacher of a class; the teacher's plans not for a class's student)."""
    grouped: dict[str, list[PageInfo]] = {HOME.section: [HOME]}
    for info in [*PAGES, CLASS_BOARD] if teacher else PAGES:
        if not (student and info.id in TEACHERS_IN_CLASS):
            grouped.setdefault(info.section, []).append(info)
    return grouped


def pages_for_this_run(built: list[Any]) -> list[Any]:
    """This run's own copies of the session's st.Page objects (cheap: the resolved paths are
    copied). st.navigation marks the page it returns as callable once and page.run() clears
    the mark; under load a stopped run's thread still reached page.run() after the next run's
    st.navigation, used up the shared page's mark, and the student saw "This page cannot be
    called directly" (CI, the lesson browser test's phone student on Pooling)."""
    return [copy.copy(page) for page in built]
