"""A class in a fresh lab home: classroom mode on, a known code and teacher password."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def classroom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path))
    monkeypatch.setenv("CNNLAB_CLASSROOM", "1")
    monkeypatch.setenv("CNNLAB_CLASS_CODE", "KQ7M2P")
    monkeypatch.setenv("CNNLAB_TEACHER_PASSWORD", "correct horse")
    return tmp_path
