"""The lab's home: CNNLAB_HOME wins, read at each call (its resolved form is kept per value)."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.paths import lab_home, runs_dir


def test_the_home_follows_cnnlab_home_at_each_call(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "a")
    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path / "link" / ".." / "b"))
    assert lab_home() == (tmp_path / "b").resolve()  # absolute, links and ".." resolved
    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path / "link"))
    assert lab_home() == (tmp_path / "a").resolve()
    assert runs_dir() == (tmp_path / "a" / "runs").resolve() and runs_dir().is_dir()
