"""Korean particles chosen by the word before them, in a message as a page formats it."""

from __future__ import annotations

import pytest

from core.i18n import _, using_language
from core.particles import choose_particles


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("민아은(는) 나갔습니다", "민아는 나갔습니다"),
        ("준은(는) 나갔습니다", "준은 나갔습니다"),
        ("준이(가) 왔습니다", "준이 왔습니다"),
        ("민아이(가) 왔습니다", "민아가 왔습니다"),
        ("모델을(를) 엽니다", "모델을 엽니다"),
        ("레이어을(를) 지웁니다", "레이어를 지웁니다"),
        ("서울(으)로", "서울로"),  # ㄹ: 로
        ("집(으)로", "집으로"),
        ("학교(으)로", "학교로"),
        ("3을(를)", "3을"),  # 삼
        ("2을(를)", "2를"),  # 이
        ("7(으)로", "7로"),  # 칠
        ("'민아'은(는)", "'민아'는"),  # a closing quote is not read
        ("**준**과(와)", "**준**과"),
        ("Mina은(는)", "Mina은(는)"),  # a Latin name: the pair stays
        ("괄호(는) 그대로", "괄호(는) 그대로"),  # not a pair this module knows
    ],
)
def test_each_pair_takes_its_words_particle(written: str, read: str) -> None:
    assert choose_particles(written) == read


def test_a_korean_message_formats_with_the_right_particle() -> None:
    with using_language("ko"):
        template = _("{name} is not a fine-tuned model saved by CNN Lab.")
        assert "은(는)" in template  # the catalogue writes the pair
        assert template.format(name="민아").startswith("민아는 ")
        assert template.format(name="준").startswith("준은 ")
        assert type(template.format(name="준")) is str
    with using_language("en"):
        assert _("{name} is not a fine-tuned model saved by CNN Lab.").format(name="x")[:5] == (
            "x is "
        )
