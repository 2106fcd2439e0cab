"""Each transfer test gets its own lab home (runs, feature cache, imported photo sets)."""

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def lab_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path / "home"))
    return tmp_path / "home"
