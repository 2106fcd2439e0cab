"""Every step of every lesson plan in Chromium, in English and in Korean: the teacher brings
the class to each step and a following student arrives on the step's page (its title in
that language). Slow (about 50 page changes in each language): `bash scripts/test.sh --slow`;
tests/dashboard/test_lesson_steps.py checks every step's settings in the default run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from core.i18n import using_language
from core.lessons.plans import LESSONS
from core.pages import page as page_info
from tests.e2e.conftest import start_server, stop_server
from tests.e2e.test_lesson import CODE, LAPTOP, PASSWORD, _open

pytestmark = pytest.mark.slow
HEADING = {  # the heading each page opens with (its st.title), as msgids
    "convolution": "Convolution, step by step",
    "pooling": "Pooling, step by step",
    "builder": "Build a CNN",
    "training": "Train a CNN",
    "datasets": "Datasets",
    "augmentation": "Augmentation lab",
    "transfer": "Transfer learning",
    "test_photo": "Test a photo",
}


@pytest.fixture(scope="module")
def class_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("lesson-walk")
    env = {"CNNLAB_CLASSROOM": "1", "CNNLAB_CLASS_CODE": CODE, "CNNLAB_TEACHER_PASSWORD": PASSWORD}
    process, url = start_server(home, home / "server.log", env)
    try:
        yield url
    finally:
        stop_server(process)


@pytest.mark.parametrize("language", ["en", "ko"])
def test_every_step_brings_the_class_to_its_page(browser, class_url: str, language: str) -> None:
    from core.i18n import _

    with using_language(language):
        teacher = _open(browser, f"{class_url}/?lang={language}", LAPTOP)
        teacher.locator("[data-testid='stExpander']").click()
        teacher.get_by_label(_("Teacher's password")).fill(PASSWORD)
        teacher.get_by_label(_("Teacher's password")).press("Enter")
        student = _open(browser, f"{class_url}/?lang={language}&code={CODE}", LAPTOP)
        student.get_by_label(_("Your name")).fill(f"walker-{language}")
        student.get_by_label(_("Your name")).press("Enter")
        expect(student.get_by_text(f"walker-{language}")).to_be_attached()
        for lesson in LESSONS.values():
            for number, step in enumerate(lesson.steps, start=1):
                teacher.goto(f"{class_url}/lesson?lesson={lesson.id}&step={number}&lang={language}")
                expect(
                    teacher.get_by_role("heading", name=f"{number}. {_(step.title)}")
                ).to_be_visible()
                teacher.get_by_role("button", name=_("Bring the class here")).click()
                heading = _(HEADING.get(step.page, page_info(step.page).title))
                expect(student.get_by_role("heading", name=heading).first).to_be_visible(
                    timeout=30_000
                )
