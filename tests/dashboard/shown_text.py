"""What a page shows, as AppTest sees it, and which of it is in the wrong language.

A Korean page may keep the course's English names (Keras and PyTorch layers, Output Shape,
Param #, stride / padding as Keras arguments, dataset names, code): a text counts as English
when, with those taken out, two or more English words remain and it has no Korean at all."""

from __future__ import annotations

import re
from collections.abc import Iterator

from streamlit.testing.v1 import AppTest

KINDS = (
    "title", "header", "subheader", "markdown", "caption", "info", "warning", "error",
    "success", "button", "selectbox", "radio", "slider", "select_slider", "number_input",
    "text_input", "checkbox", "toggle", "expander", "tabs", "metric", "multiselect",
)  # fmt: skip
# Words the course keeps in English: Keras arguments and activations, names of data sets.
KEPT = {
    "stride", "padding", "same", "valid", "max", "avg", "relu", "softmax", "sigmoid", "tanh",
    "elu", "cnn", "lab", "mnist", "fashion", "cifar", "output", "shape", "param", "keras",
    "pytorch", "json", "flops", "none",
}  # fmt: skip
CODE = re.compile(
    r"`[^`]*`|:material/[a-z_]+:|:[a-z]+\[|nn\.\w+|\b\w*[a-z][A-Z0-9]\w*\b|\b\w+_\w+\b|\b[A-Z]{2,}\w*"
)
HANGUL = re.compile("[가-힣]")


def shown_texts(at: AppTest) -> Iterator[tuple[str, str]]:
    """(kind, text) for each label, body, help and option on the page."""
    for kind in KINDS:
        for element in getattr(at, kind, []):
            for attr in ("label", "body", "help"):
                value = getattr(element, attr, None)
                if isinstance(value, str):
                    yield kind, value
            if kind in ("selectbox", "radio", "multiselect"):
                yield from ((kind, str(option)) for option in element.options)


def is_english(text: str) -> bool:
    if HANGUL.search(text):
        return False
    words = re.findall(r"[A-Za-z]{3,}", CODE.sub(" ", text))
    return len([w for w in words if w.lower() not in KEPT]) >= 2


def has_korean(text: str) -> bool:
    return bool(HANGUL.search(text))
