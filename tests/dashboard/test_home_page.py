from dashboard.navigation import PAGES
from tests.dashboard.apptest import open_page


def test_home_links_every_page() -> None:
    at = open_page("home.py")
    assert not at.exception
    titles = [page.title for page in PAGES]
    # page_link elements are not exposed by AppTest; check the captions each link carries.
    captions = [caption.value for caption in at.caption]
    for page in PAGES:
        assert page.blurb in captions, f"home page does not describe {page.title}"
    assert titles
