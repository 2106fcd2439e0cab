"""Shared test settings: where the shared test data lives."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATASETS = ROOT.parent / "shared" / "datasets"

# Tests import folders made under the temporary directory: a configured root, as a teacher
# would configure one (core.classroom.roots); the e2e servers inherit it.
os.environ.setdefault(
    "CNNLAB_IMPORT_ROOTS",
    os.pathsep.join([tempfile.gettempdir(), str(SHARED_DATASETS), str(Path.home())]),
)
# Under pytest-xdist (scripts/test.sh) each worker is one of as many processes as cores:
# one torch thread each by default, or they fight over the cores (their servers inherit it).
if os.environ.get("PYTEST_XDIST_WORKER"):
    os.environ.setdefault("OMP_NUM_THREADS", "1")
# A page's error reaches the test (the app shows users a message instead, dashboard/guard.py).
os.environ.setdefault("CNNLAB_RAISE_ERRORS", "1")


@pytest.fixture(scope="session")
def shared_datasets() -> Path:
    """The read-only test data beside the checkout; tests that need it skip without it."""
    if not SHARED_DATASETS.is_dir():
        pytest.skip(f"needs the shared test data at {SHARED_DATASETS} (absent in this checkout)")
    return SHARED_DATASETS


@pytest.fixture
def classroom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A class in a fresh lab home: classroom mode on, a known code and teacher password."""
    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path))
    monkeypatch.setenv("CNNLAB_CLASSROOM", "1")
    monkeypatch.setenv("CNNLAB_CLASS_CODE", "KQ7M2P")
    monkeypatch.setenv("CNNLAB_TEACHER_PASSWORD", "correct horse")
    return tmp_path


@pytest.fixture
def people(classroom: Path) -> tuple:
    """Mina and Jun, students, and the teacher, in a fresh class."""
    from core.identity.people import join, teacher_login

    mina, _ = join("Mina", "KQ7M2P")
    jun, _ = join("Jun", "KQ7M2P")
    teacher, _ = teacher_login("correct horse")
    return mina, jun, teacher


# mypy's check (about 25 s from a fresh clone, on one core) first: pytest-xdist hands each
# worker whole files in collection order, and as the last file it kept one core busy while
# the other had nothing left to do.
FIRST = ("tests/test_types.py",)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def first(item: pytest.Item) -> bool:
        return Path(str(item.fspath)).relative_to(ROOT).as_posix() not in FIRST

    items.sort(key=first)  # stable: every other file keeps its place and its order
