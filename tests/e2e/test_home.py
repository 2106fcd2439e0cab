import re

import pytest
from playwright.sync_api import expect

from dashboard.navigation import PAGES
from tests.e2e.accessibility import grave_violations
from tests.e2e.conftest import open_app_page, requests_elsewhere, screenshot, wait_idle


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


@pytest.mark.parametrize("info", PAGES, ids=lambda info: info.id)
def test_sidebar_link_opens_the_page(shared_page, server_url: str, info) -> None:
    """A student clicks each page in the sidebar: it opens with its title and no error."""
    page = shared_page
    open_app_page(page, server_url, "")
    nav = page.locator("[data-testid='stSidebarNav']")
    nav.get_by_role("link", name=info.title, exact=True).click()
    expect(page).to_have_url(re.compile(rf"/{info.id}(\?|$)"))
    wait_idle(page)
    page.get_by_role("heading", name=info.title).first.wait_for(timeout=90_000)
    assert page.locator("[data-testid='stException']").count() == 0
