from dashboard.navigation import PAGES
from tests.e2e.conftest import open_app_page, screenshot


def test_home_page_links_every_page(page, server_url: str) -> None:
    open_app_page(page, server_url, "")
    assert page.get_by_role("heading", name="CNN Lab").first.is_visible()
    for info in PAGES:
        link = page.locator("[data-testid='stPageLink']").get_by_text(info.title, exact=True)
        assert link.count() >= 1, f"no link to {info.title}"
    screenshot(page, "home")
