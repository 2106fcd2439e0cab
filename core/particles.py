"""Korean particles chosen by the word before them: a message written "{name}은(는)" reads
"민아는" or "준은" once the name is in. Hangul syllables and digits say whether they end in a
consonant; after anything else (a Latin name, a symbol) the written pair stays, as Korean
software writes it when it cannot know."""

from __future__ import annotations

import re

# The written pair -> (after a consonant, after a vowel).
PAIRS = {
    "은(는)": ("은", "는"),
    "는(은)": ("은", "는"),
    "이(가)": ("이", "가"),
    "가(이)": ("이", "가"),
    "을(를)": ("을", "를"),
    "를(을)": ("을", "를"),
    "과(와)": ("과", "와"),
    "와(과)": ("과", "와"),
    "(으)로": ("으로", "로"),
}
RIEUL = 8  # ㄹ as a final consonant: "(으)로" reads "로" after it (서울로)
DIGITS = "영일이삼사오육칠팔구"  # how 0-9 are read
# The last character that is read, then closing quotes, brackets or Markdown, then the pair.
_PATTERN = re.compile(
    r"([^\s'\"”’)\]*`])(['\"”’)\]*`]*)(" + "|".join(re.escape(pair) for pair in PAIRS) + ")"
)


def final_consonant(char: str) -> int | None:
    """The final consonant's index (0: none) of a Hangul syllable or a digit as read; None
    when the character's reading is not known."""
    if char.isdigit() and char.isascii():
        char = DIGITS[int(char)]
    code = ord(char) - 0xAC00
    return code % 28 if 0 <= code < 11172 else None


def _choose(match: re.Match[str]) -> str:
    last, closing, pair = match.groups()
    final = final_consonant(last)
    if final is None:
        return match.group(0)
    after_consonant, after_vowel = PAIRS[pair]
    consonant = final != 0 and not (pair == "(으)로" and final == RIEUL)
    return last + closing + (after_consonant if consonant else after_vowel)


def choose_particles(text: str) -> str:
    """Every written pair in `text` made the one its word takes, where the word says."""
    return _PATTERN.sub(_choose, text) if "(" in text else text
