r"""Where the lab's files are: its own (pages, assets, translations) and the ones it keeps
(data, runs and caches, under one home folder).

In a checkout the lab's own files sit beside `core/`; an installed wheel carries them in its
`cnnlab_files` package (setup.py). `CNNLAB_HOME` moves the home (tests and servers use a
temporary one); by default it is the checkout's folder, which git ignores, or, installed,
the platform's user data folder (platformdirs: ~/.local/share/cnnlab on Linux,
%LOCALAPPDATA%\cnnlab on Windows, ~/Library/Application Support/cnnlab on macOS).
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CHECKOUT = (PROJECT_ROOT / "pages").is_dir() and (PROJECT_ROOT / "assets").is_dir()
FILES_DIR = PROJECT_ROOT if CHECKOUT else PROJECT_ROOT / "cnnlab_files"
ASSETS_DIR = FILES_DIR / "assets"
PAGES_DIR = FILES_DIR / "pages"
LOCALE_DIR = FILES_DIR / "locale"
# The course's "monkey or human?" photos (read-only, never copied into the lab): beside a
# checkout, or wherever the teacher put them on the class server (CNNLAB_COURSE_PHOTOS, a
# folder with train/<class>/ and test/<class>/). The Transfer page offers them when there.
SHARED_PHOTOS = Path(
    os.environ.get("CNNLAB_COURSE_PHOTOS")
    or PROJECT_ROOT.parent / "shared" / "datasets" / "monkey_vs_human"
)


def default_home() -> Path:
    """The checkout's folder, or (installed) the platform's user data folder."""
    if CHECKOUT:
        return PROJECT_ROOT
    from platformdirs import user_data_dir  # lazy: only an installed lab needs it

    return Path(user_data_dir("cnnlab", appauthor=False))


def lab_home() -> Path:
    return _resolved(os.environ.get("CNNLAB_HOME") or str(default_home()))


@functools.lru_cache(maxsize=16)
def _resolved(home: str) -> Path:
    """A home's absolute path, worked out once per value: every page run and class check asks
    (each database call), and resolving costs a system call per folder of the path."""
    return Path(home).resolve()


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
