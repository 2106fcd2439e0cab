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


# pytest-xdist (scripts/test.sh: --dist loadfile --no-loadscope-reorder) hands each worker
# whole files in collection order, one more whenever a worker has at most two tests left.
# Longest first, then the many short files fill in, so both cores finish together: mypy's
# check (25 s on one core with a cold cache), then the files that each took 15 s or more in
# a whole run (seconds of the suite on this 2-core machine), then the other browser tests,
# then the rest in their own order. xdist's default order (files with the most tests first)
# left the one-test browser files, the longest, for last. Slow files run alone: no order.
LONGEST_FIRST = (
    "tests/test_types.py",
    "tests/e2e/test_korean.py",  # 62 s (two walks of every page)
    "tests/e2e/test_classroom.py",  # 59 s (four browsers)
    "tests/e2e/test_hostile_class.py",  # 48 s
    "tests/core/portable/test_onnx.py",  # 35 s
    "tests/e2e/test_builder_page.py",  # 35 s
    "tests/e2e/test_conv_pages.py",  # 33 s
    "tests/e2e/test_phone.py",  # 30 s
    "tests/core/model/test_keras_reference.py",  # 17 s
    "tests/e2e/test_course_page.py",  # 15 s
    "tests/core/cli/test_train.py",  # 13 s
)


def _place(item: pytest.Item) -> tuple[int, int]:
    path = Path(str(item.fspath)).relative_to(ROOT).as_posix()
    if path in LONGEST_FIRST:
        return (0, LONGEST_FIRST.index(path))
    return (1 if path.startswith("tests/e2e/") else 2, 0)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=_place)  # stable: a file's tests keep their order
