"""No English text reaches a Korean page unmarked: the pages pass no English literal to
Streamlit without `_()`, and the engine raises no error with an unmarked English message.

A static scan of the source (the AST), so it sees every branch, not only the ones a walk
happens to open; the Korean walks (AppTest and Chromium) check what is really shown."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import ROOT

# Streamlit calls whose first argument (or text keywords) the student reads.
SHOWN = {
    "title", "header", "subheader", "markdown", "caption", "write", "text", "info", "warning",
    "error", "success", "toast", "button", "download_button", "link_button", "page_link",
    "form_submit_button", "selectbox", "radio", "slider", "select_slider", "number_input",
    "text_input", "text_area", "checkbox", "toggle", "multiselect", "segmented_control",
    "pills", "file_uploader", "camera_input", "color_picker", "date_input", "expander",
    "popover", "tabs", "metric", "spinner", "status", "progress", "chat_input",
}  # fmt: skip
TEXT_KEYWORDS = {"label", "help", "placeholder", "caption", "body", "text", "value"}
TRANSLATORS = {"_", "N_", "ngettext"}
# Words the course itself keeps in English on Korean pages (Keras / PyTorch names, formats).
KEPT_IN_ENGLISH = {
    "JSON", "PyTorch", "Keras", "FLOPs", "Output Shape", "Param #", "Conv2D Param #",
    "Dense / Conv2D", "ReLU", "gamma", "factor", "Language / 언어",
}  # fmt: skip
MARKDOWN_DIRECTIVE = re.compile(r":[a-z]+\[|:material/[a-z_]+:|\*\*|`")


def _words(node: ast.expr) -> str:
    """The English a literal shows (f-string fields and Markdown directives left out)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = " ".join(v.value for v in node.values if isinstance(v, ast.Constant))
    else:
        return ""
    if text.strip() in KEPT_IN_ENGLISH or re.search("[가-힣]", text) or text.startswith("{"):
        return ""  # a course term, a bilingual text, or a JSON example
    text = MARKDOWN_DIRECTIVE.sub(" ", text)
    return " ".join(re.findall(r"[A-Za-z]{3,}", text))


def _call_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _shown_literals(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or _call_name(node) not in SHOWN:
            continue
        texts = [k.value for k in node.keywords if k.arg in TEXT_KEYWORDS]
        if node.args:
            first = node.args[0]
            texts += list(first.elts) if isinstance(first, (ast.List, ast.Tuple)) else [first]
        for text in texts:
            if _words(text):
                yield f"{path.relative_to(ROOT)}:{text.lineno}: {ast.unparse(text)[:80]}"


def test_pages_pass_no_unmarked_english_literal_to_streamlit() -> None:
    found = [
        hit
        for folder in ("dashboard", "pages")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for hit in _shown_literals(path)
    ]
    assert not found, "wrap these in _() and translate them:\n" + "\n".join(found)


def _unmarked_raises(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Raise) or not isinstance(node.exc, ast.Call):
            continue
        if _call_name(node.exc) in ("AssertionError", "NotImplementedError", "TypeError"):
            continue  # a programmer's mistake, not a student's: never shown on a page
        for argument in node.exc.args:
            if _words(argument):
                yield f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(argument)[:80]}"


def test_the_engine_raises_no_unmarked_english_message() -> None:
    found = [
        hit for path in sorted((ROOT / "core").rglob("*.py")) for hit in _unmarked_raises(path)
    ]
    assert not found, "wrap these in _() and translate them:\n" + "\n".join(found)
