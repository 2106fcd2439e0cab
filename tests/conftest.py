"""Shared test settings: the project root on sys.path and where the shared test data lives."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATASETS = ROOT.parent / "shared" / "datasets"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture(scope="session")
def shared_datasets() -> Path:
    """The read-only test data beside the checkout; tests that need it skip without it."""
    if not SHARED_DATASETS.is_dir():
        pytest.skip(f"needs the shared test data at {SHARED_DATASETS} (absent in this checkout)")
    return SHARED_DATASETS
