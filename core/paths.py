"""Where the lab keeps its files: data, runs and caches, under one home folder.

`CNNLAB_HOME` moves them all (tests and servers use a temporary one); by default they sit in
the project folder, which git ignores.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ASSETS_DIR = PROJECT_ROOT / "assets"
# The course's "monkey or human?" photos, beside a checkout of the lab (read-only, never
# copied into it): the Transfer page offers them when they are there.
SHARED_PHOTOS = PROJECT_ROOT.parent / "shared" / "datasets" / "monkey_vs_human"


def lab_home() -> Path:
    return Path(os.environ.get("CNNLAB_HOME", PROJECT_ROOT)).resolve()


def _subdir(name: str) -> Path:
    path = lab_home() / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def data_dir() -> Path:
    """Datasets: built-in downloads and the student's own photo sets."""
    return _subdir("data")


def runs_dir() -> Path:
    """Training runs: config, metrics and checkpoints, one folder each."""
    return _subdir("runs")


def cache_dir() -> Path:
    """Derived files that can always be rebuilt (extracted archives, cached features)."""
    return _subdir("cache")
