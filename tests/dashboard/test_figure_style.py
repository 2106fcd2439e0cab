"""Numbers written as a student writes them."""

from __future__ import annotations

import numpy as np

from dashboard.figure_style import fmt


def test_fmt_writes_numbers_as_a_student_would() -> None:
    assert [fmt(4.0), fmt(-0.25), fmt(1 / 3), fmt(-np.inf), fmt(2.5), fmt(0.996)] == [
        "4",
        "-0.25",
        "0.33",
        "−∞",
        "2.5",
        "1",  # not "1." (0.996 rounds to 1.00)
    ]
