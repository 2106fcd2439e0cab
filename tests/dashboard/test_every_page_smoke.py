"""An AppTest smoke test for every page in the navigation: it runs without an exception."""

import pytest

from dashboard.navigation import HOME, PAGES
from tests.dashboard.apptest import open_page


@pytest.mark.parametrize("page", [HOME, *PAGES], ids=lambda page: page.url_path)
def test_page_runs_without_exception(page) -> None:
    at = open_page(page.file)
    assert not at.exception, at.exception
    assert at.title, f"{page.title} has no title"
