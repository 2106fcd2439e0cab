"""Tooltips that end with a link to the course term's entry on the Glossary page (용어집)."""

from __future__ import annotations

from core.course.glossary import TERMS
from core.i18n import _, get_language

TERM_KEYS = {term.key: term for term in TERMS}


def glossary_url(key: str) -> str:
    """The Glossary page opened on one term, in this session's language. Relative, so it
    also works when the lab is served under a path (server.baseUrlPath)."""
    return f"glossary?term={key}&lang={get_language()}"


def with_term(key: str, text: str = "") -> str:
    """`text` (a translated tooltip) followed by a link to the term `key` in the glossary."""
    term = TERM_KEYS[key]
    name = term.korean if get_language() == "ko" else term.english
    link = _("Glossary: [{term}]({url})").format(term=name, url=glossary_url(key))
    return f"{text}\n\n{link}" if text else link
