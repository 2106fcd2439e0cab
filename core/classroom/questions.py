"""Live questions: the teacher asks the class one question at a time (one of a few options,
or a number such as an output shape or a parameter count); each student answers once and may
change her answer until the teacher shows the right one; the answers arrive as a tally."""

from __future__ import annotations

import json
import math
import sqlite3
import time
from collections import Counter
from dataclasses import dataclass

from core.i18n import _
from core.identity.db import connect
from core.identity.people import Actor, NotAllowed

KINDS = ("choice", "number")
MAX_PROMPT = 200
MAX_OPTION = 80
MAX_OPTIONS = 6
MAX_PHOTO_BYTES = 400_000  # a photo question's picture: a JPEG the page made small


@dataclass(frozen=True)
class LiveQuestion:
    id: int
    prompt: str
    kind: str
    options: tuple[str, ...]
    answer: str
    explain: str
    from_plan: bool  # its texts are a lesson plan's msgids: each reader sees them translated
    lesson: str | None
    step: int | None
    revealed: bool
    open: bool
    photo: bytes | None = None  # "monkey or human?": the photo the class answers about

    def shown(self, text: str) -> str:
        """One of its texts as the reader sees it: a plan's msgid in her language, a text
        the teacher typed as typed (still to be shown as plain text, not Markdown)."""
        return _(text) if self.from_plan else text


def parse_number(text: str) -> float:
    """A number as a student types it: '7,850', ' 7850 ', '0.5' or '1e-3'; ValueError for
    anything else (words, 'nan', 'inf')."""
    value = float(str(text).replace(",", "").replace("_", "").strip())
    if not math.isfinite(value):
        raise ValueError(_("Type a number, such as 26 or 3,136."))
    return value


def number_text(value: float) -> str:
    """A number as the class sees it: 3,137,000 or 0.001."""
    return f"{value:,.0f}" if value.is_integer() else f"{value:g}"


def is_right(kind: str, answer: str, given: str) -> bool:
    """The same option, or the same number (to a part in a million: '7,850' is 7850.0)."""
    if kind == "choice":
        return given == answer
    try:
        return math.isclose(parse_number(given), parse_number(answer), rel_tol=1e-6)
    except ValueError:
        return False


def _text(value: object, limit: int) -> str:
    return " ".join(str(value).split())[:limit]


def ask(
    actor: Actor,
    prompt: str,
    kind: str,
    answer: str,
    options: tuple[str, ...] = (),
    explain: str = "",
    from_plan: bool = False,
    lesson: str | None = None,
    step: int | None = None,
    photo: bytes | None = None,
) -> LiveQuestion:
    """Ask the class (the teacher only); the question before it closes. `photo`: a JPEG of
    at most MAX_PHOTO_BYTES that every student sees with the question."""
    if not actor.is_teacher:
        raise NotAllowed(_("Only the teacher asks the class."))
    prompt = _text(prompt, MAX_PROMPT)
    options = tuple(dict.fromkeys(o for o in (_text(o, MAX_OPTION) for o in options) if o))
    answer = _text(answer, MAX_OPTION)
    if not prompt:
        raise ValueError(_("A question needs its words."))
    if kind == "choice" and not (2 <= len(options) <= MAX_OPTIONS and answer in options):
        raise ValueError(
            _("A choice needs 2 to {n} different options, and the right one among them.").format(
                n=MAX_OPTIONS
            )
        )
    if kind == "number":
        options = ()
        try:
            answer = number_text(parse_number(answer))
        except ValueError:
            raise ValueError(_("The right answer to a number question is a number.")) from None
    if kind not in KINDS:
        raise ValueError(_("A question is a choice or a number."))
    if photo is not None and (len(photo) > MAX_PHOTO_BYTES or photo[:3] != b"\xff\xd8\xff"):
        raise ValueError(_("A question's photo is a JPEG of at most 400 kB."))
    with connect() as db:
        db.execute("UPDATE questions SET open = 0 WHERE open = 1")
        db.execute(
            "INSERT INTO questions (prompt, kind, options, answer, explain, from_plan, lesson, "
            "step, asked, photo) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                prompt,
                kind,
                json.dumps(options),
                answer,
                _text(explain, MAX_PROMPT),
                int(from_plan),
                lesson,
                step,
                time.time(),
                photo,
            ),
        )
        return _latest(db)  # type: ignore[return-value]


