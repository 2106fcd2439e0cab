"""Show text from outside the page's own code (error messages, file names, JSON keys) as
it is: Streamlit renders Markdown everywhere, so `__import__` would become a bold "import",
`[x](y)` a link and `:red[...]` coloured text."""

from __future__ import annotations

import html
import re

# CommonMark lets a backslash escape any ASCII punctuation; these are the ones that give
# meaning mid-line: emphasis, code, links and Streamlit's ":red[...]" (brackets), HTML,
# LaTeX ($...$), strike-through, tables and headings. Parentheses and dashes stay as they are.
_SPECIAL = re.compile(r"([\\`*_\[\]<>$~|#])")
# A list or quote where a line starts ("- ", "+ ", "> ", "1. "): its marker escaped.
_LINE_START = re.compile(r"^(\s*)(\d*)([-+.)])(?=\s)", re.MULTILINE)
# Streamlit reads ":name:" as an emoji or icon and ":red[" as a colour even with the brackets
# escaped: a colon is written as its HTML entity, which Markdown shows as ":" and neither
# rule matches. So is an "&" that starts an entity, so that "&#58;" typed by a person shows
# as typed. GitHub's autolinks make a link of a bare "http://…", "www.…" or "a@b.c" whatever
# is escaped (all seen in Chromium): an invisible word joiner (U+2060) breaks each pattern.
_ENTITY = re.compile(r"&(?=#?\w+;)")
_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?i)(?<=:)(?=//)|(?<=www)(?=\.)|(?=@)")


def plain(text: object) -> str:
    """`text` with every Markdown-special character escaped, to be shown literally."""
    text = _ENTITY.sub("&amp;", str(text))
    text = _SPECIAL.sub(r"\\\1", text)
    text = _LINE_START.sub(r"\1\2\\\3", text)
    text = _AUTOLINK.sub(_JOINER, text)
    return text.replace(":", "&#58;")


def plot_text(text: object) -> str:
    """`text` for a plotly figure (titles, axis ticks, legends, hover text): plotly reads a
    few HTML tags there (`<a href>`, `<b>`, `<br>`), so `<`, `>` and `&` are escaped and a
    class named `<a href=…>` shows as typed."""
    return html.escape(str(text), quote=False)
