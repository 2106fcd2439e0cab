"""한국어 in a real browser: a Korean browser (locale ko-KR) opens the lab in Korean, the
glossary shows the course's terms, and ?lang=en switches back (and a reload keeps it).

The walks over every page also run axe (WCAG 2 A and AA) in each language: no serious or
critical violation, and the page's lang attribute says its language."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.accessibility import grave_violations
from tests.e2e.conftest import (
    expect_no_exception,
    navigate_in_app,
    requests_elsewhere,
    screenshot,
    wait_idle,
)


def _glossary_and_tooltip_checks(page, page_id: str) -> None:
    """On the walk's Glossary: the course's terms; on Train: the learning rate's tooltip ends
    with a link to its entry in the glossary."""
    if page_id == "glossary":
        expect(page.get_by_text("컨볼루션 (합성곱) · convolution (Conv2D)")).to_be_visible()
        expect(page.get_by_text("w ← w − η · ∂L/∂w")).to_be_visible()  # 학습률's formula
    if page_id == "training":
        expect(page.get_by_text("학습률", exact=True).first).to_be_visible()
        page.locator("[data-testid='stSlider']").filter(has_text="학습률").locator(
            "[data-testid='stTooltipIcon']"
        ).first.hover()
        link = page.get_by_role("link", name="학습률")
        expect(link).to_have_attribute("href", re.compile(r"glossary\?term=learning-rate"))
        page.mouse.move(0, 0)  # the tooltip closes


def test_a_korean_browser_walks_every_page_in_korean_and_the_url_can_switch(
    browser, server_url: str
) -> None:
    """A Korean browser (locale ko-KR, no ?lang) opens the lab in Korean; every page has a
    Korean heading, lang="ko", no serious axe violation and fetches nothing elsewhere; a
    tooltip's glossary link opens its term first; ?lang=en switches back (a reload keeps it)."""
    from dashboard.navigation import PAGES

    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="ko-KR")
    page = context.new_page()
    page.set_default_timeout(90_000)
    elsewhere = requests_elsewhere(page, server_url)  # offline means offline
    try:
        page.goto(server_url)  # no ?lang: the browser's language decides
        nav = page.locator("[data-testid='stSidebarNav']")
        expect(nav.get_by_role("link", name="CNN 만들기")).to_be_visible()
        expect(page.get_by_role("heading", name="강의")).to_be_visible()
        wait_idle(page)
        expect(page).to_have_url(re.compile(r"[?&]lang=ko"))
        expect(page.locator("html")).to_have_attribute("lang", "ko")
        assert grave_violations(page) == []  # the home page in Korean
        for info in PAGES:
            assert navigate_in_app(page, server_url, info.id), info.id
            wait_idle(page)  # the page's own heading, not the last one's
            heading = page.locator("[data-testid='stMainBlockContainer'] h1").first
            expect(heading).to_have_text(re.compile("[가-힣]"))
            expect_no_exception(page)
            expect(page.locator("html")).to_have_attribute("lang", "ko")
            assert grave_violations(page) == [], info.id
            assert elsewhere == [], info.id
            _glossary_and_tooltip_checks(page, info.id)
            screenshot(page, f"korean_{info.id}")

        page.goto(f"{server_url}/glossary?term=learning-rate&lang=ko")  # the tooltip's link
        first = page.locator("[class*='st-key-glossary-']:not(.st-key-glossary-find)").first
        expect(first).to_contain_text("학습률 · learning rate")
        page.goto(f"{server_url}/glossary?lang=en")
        expect(page.get_by_role("heading", name="Glossary")).to_be_visible()
        page.reload()
        expect(page.get_by_role("heading", name="Glossary")).to_be_visible()
        expect(nav.get_by_role("link", name="Build a CNN")).to_be_visible()
    finally:
        context.close()


def test_every_page_in_english_shows_no_korean_and_fits_the_projector(
    browser, server_url: str
) -> None:
    """One walk for three checks: each page's sidebar link (by its name) opens that page with
    its title, English pages show no Korean, and presentation mode on a 1280x720 projector
    collapses the sidebar (screenshots of what the projector shows)."""
    from dashboard.navigation import PAGES

    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(90_000)
    elsewhere = requests_elsewhere(page, server_url)  # offline means offline
    try:
        page.goto(f"{server_url}/?lang=en&present=1")  # both settings, for the session
        wait_idle(page)
        nav = page.locator("[data-testid='stSidebarNav']")
        for info in PAGES:
            # The folded sidebar's link to the page says the page's title (after its icon).
            link = nav.locator(f"a[href='{server_url}/{info.id}']")
            expect(link).to_have_text(re.compile(rf"{re.escape(info.title)}$"))
            link.dispatch_event("click")
            expect(page).to_have_url(re.compile(rf"/{info.id}(\?|$)"))
            wait_idle(page)  # the page's own heading, not the last one's
            expect(page.get_by_role("heading", name=info.title).first).to_be_visible()
            heading = page.locator("[data-testid='stMainBlockContainer'] h1").first
            expect(heading).not_to_have_text(re.compile("[가-힣]"))
            expect_no_exception(page)
            expect(page.locator("html")).to_have_attribute("lang", "en")
            assert grave_violations(page) == [], info.id
            assert elsewhere == [], info.id
            sidebar = page.locator("[data-testid='stSidebar']")
            expect(sidebar).to_have_attribute("data-collapsed", "true")
            screenshot(page, f"present_{info.id}", full_page=False)
            if info.id == "glossary":  # bilingual by design
                continue
            text = page.locator("[data-testid='stApp']").text_content() or ""  # hidden too
            text = text.replace("한국어", "").replace("언어", "")  # the language switch
            assert not re.findall(".{0,30}[가-힣]+.{0,30}", text), (info.id, text[:300])
    finally:
        context.close()
