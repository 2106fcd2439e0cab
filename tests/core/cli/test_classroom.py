"""`python -m core classroom`, what start.sh --classroom prints for the projector: the
students' address and the class code, never the teacher's password beside them; a new
password is printed once, apart, and kept in a file only the server's user reads."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def _classroom(home: Path, **env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CNNLAB_")}
    result = subprocess.run(
        [sys.executable, "-m", "core", "classroom", "--lang", "en"],
        cwd=ROOT,
        env={**clean, "CNNLAB_HOME": str(home), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _students_part(text: str) -> str:
    return text[text.index("Students open:") :]


def test_a_new_password_is_printed_once_apart_from_the_students_lines(tmp_path: Path) -> None:
    first = _classroom(tmp_path)
    password = (tmp_path / "teacher-password.txt").read_text().strip()
    assert stat.S_IMODE((tmp_path / "teacher-password.txt").stat().st_mode) == 0o600
    assert first.count(password) == 1
    assert password not in _students_part(first)  # not on the projector's lines
    assert first.index(password) < first.index("Students open:")
    assert "\n\n" in first[first.index(password) : first.index("Students open:")]
    assert password not in (tmp_path / "classroom.json").read_text()
    again = _classroom(tmp_path)
    assert password not in again and "teacher-password.txt" in again
    assert "Class code:" in _students_part(again)


def test_a_password_from_the_environment_is_never_printed(tmp_path: Path) -> None:
    text = _classroom(tmp_path, CNNLAB_CLASS_CODE="KQ7M2P", CNNLAB_TEACHER_PASSWORD="correct horse")
    assert "correct horse" not in text and "Class code: KQ7M2P" in text
    assert not (tmp_path / "teacher-password.txt").exists()
