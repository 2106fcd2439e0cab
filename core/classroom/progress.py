"""Where each student is, for the teacher's board: the lesson step she reached, the questions
she answered, her runs finished and failed, when she was last seen, and whether she may be
stuck (a failed run or page since her last finished run, or silent for minutes), so the
teacher walks to the right desk."""

from __future__ import annotations

import math
import time
from datetime import datetime
from typing import Any

from core.classroom.follow import progress
from core.i18n import N_
from core.identity.db import connect
from core.identity.people import students

QUIET_MINUTES = 5  # no sign of her page for this long: perhaps closed, perhaps lost

# Why a student may be stuck (msgids, shown with _()).
FAILED_RUN = N_("a run failed")
PAGE_ERROR = N_("a page failed")
QUIET = N_("no activity for {minutes} minutes")


def _answered() -> dict[str, int]:
    with connect(read_only=True) as db:
        return dict(db.execute("SELECT person, count(*) FROM answers GROUP BY person").fetchall())


def _when(value: object) -> float:
    """A run's start (its status file's ISO time, local) in seconds; a forged one counts as
    the beginning of time."""
    try:
        moment = datetime.fromisoformat(str(value)).timestamp()
    except (ValueError, OverflowError, OSError):
        return 0.0
    return moment if math.isfinite(moment) else 0.0


def student_progress(rows: list[dict[str, Any]], now: float | None = None) -> list[dict[str, Any]]:
    """One row per student in the class, from the board's run rows (core.classroom.report):
    `stuck` lists the reasons (msgids; QUIET takes `minutes`), empty when all is well."""
    now = time.time() if now is None else now
    reached, answered = progress(), _answered()
    result = []
    for person, name in students().items():
        mine = [row for row in rows if row.get("owner") == person]
        finished = [_when(row["created"]) for row in mine if row["status"] == "finished"]
        failed = [_when(row["created"]) for row in mine if row["status"] == "failed"]
        place = reached.get(person, {})
        last_good = max(finished, default=0.0)
        stuck = []
        if any(created > last_good for created in failed):
            stuck.append(FAILED_RUN)
        if (place.get("trouble") or 0) > max(last_good, place.get("reached") or 0):
            stuck.append(PAGE_ERROR)
        seen = place.get("seen")
        if seen is not None and now - seen > QUIET_MINUTES * 60:
            stuck.append(QUIET)
        result.append(
            {
                "student": name,
                "lesson": place.get("lesson"),
                "step": place.get("step"),
                "answered": answered.get(person, 0),
                "finished": len(finished),
                "failed": len(failed),
                "seen": seen,
                "stuck": stuck,
            }
        )
    return result
