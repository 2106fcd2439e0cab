"""The class's secrets: the code, and the teacher's password kept only as a scrypt hash;
a password the lab makes is written once to a file only the server's user reads."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from core.identity.settings import (
    class_secrets,
    ensure_secrets,
    is_teacher_password,
    password_path,
    secrets_path,
)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path))
    for name in ("CNNLAB_CLASS_CODE", "CNNLAB_TEACHER_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_secrets_are_made_once_and_the_password_is_kept_only_hashed(home: Path) -> None:
    password = ensure_secrets()
    assert password and len(password) >= 12
    assert ensure_secrets() is None  # made once: never shown again
    first = class_secrets()
    assert first == class_secrets() and len(first.class_code) == 6
    saved = json.loads(secrets_path().read_text())
    assert saved["class_code"] == first.class_code and "teacher_password" not in saved
    assert password not in secrets_path().read_text()
    kind, n, _r, _p, salt, digest = saved["teacher_password_hash"].split("$")
    assert kind == "scrypt" and int(n) >= 2**14 and len(salt) == 32 and len(digest) == 64
    assert password_path().read_text().strip() == password
    assert _mode(secrets_path()) == _mode(password_path()) == 0o600
    assert is_teacher_password(password) and not is_teacher_password(password + "x")


def test_the_hash_is_salted(home: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    from core.identity.secret_hash import hash_secret, verify_secret

    one, two = hash_secret("correct horse"), hash_secret("correct horse")
    assert (
        one != two and verify_secret("correct horse", one) and verify_secret("correct horse", two)
    )
    assert not verify_secret("correct horse", "sha256$abc") and not verify_secret("x", None)


def test_an_older_homes_plain_password_is_hashed_and_moved_out(home: Path) -> None:
    secrets_path().write_text(json.dumps({"class_code": "KQ7M2P", "teacher_password": "old pw"}))
    assert ensure_secrets() == "old pw"  # shown once more, and kept for the teacher in a file
    assert "old pw" not in secrets_path().read_text()
    assert password_path().read_text().strip() == "old pw"
    assert class_secrets().class_code == "KQ7M2P" and is_teacher_password("old pw")


def test_the_environment_sets_a_password_that_is_never_written(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CNNLAB_TEACHER_PASSWORD", "correct horse")
    assert ensure_secrets() is None and not password_path().exists()
    assert is_teacher_password("correct horse") and not is_teacher_password("wrong")
    assert "correct horse" not in secrets_path().read_text()
