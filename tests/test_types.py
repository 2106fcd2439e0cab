"""The engine (core/) type-checks under the project's mypy config (pyproject.toml)."""

import subprocess
import sys

from platformdirs import user_cache_dir

from tests.conftest import ROOT

# mypy's cache outside the checkout: a fresh clone on this machine then checks core/ again
# but not torch's stubs (13 s of CPU cold, under 1 s warm). mypy compares each cached file's
# hash, so a change anywhere is still checked; one cache per Python version.
CACHE = f"{user_cache_dir('cnnlab')}/mypy-{sys.version_info.major}.{sys.version_info.minor}"


def test_mypy_core() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", CACHE],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
