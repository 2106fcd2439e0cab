"""Korean and English: the catalogue is complete and in step with the code, and each
session (thread) keeps its own language."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from core.i18n import LOCALE_DIR, _, get_language, language_of, set_language
from tests.conftest import ROOT

CATALOGUE = LOCALE_DIR / "ko" / "LC_MESSAGES" / "cnnlab.po"


def _catalogue():
    with CATALOGUE.open("rb") as stream:
        return read_po(stream, locale="ko")


def _marked_in_code() -> set[str]:
    """Every literal the code passes to _, N_ or ngettext (as `pybabel extract` finds it)."""
    keywords = {"_": None, "N_": None, "ngettext": (1, 2)}
    found: set[str] = set()
    for folder in ("core", "dashboard", "pages"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / folder, keywords=keywords
        ):
            found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_message_has_a_korean_translation_and_none_is_fuzzy() -> None:
    catalogue = _catalogue()
    missing = [m.id for m in catalogue if m.id and not m.string]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert not missing and not fuzzy, (missing, fuzzy)


def test_the_catalogue_holds_every_marked_message_and_no_stale_one() -> None:
    in_catalogue = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalogue() if m.id}
    in_code = _marked_in_code()
    assert in_code - in_catalogue == set(), "run pybabel extract + update, then translate"
    assert in_catalogue - in_code == set(), "messages no code uses any more"


@pytest.mark.parametrize(
    ("tag", "language"),
    [
        ("ko-KR", "ko"),
        ("ko", "ko"),
        ("ko_KR.UTF-8", "ko"),
        ("en-US", "en"),
        ("fr", "en"),
        (None, "en"),
    ],
)
def test_the_browser_or_system_language_picks_korean_for_ko(tag: str | None, language: str) -> None:
    assert language_of(tag) == language


def test_each_session_keeps_its_own_language() -> None:
    seen: dict[str, str] = {}

    def session(language: str) -> None:
        set_language(language)
        seen[language] = _("Build a CNN")

    threads = [threading.Thread(target=session, args=(lang,)) for lang in ("ko", "en")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == {"ko": "CNN 만들기", "en": "Build a CNN"}
    assert get_language() == "en"  # this thread was never switched


def test_a_fresh_clone_without_a_compiled_catalogue_still_speaks_korean(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from core import i18n

    folder = tmp_path / "ko" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "cnnlab.po").write_bytes(CATALOGUE.read_bytes())  # the .po alone, no .mo
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n._catalogue.cache_clear()
    try:
        set_language("ko")
        assert _("Glossary") == "용어집"
    finally:
        set_language("en")
        i18n._catalogue.cache_clear()
