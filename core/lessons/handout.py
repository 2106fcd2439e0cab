"""A lesson as the teacher reads it: one line per lesson for a listing, and a plan printed
as a handout (steps, pages, what to show, questions with their answers, minutes)."""

from __future__ import annotations

from core.classroom.questions import number_text, parse_number
from core.course.exercises import DOCUMENTS
from core.i18n import _, ngettext
from core.lessons.plan import Lesson, Question, step_page_title
from core.lessons.plans import LESSONS


def lesson(lesson_id: str) -> Lesson:
    """The lesson by id (the document's number); a KeyError names the known ones."""
    if lesson_id not in LESSONS:
        raise KeyError(
            _("No lesson {id!r}; the lessons are {ids}.").format(
                id=lesson_id, ids=", ".join(LESSONS)
            )
        )
    return LESSONS[lesson_id]


def minutes_text(minutes: int) -> str:
    return ngettext("{n} minute", "{n} minutes", minutes).format(n=minutes)


def listing() -> list[str]:
    """One line per lesson: id, document file, title, steps, minutes (tab-separated)."""
    return [
        "\t".join(
            (
                item.id,
                DOCUMENTS[item.id],
                _(item.title),
                ngettext("{n} step", "{n} steps", len(item.steps)).format(n=len(item.steps)),
                minutes_text(item.minutes),
            )
        )
        for item in LESSONS.values()
    ]


def answer_text(question: Question) -> str:
    """The right answer as shown: an option in the reader's language, a number with commas."""
    if question.kind == "choice":
        return _(question.answer)
    return number_text(parse_number(question.answer))


def handout(item: Lesson) -> str:
    """The plan as plain text (Markdown), for printing before class."""
    lines = [
        f"# {item.id} · {_(item.title)}",
        "",
        _(item.goal),
        "",
        _("Document: {file} · {minutes}").format(
            file=DOCUMENTS[item.id], minutes=minutes_text(item.minutes)
        ),
    ]
    for number, step in enumerate(item.steps, start=1):
        lines += [
            "",
            f"## {number}. {_(step.title)} ({minutes_text(step.minutes)})",
            _("Page: {page}").format(page=step_page_title(step))
            + (f" · {_('exercise')} {step.exercise}" if step.exercise else ""),
            "",
            _(step.point_at),
        ]
        if step.figure:
            lines.append(
                _("The document: {figure} ({source})").format(
                    figure=_(step.figure), source=step.source
                )
            )
        if step.question is not None:
            question = step.question
            lines.append(_("Ask: {prompt}").format(prompt=_(question.prompt)))
            lines += [f"  - {_(option)}" for option in question.options]
            answer = _("Answer: {answer}").format(answer=answer_text(question))
            if question.explain:
                answer += f" ({_(question.explain)})"
            lines.append(answer)
    return "\n".join(lines) + "\n"
