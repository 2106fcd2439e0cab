import re

from playwright.sync_api import expect

from dashboard.navigation import PAGES
from tests.e2e.accessibility import grave_violations
from tests.e2e.conftest import open_app_page, requests_elsewhere, screenshot


def test_home_page_links_every_page(page, server_url: str) -> None:
    elsewhere = requests_elsewhere(page, server_url)
    open_app_page(page, server_url, "")
    icon = page.locator("link[rel='shortcut icon'], link[rel='icon']").first
    expect(icon).to_have_attribute("href", re.compile(r"^(/|http://127\.0\.0\.1)"))
    expect(page.get_by_role("heading", name="CNN Lab").first).to_be_visible()
    for info in PAGES:
        link = page.locator("[data-testid='stPageLink']").get_by_text(info.title, exact=True)
        assert link.count() >= 1, f"no link to {info.title}"
    assert not elsewhere, elsewhere  # the tab's icon came from a font server once
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert grave_violations(page) == []  # axe: WCAG 2 A and AA (every other page: test_korean)
    screenshot(page, "home")
