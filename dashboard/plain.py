"""Show text from outside the page's own code (error messages, file names, JSON keys) as
it is: Streamlit renders Markdown everywhere, so `__import__` would become a bold "import",
`[x](y)` a link and `:red[...]` coloured text."""

from __future__ import annotations

import html
import re

# CommonMark lets a backslash escape any ASCII punctuation; these are the ones that give
# meaning mid-line: emphasis, code, links and Streamlit's ":red[...]" (brackets), HTML,
# LaTeX ($...$), strike-through and tables. Parentheses, dashes and colons stay as they are.
_SPECIAL = re.compile(r"([\\`*_\[\]<>$~|])")


def plain(text: object) -> str:
    """`text` with every Markdown-special character escaped, to be shown literally."""
    return _SPECIAL.sub(r"\\\1", str(text))


def plot_text(text: object) -> str:
    """`text` for a plotly figure (titles, axis ticks, legends, hover text): plotly reads a
    few HTML tags there (`<a href>`, `<b>`, `<br>`), so `<`, `>` and `&` are escaped and a
    class named `<a href=…>` shows as typed."""
    return html.escape(str(text), quote=False)
