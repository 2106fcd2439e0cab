"""The course's words: each is written at the line named, and the check finds the other word
only where it stands alone."""

from __future__ import annotations

import pytest

from core.course.exercises import DOCUMENTS
from core.course.glossary import TERMS
from core.course.terms import COURSE_WORDS, strays
from tests.conftest import ROOT

COURSE = ROOT.parent / "shared" / "course"
ENGLISH_IN_THE_DOCUMENT = {"파인 튜닝": "Fine Tuning", "주차": "Week 4"}


@pytest.mark.parametrize("word", COURSE_WORDS, ids=lambda word: word.concept)
def test_each_word_is_the_documents(word) -> None:
    document, line = word.source.split(":")
    path = COURSE / DOCUMENTS[document]
    if not path.is_file():
        pytest.skip(f"needs the course documents at {COURSE}")
    text = path.read_text().splitlines()[int(line) - 1]
    assert ENGLISH_IN_THE_DOCUMENT.get(word.course, word.course) in text, text


def test_the_other_word_is_found_alone_and_allowed_beside_the_courses() -> None:
    assert strays("컨볼루션 (합성곱)은 커널을 민다") == []
    assert strays("합성곱 레이어") == ["합성곱 레이어"]
    assert strays("Dense 층을 쌓는다") != [] and strays("심층 신경망, 계층") == []
    assert strays("레이어 (층)") == []


def test_the_glossary_gives_the_courses_word_first() -> None:
    names = {term.key: term.korean for term in TERMS}
    assert names["convolution"] == "컨볼루션 (합성곱)"
    assert names["layer"] == "레이어 (층)"
    assert names["fine-tuning"] == "파인 튜닝 (미세 조정)"
    for key in ("hyperparameter", "optimizer", "lr-schedule", "regularization", "one-hot"):
        assert key in names
    meanings = " ".join(f"{term.korean} {term.meaning_ko}" for term in TERMS)
    assert strays(meanings) == []


def test_every_korean_message_uses_the_courses_words() -> None:
    """The whole catalogue, pages not opened by the smoke test included (186 places before)."""
    from babel.messages.pofile import read_po

    with (ROOT / "locale" / "ko" / "LC_MESSAGES" / "cnnlab.po").open("rb") as file:
        catalogue = read_po(file)
    texts = [
        text
        for message in catalogue
        if message.id
        for text in (message.string if isinstance(message.string, tuple) else (message.string,))
    ]
    assert [place for text in texts for place in strays(text)] == []
