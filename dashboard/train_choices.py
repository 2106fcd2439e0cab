"""The Train page's choice lists: where its model comes from, the learning rates and
training-image counts it offers, and its defaults. Other pages set these values in the
session (an assignment, a course exercise, a run reused on Runs) or offer the same lists
(the teacher's board)."""

from __future__ import annotations

from core.i18n import N_

# The Train page's model sources: radio values kept in the session (compared in code, set by
# other pages); shown with _().
COURSE_PRESET = N_("Course preset")
MY_MODEL = N_("My model from Build a CNN")
LR_CHOICES = [1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 4e-3, 1e-2, 3e-2, 0.1, 0.2, 0.3, 1.0, 3.0, 10.0]
LIMIT_CHOICES: list[int | str] = [500, 1000, 2000, 5000, 10000, 20000, "all"]
DEFAULT_LIMIT, DEFAULT_EPOCHS = 20000, 10