def _latest(db: sqlite3.Connection) -> LiveQuestion | None:
    row = db.execute(
        "SELECT id, prompt, kind, options, answer, explain, from_plan, lesson, step, revealed, "
        "open, photo FROM questions ORDER BY id DESC LIMIT 1"
    ).fetchone()
    if row is None:
        return None
    (
        number,
        prompt,
        kind,
        options,
        answer,
        explain,
        plan,
        lesson,
        step,
        revealed,
        is_open,
        photo,
    ) = row
    return LiveQuestion(
        number,
        prompt,
        kind,
        tuple(json.loads(options)),
        answer,
        explain,
        bool(plan),
        lesson,
        step,
        bool(revealed),
        bool(is_open),
        None if photo is None else bytes(photo),
    )


def current() -> LiveQuestion | None:
    """The question the class sees (asked, or answered and shown), or None once closed."""
    with connect(read_only=True) as db:
        latest = _latest(db)
    return latest if latest is not None and latest.open else None


def answer(actor: Actor, question_id: int, given: str) -> str:
    """A student's answer to the open question (her earlier one replaced); the answer as
    kept. Refused after the right answer is shown, or for an option that is not there."""
    if actor.role != "student":
        raise NotAllowed(_("Students answer; the teacher asks."))
    question = current()
    if question is None or question.id != question_id:
        raise ValueError(_("This question is closed; the teacher has moved on."))
    if question.revealed:
        raise ValueError(_("The answer is already shown: no more answers to this question."))
    given = " ".join(str(given).split())
    if len(given) > MAX_OPTION:  # never cut: a cut number is another number
        raise ValueError(_("That answer is too long."))
    if question.kind == "choice" and given not in question.options:
        raise ValueError(_("Choose one of the options."))
    if question.kind == "number":
        try:
            given = number_text(parse_number(given))
        except ValueError:
            raise ValueError(_("Type a number, such as 26 or 3,136.")) from None
    with connect() as db:
        db.execute(
            "INSERT OR REPLACE INTO answers (question, person, value, at) VALUES (?, ?, ?, ?)",
            (question.id, actor.id, given, time.time()),
        )
    return given


def my_answer(actor: Actor, question_id: int) -> str | None:
    with connect(read_only=True) as db:
        row = db.execute(
            "SELECT value FROM answers WHERE question = ? AND person = ?",
            (question_id, actor.id),
        ).fetchone()
    return None if row is None else row[0]


def tally(question: LiveQuestion) -> list[tuple[str, int]]:
    """The answers as (answer, how many): every option in its order, or each number given
    (most given first)."""
    with connect(read_only=True) as db:
        values = [
            v for (v,) in db.execute("SELECT value FROM answers WHERE question = ?", (question.id,))
        ]
    counts = Counter(values)
    if question.kind == "choice":
        return [(option, counts.get(option, 0)) for option in question.options]
    return sorted(counts.items(), key=lambda pair: (-pair[1], parse_number(pair[0])))


def _teacher_sets(actor: Actor, column: str) -> None:
    if not actor.is_teacher:
        raise NotAllowed(_("Only the teacher asks the class."))
    with connect() as db:
        db.execute(f"UPDATE questions SET {column} WHERE id = (SELECT MAX(id) FROM questions)")


def reveal(actor: Actor) -> None:
    """Show the class the right answer (answers close)."""
    _teacher_sets(actor, "revealed = 1")


def close(actor: Actor) -> None:
    """Take the question off the students' screens."""
    _teacher_sets(actor, "open = 0")


def answer_rows() -> list[dict]:
    """Every answer given in the class, for the class's CSV: student, question, answer,
    right or not."""
    with connect(read_only=True) as db:
        rows = db.execute(
            "SELECT people.name, questions.id, questions.prompt, questions.from_plan, "
            "questions.kind, "
            "questions.answer, answers.value, answers.at FROM answers "
            "JOIN questions ON questions.id = answers.question "
            "JOIN people ON people.id = answers.person ORDER BY questions.id, people.name"
        ).fetchall()
    return [
        {
            "student": name,
            "question": number,
            "prompt": _(prompt) if from_plan else prompt,
            "answer": given,
            "right": is_right(kind, right, given),
            "at": at,
        }
        for name, number, prompt, from_plan, kind, right, given, at in rows
    ]


def to_answers_csv(rows: list[dict]) -> str:
    """The class's answers as CSV (a name that looks like a formula stays text)."""
    from core.classroom.report import ANSWER_COLUMNS, write_csv

    return write_csv(rows, ANSWER_COLUMNS)
