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


@pytest.fixture(scope="session")
def shared_datasets() -> Path:
    """The read-only test data beside the checkout; tests that need it skip without it."""
    if not SHARED_DATASETS.is_dir():
        pytest.skip(f"needs the shared test data at {SHARED_DATASETS} (absent in this checkout)")
    return SHARED_DATASETS
