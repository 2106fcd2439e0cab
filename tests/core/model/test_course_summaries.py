"""Every Keras summary printed in the course (../shared/course/004, "Model Summary"),
compared line by line with the lab's summary of the matching preset: layer name and type,
Output Shape, Param #, and the totals."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from core.model.presets import get_preset
from core.model.summary import summarize
from tests.conftest import ROOT

COURSE = ROOT.parent / "shared" / "course"
# The printed summaries of 004, in the order the document prints them.
PRESETS_004 = ["mnist_1filter", "mnist_32_64", "cifar10_cnn"]
ROW = re.compile(r"^(\w+) \((\w+)\)\s+(\(None(?:, \d+)+\))\s+([\d,]+)\s*$")
TOTAL = re.compile(r"^(Total|Trainable|Non-trainable) params: ([\d,]+)")


def _printed_summaries(path: Path) -> list[dict]:
    """[{"rows": [(name, type, shape, params)], "totals": {...}}] in document order."""
    summaries: list[dict] = []
    reading = False
    for line in path.read_text().splitlines():
        line = line.strip()
        if line == "Model Summary":
            summaries.append({"rows": [], "totals": {}})
            reading = True
        elif reading and (row := ROW.match(line)):
            name, kind, shape, params = row.groups()
            summaries[-1]["rows"].append((name, kind, shape, int(params.replace(",", ""))))
        elif reading and (total := TOTAL.match(line)):
            summaries[-1]["totals"][total.group(1)] = int(total.group(2).replace(",", ""))
        elif reading and line.startswith(("학습", "```")):
            reading = False
    return summaries


@pytest.fixture(scope="module")
def printed() -> list[dict]:
    path = next(COURSE.glob("004_*.txt"), None)
    if path is None:
        pytest.skip(f"needs the course documents at {COURSE} (absent in this checkout)")
    return _printed_summaries(path)


def test_the_document_prints_three_summaries(printed: list[dict]) -> None:
    assert [len(s["rows"]) for s in printed] == [7, 7, 9]
    assert [s["totals"]["Total"] for s in printed] == [60_062, 3_199_106, 145_578]


@pytest.mark.parametrize("index", range(len(PRESETS_004)), ids=PRESETS_004)
def test_each_printed_summary_is_reproduced_line_by_line(printed: list[dict], index: int) -> None:
    summary = summarize(get_preset(PRESETS_004[index]))
    ours = [(r.name, r.keras_type, r.keras_shape_text, r.params) for r in summary.rows]
    assert ours == printed[index]["rows"]
    totals = printed[index]["totals"]
    assert summary.total_params == totals["Total"]
    assert summary.trainable_params == totals.get("Trainable", summary.total_params)
    assert summary.non_trainable_params == totals.get("Non-trainable", 0)
