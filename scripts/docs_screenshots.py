"""The teacher's guide's screenshots (docs/images/), taken from a real class at 1280x720:
a classroom-mode server on 127.0.0.1 with a fresh lab home, the teacher and two students in
Chromium (the browser tests' set-up), each view shot in English and in Korean.

    .venv/bin/python scripts/docs_screenshots.py        # about two minutes

Run it again after a change to the pages the guide shows; look at the images before
committing them (they are small PNGs, the only images the docs keep).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_FLAGS,
    start_server,
    stop_server,
    wait_idle,
)
from tests.e2e.streamlit_ui import set_number, widget  # noqa: E402
from tests.e2e.test_classroom import CODE, PASSWORD, _join, _person  # noqa: E402

IMAGES = ROOT / "docs" / "images"
VIEW = {"width": 1280, "height": 720}


def _idle(page) -> None:
    wait_idle(page)
    page.wait_for_timeout(1500)  # charts and tables draw after the script ends (for the eye)


def shoot(page, name: str, path: str, scroll_to: str = "", button: str = "") -> None:
    """The page at `path`, loaded afresh in English and in Korean (`?lang=`: a new session,
    so no widget keeps a label of the other language), after a click on `button` if given,
    scrolled to the heading `scroll_to` if given (both as "English|Korean")."""
    base = page.url.split("?")[0].rsplit("/", 1)[0]
    for language in ("en", "ko"):
        page.goto(f"{base}/{path}{'&' if '?' in path else '?'}lang={language}")
        _idle(page)
        if button:
            page.get_by_role("button", name=button.split("|")[language == "ko"]).first.click()
            _idle(page)
        if scroll_to:
            heading = scroll_to.split("|")[language == "ko"]
            page.get_by_role("heading", name=heading).first.evaluate(
                "e => e.scrollIntoView({block: 'start'})"
            )
            page.wait_for_timeout(300)
        page.screenshot(path=str(IMAGES / f"{name}.{language}.png"))
    page.goto(f"{base}/{path}{'&' if '?' in path else '?'}lang=en")
    _idle(page)


def lesson(teacher, students: list) -> None:
    """004's third step brought to the class, its question asked, answered and shown."""
    step = "lesson?lesson=004&step=3"
    teacher.goto(teacher.url.split("?")[0].rsplit("/", 1)[0] + f"/{step}&lang=en")
    _idle(teacher)
    teacher.get_by_role("button", name="Bring the class here").click()
    for page in students:
        expect(page.get_by_role("heading", name="Build a CNN")).to_be_visible()
    teacher.get_by_role("button", name="Ask the class").first.click()
    for page, value in zip(students, ("26", "25"), strict=True):
        box = page.locator(".st-key-class_question")
        box.get_by_label("Your answer (a number)").fill(value)
        box.get_by_role("button", name="Send").click()
        expect(box.get_by_text(f"Sent: {value}.")).to_be_visible()
    teacher.get_by_role("button", name="Show the answer").click()
    expect(teacher.get_by_text("1 of 2 right")).to_be_visible()
    shoot(teacher, "lesson", step, "Ask the class|반 전체에 질문하기")
    shoot(students[0], "student-question", "builder")
    shoot(teacher, "progress", "class", "Progress|진행 상황")


def main() -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    expect.set_options(timeout=60_000)
    env = {"CNNLAB_CLASSROOM": "1", "CNNLAB_CLASS_CODE": CODE,
           "CNNLAB_TEACHER_PASSWORD": PASSWORD, "CNNLAB_MAX_RUNS": "2"}  # fmt: skip
    with tempfile.TemporaryDirectory() as home, sync_playwright() as playwright:
        server, url = start_server(Path(home), Path(home) / "server.log", env)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            _context, door = _person(browser, url)
            door.set_viewport_size(VIEW)
            shoot(door, "join", "")

            _context, teacher = _person(browser, url)
            teacher.get_by_text("I am the teacher").click()
            teacher.get_by_label("Teacher's password").fill(PASSWORD)
            teacher.get_by_role("button", name="Sign in").click()
            teacher.locator("[data-testid='stSidebarNav']").get_by_role(
                "link", name="Class board"
            ).click()
            expect(teacher.get_by_text(f"Class code: {CODE}")).to_be_visible()
            shoot(teacher, "assignment", "class", "Assignment|과제")
            teacher.get_by_text("A model and settings of my own").click()
            images = widget(teacher, "stSlider", "Training images").get_by_role("slider")
            for key in ("Home", "ArrowRight", "ArrowRight"):  # 2,000 images: a minute's class
                images.press(key)
            set_number(teacher, "Epochs", 1)
            teacher.get_by_role("button", name="Hand it out").click()
            expect(teacher.get_by_text("every student sees it")).to_be_visible()

            students = []
            for name in ("Mina", "Jun"):
                _context, page = _person(browser, url)
                _join(page, name, pin="4821")
                expect(page.get_by_text(f"Signed in as {name}")).to_be_visible()
                students.append(page)
            shoot(students[0], "student-train", "training", button="Set it up|설정하기")
            for page in students:
                page.get_by_role("button", name="Set it up").click()
                expect(page.get_by_text("The teacher's assignment fixes")).to_be_visible()
                if page is students[-1]:
                    set_number(page, "Epochs", 2)  # open to change: Jun trains longer
            for page in students:
                page.get_by_role("button", name="Start training", exact=True).click()
            for page in students:
                expect(page.get_by_text("finished", exact=False).first).to_be_visible(
                    timeout=300_000
                )
            teacher.reload()
            expect(teacher.locator("[data-testid='stDataFrame']").nth(1)).to_be_visible()
            shoot(teacher, "board", "class")
            shoot(teacher, "leaderboard", "class", "Leaderboard|순위표")
            shoot(teacher, "students", "class", "Students|학생")
            lesson(teacher, students)
        finally:
            browser.close()
            stop_server(server)
    for image in sorted(IMAGES.glob("*.png")):
        print(image.relative_to(ROOT), f"{image.stat().st_size // 1024} kB")


if __name__ == "__main__":
    main()
