"""core/ is the engine: usable from scripts and the CLI, so it never imports streamlit."""

import ast

from tests.conftest import ROOT


def test_core_never_imports_streamlit() -> None:
    offenders = []
    for path in (ROOT / "core").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            offenders += [
                f"{path.name}: {name}" for name in names if name.split(".")[0] == "streamlit"
            ]
    assert not offenders, offenders
