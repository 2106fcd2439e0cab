"""An AppTest smoke test for every page in the navigation: it runs without an exception."""

import pytest

from dashboard.navigation import HOME, PAGES
from tests.dashboard.apptest import open_page


@pytest.mark.parametrize("page", [HOME, *PAGES], ids=lambda page: page.url_path)
def test_page_runs_without_exception(page) -> None:
    at = open_page(page.file)
    assert not at.exception, at.exception
    assert at.title, f"{page.title} has no title"


@pytest.mark.parametrize("page", [HOME, *PAGES], ids=lambda page: page.url_path)
def test_page_runs_in_korean(page) -> None:
    import re

    from streamlit.testing.v1 import AppTest

    from tests.dashboard.apptest import APP

    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "ko"
    at.run()
    at.switch_page(f"../pages/{page.file}").run()
    assert not at.exception, at.exception
    title = at.title[0].value
    assert re.search("[가-힣]", title) or title == "CNN Lab", title
    texts = [e.value for e in (*at.caption, *at.markdown, *at.subheader, *at.info)]
    korean = [t for t in texts if re.search("[가-힣]", t)]
    assert len(korean) >= len(texts) // 2, [t for t in texts if t not in korean][:10]
