"""The layout is the architecture: import-linter's contracts (pyproject.toml) hold, and every
page is a thin file that calls its own dashboard capability."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

PAGES = sorted((ROOT / "pages").glob("*.py"))
CAPABILITIES = sorted(
    p.name for p in (ROOT / "dashboard").iterdir() if (p / "__init__.py").is_file()
)


def test_import_contracts_hold() -> None:
    # Layers, no cycles, core free of Streamlit and the dashboard: see [tool.importlinter].
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def _imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    return [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)] + [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ]


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_a_page_imports_from_one_dashboard_capability(page: Path) -> None:
    modules = [m for m in _imported_modules(page) if m.split(".")[0] in ("core", "dashboard")]
    assert not [m for m in modules if m.startswith("core")], "pages reach core through dashboard/"
    packages = {m.split(".")[1] for m in modules}
    shell = {"navigation", "home"}  # the home page lists the pages
    assert len(packages - shell) <= 1 and packages <= set(CAPABILITIES) | shell, modules
    assert len(page.read_text().splitlines()) <= 30, "a page is a thin file"
