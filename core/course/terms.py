"""The course's own Korean words: where a document writes a word, the Korean pages use it.

Each entry names the concept, the course's word with the line that writes it, and the word
the lab used before, which a page may show only beside the course's, as in the glossary's
"컨볼루션 (합성곱)". tests/dashboard/test_every_page_smoke.py checks every Korean page."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class CourseWord:
    concept: str  # in English
    course: str  # the course's Korean word
    source: str  # document:line that writes it
    other: str  # the other common word: only beside the course's, "course (other)"
    other_pattern: str = ""  # a regex for `other` when it is part of longer words (층: 심층)

    def strays(self, text: str) -> list[str]:
        """Places in `text` where the other word stands without the course's beside it."""
        beside = re.compile(rf"{re.escape(self.course)} ?\({re.escape(self.other)}\)")
        bare = beside.sub("", text)
        other = self.other_pattern or re.escape(self.other)
        return re.findall(rf".{{0,8}}(?:{other}).{{0,4}}", bare)


COURSE_WORDS: tuple[CourseWord, ...] = (
    CourseWord("layer", "레이어", "001:356", "층", r"(?<![가-힣])층"),
    CourseWord("convolution", "컨볼루션", "003:80", "합성곱"),
    CourseWord("feature extractor", "특징 추출기", "001:317", "특성 추출기"),
    CourseWord("fine-tuning", "파인 튜닝", "001:332", "미세 조정"),  # "Fine Tuning" there
    CourseWord("case", "경우", "003:493", "사례"),
    CourseWord("instructor training", "교수자 연수", "004:4", "강사 교육"),
    CourseWord("week", "주차", "002:3", "주간"),  # "Deep Learning Week 4": 4주차
)


def strays(text: str) -> list[str]:
    """Every place in `text` that uses another word where the course has its own."""
    return [place for word in COURSE_WORDS for place in word.strays(text)]
