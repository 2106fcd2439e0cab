"""Korean and English: gettext catalogues maintained with Babel, one language per session.

    from core.i18n import _, ngettext, set_language
    set_language("ko")
    _("Build a CNN")                     # -> "CNN 만들기"
    ngettext("{n} image", "{n} images", 3).format(n=3)

The catalogue is `locale/<lang>/LC_MESSAGES/cnnlab.po` (`pybabel extract/update`, see
README); `scripts/setup.sh` compiles it to `.mo`. The language is, in this order: one set on
this thread (`set_language`: the CLI from `--lang` or `LANG`, tests), else what the
registered provider says (the dashboard's: the current Streamlit session's choice, which
also holds in widget callbacks that run before the page), else English. So sessions in
different languages never mix, and this module never imports Streamlit.
"""

from __future__ import annotations

import functools
import gettext
import io
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from core.paths import LOCALE_DIR

DOMAIN = "cnnlab"
LANGUAGES = {"en": "English", "ko": "한국어"}
DEFAULT_LANGUAGE = "en"

_language: ContextVar[str | None] = ContextVar("cnnlab_language", default=None)
_provider: Callable[[], str | None] | None = None


def use_language_provider(provider: Callable[[], str | None]) -> None:
    """Where the language comes from when no thread has set one (the dashboard registers
    the current session's choice)."""
    global _provider
    _provider = provider


def language_of(tag: str | None) -> str:
    """A browser locale or POSIX LANG ("ko-KR", "ko_KR.UTF-8", "en-US") -> "ko" or "en":
    Korean for every ko-*, English otherwise."""
    if tag and tag.strip().lower().replace("_", "-").split("-")[0].split(".")[0] == "ko":
        return "ko"
    return DEFAULT_LANGUAGE


def set_language(language: str) -> None:
    """Use `language` ("ko" or "en") for this thread's (this session's) messages."""
    _language.set(language if language in LANGUAGES else DEFAULT_LANGUAGE)


@contextmanager
def using_language(language: str) -> Iterator[None]:
    """`language` for this thread inside the block, the earlier choice after it (the CLI's
    `main` called in-process, tests)."""
    token = _language.set(language if language in LANGUAGES else DEFAULT_LANGUAGE)
    try:
        yield
    finally:
        _language.reset(token)


def get_language() -> str:
    language = _language.get()
    if language is None and _provider is not None:
        language = _provider()
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


@functools.cache
def _catalogue(language: str) -> gettext.NullTranslations:
    """The compiled catalogue; compiled in memory from the .po when no .mo is there yet (a
    fresh clone before the set-up script), and English (the msgids) when there is none."""
    if language == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    compiled, source = folder / f"{DOMAIN}.mo", folder / f"{DOMAIN}.po"
    if compiled.is_file() and (
        not source.is_file() or compiled.stat().st_mtime >= source.stat().st_mtime
    ):
        with compiled.open("rb") as stream:
            return gettext.GNUTranslations(stream)
    if not source.is_file():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo  # lazy: only without a compiled catalogue
    from babel.messages.pofile import read_po

    with source.open("rb") as stream:
        catalog = read_po(stream, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


class KoreanMessage(str):
    """A Korean message with a written particle pair ("{name}은(는)"): its format() picks
    the particle each filled-in word takes (core.particles)."""

    __slots__ = ()

    def format(self, *args: object, **kwargs: object) -> str:
        from core.particles import choose_particles

        return choose_particles(str.format(self, *args, **kwargs))


def _korean(text: str) -> str:
    return KoreanMessage(text) if ")" in text and "(" in text else text


def _(message: str) -> str:
    """`message` in the session's language (the English text is the msgid)."""
    language = get_language()
    text = _catalogue(language).gettext(message)
    return _korean(text) if language == "ko" else text


def N_(message: str) -> str:
    """Marks a literal for the catalogue where it is defined (a table of titles); it is
    translated where it is shown, with `_`."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for `n`, by the language's own plural rule."""
    language = get_language()
    text = _catalogue(language).ngettext(singular, plural, n)
    return _korean(text) if language == "ko" else text


def language_from_environment() -> str:
    """The CLI's language: LANGUAGE, LC_ALL, LC_MESSAGES or LANG, as gettext reads them."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        if os.environ.get(name):
            return language_of(os.environ[name])
    return DEFAULT_LANGUAGE
