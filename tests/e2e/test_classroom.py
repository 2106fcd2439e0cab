"""A class in real browsers: the teacher and three students, each in their own browser
context (own cookies), on a server in classroom mode.

Students join with the class code (a wrong code is refused); the teacher hands out an
assignment that appears on every student's pages with its locked settings; each trains;
no student sees another's run; the teacher's board stops any run and the leaderboard ranks
the finished ones; a reload keeps who is signed in. A cookie copied before signing out signs
in nobody afterwards, and on that browser a student gets back to her runs with her PIN."""

from __future__ import annotations

import re
import sys
import warnings
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from dashboard.classroom.board_page import KEY_COLUMNS as BOARD_KEY_COLUMNS
from dashboard.runs.panels import KEY_COLUMNS as RUNS_KEY_COLUMNS
from tests.e2e.accessibility import grave_violations
from tests.e2e.conftest import (
    expect_no_exception,
    keep_views,
    screenshot,
    start_server,
    stop_server,
    wait_idle,
)
from tests.e2e.streamlit_ui import run_status, set_number, widget

CODE, PASSWORD = "KQ7M2P", "correct horse"
# The board's leaderboard table (by its key: the board has several tables).
LEADERBOARD = ".st-key-board_leaderboard [data-testid='stDataFrame']"


@pytest.fixture(scope="module")
def class_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("class-home")
    env = {
        "CNNLAB_CLASSROOM": "1",
        "CNNLAB_CLASS_CODE": CODE,
        "CNNLAB_TEACHER_PASSWORD": PASSWORD,
        "CNNLAB_MAX_RUNS": "2",
    }
    process, url = start_server(home, home / "server.log", env)
    try:
        yield url
    finally:
        stop_server(process)


