"""The lab as a package: the wheel built from this checkout, installed in a fresh virtual
environment, starts with `cnnlab` from an empty folder, keeps its files in the platform's
user data folder, and opens every page (its pages, assets and translations are in it).

The fresh environment borrows the installed dependencies (torch is gigabytes) through a
.pth file; the lab itself comes only from the wheel."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import time
import urllib.request
from pathlib import Path

import pytest

from core.pages import PAGES
from tests.conftest import ROOT
from tests.e2e.conftest import _free_port, listening

# Runs in the fresh environment: every page of the installed app, in English and Korean.
EVERY_PAGE = """
import json, sys
from pathlib import Path
import core, dashboard
from core.paths import CHECKOUT, PAGES_DIR, lab_home
from core.i18n import using_language
from core.pages import PAGES
from streamlit.testing.v1 import AppTest

app = Path(dashboard.__file__).with_name("app.py")
opened = []
for language in ("en", "ko"):
    at = AppTest.from_file(str(app), default_timeout=90)
    at.query_params["lang"] = language
    with using_language(language):  # AppTest formats select options in this thread
        at.run()
        for info in PAGES:
            at.switch_page(str(PAGES_DIR / info.file)).run()
            if at.exception:
                sys.exit(f"{info.id} ({language}): {at.exception[0].message}")
            title = at.title[0].value if at.title else ""
            opened.append((info.id, title))
print(json.dumps({"core": core.__file__, "checkout": CHECKOUT, "home": str(lab_home()),
                  "opened": opened}))
"""


# What the wheel is built from (setup.py lists what goes in).
SOURCES = (
    "core", "dashboard", "pages", "assets", "locale", ".streamlit",
    "setup.py", "pyproject.toml", "requirements.txt", "requirements-dev.txt",
)  # fmt: skip
CACHES = shutil.ignore_patterns("__pycache__", "*.pyc")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel installed; returns its folder."""
    work = tmp_path_factory.mktemp("wheel")
    # Built from a copy of what a release holds: setuptools writes build/ where it builds,
    # and the checkout's own runs and data must not slip in.
    source = work / "source"
    for name in SOURCES:
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy2
        copy(ROOT / name, source / name, **({"ignore": CACHES} if copy is shutil.copytree else {}))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--quiet", "--wheel-dir", str(work), str(source)],
        check=True, capture_output=True, env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )  # fmt: skip
    (wheel,) = work.glob("cnn_lab-*.whl")
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    # The dependencies, from this environment (never the checkout's lab: no editable finder).
    Path(purelib, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
         "--no-index", "--quiet", str(wheel)],
        check=True, capture_output=True,
    )  # fmt: skip
    return venv


def _clean_env(tmp: Path) -> dict[str, str]:
    """No CNNLAB_* setting, no checkout on the path, a home of its own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CNNLAB_", "PYTHON"))}
    return {**env, "HOME": str(tmp / "home"), "XDG_DATA_HOME": str(tmp / "xdg")}


def test_cnnlab_starts_from_an_empty_folder(installed: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    port = _free_port()
    log = tmp_path / "cnnlab.log"
    process = subprocess.Popen(
        [str(installed / "bin" / "cnnlab"), "--port", str(port)],
        cwd=empty, env=_clean_env(tmp_path), stdout=log.open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None, log.read_text()[-2000:]
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health") as r:
                    assert r.status == 200
                    break
            except OSError:
                assert time.monotonic() < deadline, log.read_text()[-2000:]
                time.sleep(0.5)
        # The lab's settings came along: this computer only (127.0.0.1), as the README says.
        assert listening(port) == {"0100007F"}
    finally:
        process.terminate()
        process.wait(timeout=20)
    # Stopping `cnnlab` stops the server (a child server would have kept the port).
    assert listening(port) == set()
    assert list(empty.iterdir()) == []  # nothing written where it was started


def test_every_page_opens_from_the_installed_files(installed: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [str(installed / "bin" / "python"), "-c", EVERY_PAGE],
        cwd=tmp_path, env=_clean_env(tmp_path), capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["core"].startswith(str(installed)) and not result["checkout"]
    assert result["home"] == str(tmp_path / "xdg" / "cnnlab")  # platformdirs' user data folder
    assert [page for page, _title in result["opened"]] == [info.id for info in PAGES] * 2
    titles = [title for _page, title in result["opened"]]
    korean = titles[len(PAGES) :]  # the Korean catalogue is in the wheel
    assert all(re.search("[가-힣]", title) for title in korean if title != "CNN Lab"), korean
