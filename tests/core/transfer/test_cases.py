"""003's four transfer-learning cases, each mapped to the strategy the document describes."""

import re

import pytest

from core.transfer.cases import CASES, SMALL_PER_CLASS, recommend
from core.transfer.net import STRATEGIES


def test_the_four_cases_of_003() -> None:
    assert recommend(SMALL_PER_CLASS * 5, similar=False).strategy == "full"  # 1: lr / 10
    assert recommend(SMALL_PER_CLASS * 5, similar=True).strategy == "partial"  # 2: later layers
    assert recommend(200, similar=False).number == 3  # 3: the hardest: choose, augment
    assert recommend(200, similar=True).strategy == "head"  # 4: the FC layer only
    assert sorted(case.number for case in CASES.values()) == [1, 2, 3, 4]
    assert all(case.strategy in STRATEGIES for case in CASES.values())


def test_monkey_or_human_is_a_small_similar_set() -> None:
    # 423 monkeys and 428 faces, ImageNet-like photos: case 4, train the head.
    case = recommend((423 + 428) / 2, similar=True)
    assert case.title == "Small & 유사 Dataset" and case.strategy == "head"


def test_an_english_page_shows_the_cases_in_english_and_a_korean_one_in_003s_words() -> None:
    from core.i18n import using_language
    from core.transfer.cases import CASES

    english = [case.heading() for case in CASES.values()]
    assert english[1] == "Large & similar dataset"
    assert not any(re.search("[가-힣]", heading) for heading in english)
    with using_language("ko"):
        assert [case.heading() for case in CASES.values()] == [c.title for c in CASES.values()]


def test_the_line_between_small_and_large_is_the_courses() -> None:
    """000:450-452: "class당 최대 1,000장" and "1,000 images per class"."""
    from tests.conftest import ROOT

    documents = list((ROOT.parent / "shared" / "course").glob("000_*.txt"))
    if not documents:
        pytest.skip("needs the course documents beside the checkout")
    text = documents[0].read_text(encoding="utf-8")
    assert "class당 최대 1,000장" in text and "1,000 images per class" in text
    assert SMALL_PER_CLASS == 1000