def _person(browser, url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(url)
    expect(page.get_by_role("heading", name="Join the class")).to_be_visible()
    wait_idle(page)  # the form's first run over: a click is not lost to it
    return context, page


def _see_finished(page) -> None:
    """Her run's status line says finished. Under CI's load one student's live panel once
    stopped redrawing at "training, epoch 0 of 1" while the board had her run done (no page
    error; not explained yet): the teacher's guide tells her to reload, and the Train page then
    shows her run again (dashboard/own_runs.py). The test does the same, and warns."""
    status = run_status(page, "finished")
    try:
        expect(status).to_be_visible(timeout=120_000)
    except AssertionError:
        warnings.warn("a student's live panel stopped redrawing; reloaded it", stacklevel=2)
        page.reload()
        expect(status).to_be_visible(timeout=60_000)


def _join(page, name: str, code: str = CODE, pin: str = "") -> None:
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Class code").fill(code)
    page.get_by_label("PIN (optional, 4 to 8 digits)", exact=True).fill(pin)
    page.get_by_role("button", name="Join", exact=True).click()
    wait_idle(page)


def _key_columns_fit(page, widths: dict[str, int]) -> None:
    """At 1280 pixels, sidebar open, the first table's key columns (and the row-selection
    column) fit its width: in view without a sideways scroll."""
    table = page.locator("[data-testid='stDataFrame']").first
    expect(table).to_be_visible()
    width = table.bounding_box()["width"]
    assert sum(widths.values()) + 40 <= width, (widths, width)


def _nav(page, name: str) -> None:
    page.locator("[data-testid='stSidebarNav']").get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", name=name).first).to_be_visible()
    wait_idle(page)


def test_a_teacher_and_three_students(browser, class_url: str) -> None:
    teacher_context, teacher = _person(browser, class_url)
    teacher.get_by_text("I am the teacher").click()
    teacher.get_by_label("Teacher's password").fill("wrong")
    wait_idle(teacher)  # no run of the join form still going: the click is not lost to it
    teacher.get_by_role("button", name="Sign in").click()
    # The first sign-in on a new class server: the server is importing torch in the
    # background (dashboard/warm_up.py), which holds the interpreter's lock while it loads
    # its libraries; under the suite's load once more than the 20 s a step gets.
    refused = teacher.get_by_text("That is not the teacher's password.")
    expect(refused).to_be_visible(timeout=60_000)
    wait_idle(teacher)  # the refusal's run is over: a click now is not lost to it
    # The teacher's box stays open for her to type again.
    teacher.get_by_label("Teacher's password").fill(PASSWORD)
    teacher.get_by_role("button", name="Sign in").click()
    nav = teacher.locator("[data-testid='stSidebarNav']")
    expect(nav.get_by_role("link", name="Class board")).to_be_visible()
    nav.get_by_role("link", name="Class board").click()
    expect(teacher.get_by_text(f"Class code: {CODE}")).to_be_visible()
    assert grave_violations(teacher) == []  # axe: WCAG 2 A and AA

    # The assignment: the fast MNIST model on MNIST, 500 images, 1 epoch; model and data
    # locked, the rest (epochs, learning rate...) open to explore.
    teacher.get_by_text("A model and settings of my own").click()
    wait_idle(teacher)
    expect(teacher.get_by_role("combobox", name="Preset")).to_have_value("Fast MNIST CNN")
    widget(teacher, "stSlider", "Training images").get_by_role("slider").press("Home")
    wait_idle(teacher)
    set_number(teacher, "Epochs", 1)
    # To Korean and back, mid-form: her picks stay (Streamlit kept a radio's pick as the
    # English text shown, which the Korean options lack, and showed nothing picked).
    for language, own in (
        ("한국어", "직접 고른 모델과 설정"),
        ("English", "A model and settings of my own"),
    ):
        teacher.locator("[data-testid='stSidebar']").get_by_text(language, exact=True).click()
        expect(teacher.get_by_role("radio", name=own, exact=True)).to_be_checked()
        wait_idle(teacher)
    expect(widget(teacher, "stNumberInput", "Epochs").locator("input")).to_have_value("1")
    teacher.get_by_role("button", name="Hand it out").click()
    expect(teacher.get_by_text("every student sees it")).to_be_visible()

    contexts, students = [teacher_context], {}
    try:
        for name in ("Mina", "Jun", "Seo"):
            context, page = _person(browser, class_url)
            contexts.append(context)
            if name == "Mina":  # a wrong code first: refused, and she types it again
                _join(page, name, "AAAAAA")
                expect(page.get_by_text("That is not this class's code")).to_be_visible()
                assert grave_violations(page) == []  # the join form, with its message
            _join(page, name, pin="4821" if name == "Mina" else "")
            expect(page.get_by_text(f"Signed in as {name}")).to_be_visible()
            students[name] = page

        for name, page in students.items():
            banner = page.locator("[data-testid='stSidebar']").get_by_text("Assignment:")
            expect(banner).to_be_visible()
            page.get_by_role("button", name="Set it up").click()
            expect(page.get_by_role("heading", name="Train a CNN")).to_be_visible()
            wait_idle(page)
            expect(page.get_by_text("The teacher's assignment fixes")).to_be_visible()
            preset = widget(page, "stSelectbox", "Preset")
            expect(preset.locator("input")).to_be_disabled()  # locked
            if name == "Seo":  # open: Seo explores a long run, still going when stopped
                # (50 epochs of the assignment's 500 images once ended before the teacher got
                # to it; of all 60,000 they take minutes, the test needs seconds)
                set_number(page, "Epochs", 50)
                images = widget(page, "stSlider", "Training images").get_by_role("slider")
                images.press("End")
                expect(images).to_have_attribute("aria-valuetext", "all")
                wait_idle(page)
            page.get_by_role("button", name="Start training", exact=True).click()

        for name in ("Mina", "Jun"):
            _see_finished(students[name])

        # Mina's Runs page lists her run, not Jun's or Seo's.
        _nav(students["Mina"], "Runs & evaluation")
        table = students["Mina"].locator("[data-testid='stDataFrame']").first
        expect(table).to_be_visible()
        expect(students["Mina"].get_by_text("1 run saved.")).to_be_visible()  # hers alone
        _key_columns_fit(students["Mina"], RUNS_KEY_COLUMNS)

        # The teacher's board: every student's run; stop Seo's; the leaderboard ranks.
        teacher.reload()  # a reload keeps the teacher signed in (the cookie)
        expect(teacher.get_by_role("heading", name="Class board")).to_be_visible()
        stop = teacher.get_by_role("button", name=re.compile("^Stop Seo's"))
        expect(stop).to_be_visible(timeout=120_000)
        _key_columns_fit(teacher, BOARD_KEY_COLUMNS)
        stop.click()
        expect(stop).to_have_count(0, timeout=120_000)
        expect(run_status(students["Seo"], "stopped")).to_be_visible(timeout=120_000)
        teacher.reload()
        board = teacher.get_by_test_id("stDataFrame").first
        expect(board).to_be_visible()
        leaderboard = teacher.locator(LEADERBOARD)
        expect(leaderboard).to_be_visible(timeout=120_000)
        wait_idle(teacher)
        expect_no_exception(teacher)
        screenshot(teacher, "class_board")
        for page in students.values():
            expect_no_exception(page)

        # The teacher signs out: the cookie copied before signs in nobody afterwards.
        cookies = teacher_context.cookies()
        assert any(c["name"] == "cnnlab_seat" and c["value"] for c in cookies)
        teacher.get_by_role("button", name="Sign out").click()
        expect(teacher.get_by_role("heading", name="Join the class")).to_be_visible()
        stale = browser.new_context(viewport={"width": 1280, "height": 720}, locale="en-US")
        contexts.append(stale)
        stale.add_cookies(cookies)
        replay = stale.new_page()
        replay.set_default_timeout(60_000)
        replay.goto(class_url)
        expect(replay.get_by_role("heading", name="Join the class")).to_be_visible()
        wait_idle(replay)
        expect(replay.get_by_role("heading", name="Join the class")).to_be_visible()
        expect(replay.get_by_text("Signed in as")).to_have_count(0)
        expect(replay.get_by_role("link", name="Class board")).to_have_count(0)

        # Mina on that other browser: her name and PIN bring her back to her own run.
        _join(replay, "Mina", pin="1111")
        expect(replay.get_by_text("That PIN is not right for Mina.")).to_be_visible()
        _join(replay, "Mina", pin="4821")
        expect(replay.get_by_text("Signed in as Mina")).to_be_visible()
        _nav(replay, "Runs & evaluation")
        expect(replay.get_by_text("1 run saved.")).to_be_visible()
    finally:
        if sys.exc_info()[0] is not None:
            keep_views({"teacher": teacher, **students})
        for context in contexts:
            context.close()
