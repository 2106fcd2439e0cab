"""People's names as a class sees them: tidied (NFC, one space between words, no invisible
or direction-changing characters), and compared by how they look, so "김민지", an NFD
"김민지" and "김민\u200b지" are one name, as are "Mina" and "MINA"."""

from __future__ import annotations

import unicodedata

from core.i18n import _

MAX_NAME = 40
# Bidi controls that are not in category Cf in every Unicode version, listed to be sure.
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F)}


def _visible(character: str) -> bool:
    return character not in _BIDI and unicodedata.category(character) not in ("Cf", "Cc")


def tidy(text: object, limit: int) -> str:
    """Text a person typed, as the lab keeps it (a name, a run's or dataset's title): NFC,
    invisible and direction-changing characters removed (a right-to-left override would show
    "gnp.exe" for "exe.png"), one space between words, at most `limit` characters."""
    text = unicodedata.normalize("NFC", str(text))
    text = "".join(c if _visible(c) or c.isspace() else "" for c in text)
    return " ".join(text.split())[:limit].strip()


def clean_name(name: object) -> str:
    """`name` as it is kept (`tidy`, at most MAX_NAME characters); ValueError when nothing
    is left."""
    text = tidy(name, MAX_NAME)
    if not text:
        raise ValueError(_("Type your name to join the class."))
    return text


def skeleton(name: str) -> str:
    """What a name looks like: NFKC, case-folded, without invisible characters or spaces.
    Two names with one skeleton are refused as one name."""
    text = unicodedata.normalize("NFKC", str(name)).casefold()
    text = "".join(c for c in text if _visible(c) and not c.isspace())
    return unicodedata.normalize("NFKC", text)
