"""The engine (core/) type-checks under the project's mypy config (pyproject.toml)."""

import subprocess
import sys

from tests.conftest import ROOT


def test_mypy_core() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
