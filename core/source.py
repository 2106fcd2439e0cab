"""The source text of a module's class or function, read without importing the module:
exported code copies the lab's own blocks (PyTorch, Keras, transforms) verbatim."""

from __future__ import annotations

import ast
from pathlib import Path

from core.i18n import _


def definition_source(path: Path, name: str) -> str:
    """The source of top-level class or function `name` in the file `path`."""
    text = Path(path).read_text()
    for node in ast.parse(text).body:
        if isinstance(node, ast.ClassDef | ast.FunctionDef) and node.name == name:
            return ast.get_source_segment(text, node) or ""
    raise RuntimeError(_("{name} is not in {file}.").format(name=name, file=Path(path).name))
