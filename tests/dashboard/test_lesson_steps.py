"""Every step of every lesson plan, in English and in Korean: "Open it here" opens the step's
page (the title that page shows in that language) with the document's settings in place:
the exercise's Train settings, the course model on Build a CNN, the dataset on Datasets."""

from __future__ import annotations

import pytest

from core.course.exercises import exercise
from core.i18n import using_language
from core.lessons.plans import LESSONS
from dashboard.keys import BuilderKeys, DataKeys, LessonKeys, TrainKeys
from tests.dashboard.apptest import app_in, page_file, page_titles

STEPS = [(lesson.id, index) for lesson in LESSONS.values() for index in range(len(lesson.steps))]


def _titles(language: str) -> dict[str, str]:
    pages = {step.page for lesson in LESSONS.values() for step in lesson.steps}
    return page_titles(pages, language)


@pytest.mark.parametrize("language", ["en", "ko"])
def test_every_step_opens_its_page_with_the_documents_settings(language: str) -> None:
    # The test's own thread in that language too: AppTest formats a selectbox's value with
    # the page's format_func here, in this thread, to find it among the options it showed.
    with using_language(language):
        _walk(language, _titles(language))


def _walk(language: str, titles: dict[str, str]) -> None:
    for lesson_id, index in STEPS:
        step = LESSONS[lesson_id].steps[index]
        at = app_in(language)
        at.session_state[LessonKeys.LESSON] = lesson_id
        at.session_state[f"{LessonKeys.STEP}.{lesson_id}"] = index
        at.switch_page(page_file("lesson")).run()
        assert at.header[0].value.startswith(f"{index + 1}. "), (lesson_id, index)
        next(b for b in at.button if b.key == "lesson.open").click().run()
        where = f"{lesson_id} step {index + 1} ({language})"
        assert not at.exception, where
        assert at.title[0].value == titles[step.page], where
        if step.exercise and exercise(step.exercise).kind == "train":
            wanted = exercise(step.exercise).settings
            assert at.session_state[TrainKeys.PRESET] == wanted["preset"], where
            assert at.session_state[TrainKeys.DATASET] == wanted["dataset"], where
            assert at.session_state[TrainKeys.EPOCHS] == wanted["epochs"], where
        if "model" in step.settings:
            assert at.session_state[BuilderKeys.NAME] == step.settings["model"], where
        if "dataset" in step.settings:
            assert at.session_state[DataKeys.DATASET] == step.settings["dataset"], where
