"""An AppTest smoke test for every page in the navigation: it runs without an exception, in
Korean with no English text (bar the course's English names) and in the course's own words
(core/course/terms.py), and in English with no Korean."""

import re

import pytest

from core.course.terms import strays
from core.i18n import using_language
from dashboard.navigation import HOME, PAGES
from tests.dashboard.apptest import open_page, page_file
from tests.dashboard.shown_text import has_korean, is_english, shown_texts


@pytest.mark.parametrize("page", [HOME, *PAGES], ids=lambda page: page.id)
def test_page_runs_without_exception(page) -> None:
    at = open_page(page.id)
    assert not at.exception, at.exception
    assert at.title, f"{page.title} has no title"


def _open_in(language: str, page_id: str):
    from streamlit.testing.v1 import AppTest

    from tests.dashboard.apptest import APP

    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = language
    # AppTest formats select options on this thread: it speaks the page's language too.
    with using_language(language):
        at.run()
        at.switch_page(page_file(page_id)).run()
        return at, list(shown_texts(at))


@pytest.mark.parametrize("page", [HOME, *PAGES], ids=lambda page: page.id)
def test_page_runs_in_korean_with_no_english_text(page) -> None:
    at, texts = _open_in("ko", page.id)
    assert not at.exception, at.exception
    title = at.title[0].value
    assert re.search("[가-힣]", title) or title == "CNN Lab", title
    english = [f"{kind}: {text[:100]}" for kind, text in texts if is_english(text)]
    assert not english, english
    # The course's words (core/course/terms.py): 레이어, 컨볼루션, 파인 튜닝...
    others = [f"{kind}: {place}" for kind, text in texts for place in strays(text)]
    assert not others, others


@pytest.mark.parametrize(
    "page",
    [p for p in (HOME, *PAGES) if p.id != "glossary"],  # the glossary is bilingual
    ids=lambda page: page.id,
)
def test_page_in_english_shows_no_korean(page) -> None:
    at, texts = _open_in("en", page.id)
    assert not at.exception, at.exception
    korean = [f"{kind}: {text[:100]}" for kind, text in texts if has_korean(text)]
    korean = [t for t in korean if "언어" not in t and "한국어" not in t]  # the language switch
    assert not korean, korean
