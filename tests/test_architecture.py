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


# Core operations that take the person asking (`actor`/`owner`): a page that leaves it out
# acts as the one local user, who owns everything (a student's photo set imported on the
# Transfer page was everyone's until it passed actor()).
ACTS_FOR_SOMEONE = {
    "import_zip", "import_files", "import_folder", "TrainingRun", "make_run", "continue_run",
    "stop_run", "delete_run", "rename_run", "delete_custom", "evaluate_run", "export_onnx",
    "export_run", "bundle_bytes", "import_bundle", "list_runs", "list_custom", "list_datasets",
    "list_finetuned", "load_trained", "check_use", "check_locks", "share", "push", "withdraw",
}  # fmt: skip


def _calls_actor(node: ast.AST) -> bool:
    return any(
        (isinstance(inner, ast.Call) and getattr(inner.func, "id", None) == "actor")
        or (isinstance(inner, ast.Name) and inner.id in ("me", "who"))
        for inner in ast.walk(node)
    )


def test_every_page_says_who_asks_core() -> None:
    missing = []
    for path in sorted((ROOT / "dashboard").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            if name in ACTS_FOR_SOMEONE and not _calls_actor(node):
                missing.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}")
    assert missing == []
