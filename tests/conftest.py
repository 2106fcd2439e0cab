"""Shared test settings: where the shared test data lives."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATASETS = ROOT.parent / "shared" / "datasets"


@pytest.fixture(scope="session")
def shared_datasets() -> Path:
    """The read-only test data beside the checkout; tests that need it skip without it."""
    if not SHARED_DATASETS.is_dir():
        pytest.skip(f"needs the shared test data at {SHARED_DATASETS} (absent in this checkout)")
    return SHARED_DATASETS
