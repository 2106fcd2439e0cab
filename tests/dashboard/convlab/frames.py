"""Reading the animated step-by-step figure the way a student reads it: the text of a frame."""

from __future__ import annotations

import json
import re


def stepper_figure(at) -> dict:
    """The figure a page sent to the browser with its frames (an AppTest page)."""
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    animated = [spec for spec in specs if spec.get("frames")]
    assert len(animated) == 1, len(animated)
    return animated[0]


def step_text(frame: dict) -> str:
    """A frame's text (step, formula, sums), as one line without tags or wrapping."""
    html = frame["layout"]["annotations"][0]["text"]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.replace("<br>", " "))).strip()


def formula_total(frame: dict) -> float:
    """The number after the last '=' of the frame's formula (its second line: the first says
    which step it is)."""
    formula = re.sub(r"<[^>]+>", "", frame["layout"]["annotations"][0]["text"].split("<br>")[1])
    return float(formula.rsplit("= ", 1)[1])
