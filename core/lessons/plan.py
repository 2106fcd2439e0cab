"""What a lesson plan is: ordered steps, each a page of the lab with its settings, what to
point at, a question for the class with its answer, the document's figure and minutes.

Texts are English msgids (shown with _()), so one plan reads in Korean and in English.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.classroom.follow import SETTINGS as DESTINATION_SETTINGS
from core.classroom.questions import KINDS, LiveQuestion, ask, parse_number
from core.course.exercises import exercise
from core.i18n import _
from core.identity.people import Actor
from core.pages import ALL_PAGES, CLASS_BOARD, page

# What a step may set on its page besides a course exercise: a course model on Build a CNN,
# a dataset on Datasets.
STEP_SETTINGS = tuple(name for name in DESTINATION_SETTINGS if name != "exercise")


@dataclass(frozen=True)
class Question:
    """A question for the class: "choice" (one of `options`, `answer` is one of them) or
    "number" (`answer` is the number, written as the lab shows it)."""

    prompt: str
    kind: str
    answer: str
    options: tuple[str, ...] = ()
    explain: str = ""  # how the lab computes the answer (its formula)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(_("A question is a choice or a number."))
        if self.kind == "choice" and self.answer not in self.options:
            raise ValueError(
                _("{answer} is not one of the options {options}.").format(
                    answer=repr(self.answer), options=self.options
                )
            )
        if self.kind == "number":
            parse_number(self.answer)


@dataclass(frozen=True)
class Step:
    title: str
    page: str  # its id in core.pages
    point_at: str  # what the teacher shows on the page
    minutes: int
    exercise: str | None = None  # a course exercise whose "Set it up" this step does
    settings: dict[str, Any] = field(default_factory=dict)  # see STEP_SETTINGS
    question: Question | None = None
    figure: str = ""  # the document's figure for this step, as it prints it
    source: str = ""  # where in the document: "004:120"

    def __post_init__(self) -> None:
        page(self.page)  # a KeyError names the known pages
        if self.page == CLASS_BOARD.id:
            raise ValueError(_("A step never takes the class to the teacher's board."))
        if self.exercise is not None and exercise(self.exercise).page != self.page:
            raise ValueError(
                _("Exercise {id} opens {page}.").format(
                    id=self.exercise, page=exercise(self.exercise).page
                )
            )
        unknown = set(self.settings) - set(STEP_SETTINGS)
        if unknown:
            raise ValueError(
                _("A step sets only {names}, not {unknown}.").format(
                    names=", ".join(STEP_SETTINGS), unknown=", ".join(sorted(unknown))
                )
            )
        if self.minutes < 1:
            raise ValueError(_("A step takes at least a minute."))


@dataclass(frozen=True)
class Lesson:
    id: str  # the document's number: "004"
    title: str
    goal: str
    steps: tuple[Step, ...]

    @property
    def minutes(self) -> int:
        return sum(step.minutes for step in self.steps)


def step_page_title(step: Step) -> str:
    return _(ALL_PAGES[step.page].title)


def ask_step(actor: Actor, lesson: Lesson, index: int) -> LiveQuestion:
    """Ask the class the question of the lesson's step `index` (the teacher only): its texts
    stay the plan's msgids, so each student reads them in her language."""
    question = lesson.steps[index].question
    if question is None:
        raise ValueError(_("This step has no question."))
    return ask(
        actor, question.prompt, question.kind, question.answer, question.options,
        question.explain, from_plan=True, lesson=lesson.id, step=index,
    )  # fmt: skip
