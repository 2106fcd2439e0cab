"""Classroom mode and its secrets: off by default (one person on this computer, on
127.0.0.1); `CNNLAB_CLASSROOM=1` (`scripts/start.sh --classroom`) serves a class.

The class code (students type it to join) comes from `CNNLAB_CLASS_CODE` or `classroom.json`
in the lab's home (0600). The teacher's password is never kept as itself: `classroom.json`
holds its scrypt hash; a password the lab makes is written once to `teacher-password.txt`
(0600) for the teacher to read, and `CNNLAB_TEACHER_PASSWORD` sets one instead (hashed in
memory). A home from an older lab with the password in `classroom.json` is converted.
"""

from __future__ import annotations

import functools
import json
import os
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path

from core.identity.secret_hash import hash_secret, verify_secret
from core.paths import lab_home

SECRETS_FILE = "classroom.json"
PASSWORD_FILE = "teacher-password.txt"
# No 0/O or 1/I/l: a code read off a projector is typed without mistakes.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_making = threading.Lock()


def classroom_mode() -> bool:
    """True when the lab serves a class (`CNNLAB_CLASSROOM=1`)."""
    return os.environ.get("CNNLAB_CLASSROOM", "").strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class ClassSecrets:
    class_code: str
    teacher_hash: str  # scrypt (core.identity.secret_hash), never the password


def secrets_path() -> Path:
    return lab_home() / SECRETS_FILE


def password_path() -> Path:
    return lab_home() / PASSWORD_FILE


def new_code(length: int = 6) -> str:
    """A code to read off a screen: `length` characters of CODE_ALPHABET."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def _write_private(path: Path, text: str) -> None:
    """Write `text` to a file that is 0600 from the start (never readable by others, not
    even for a moment), replacing the old one whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
        stream.write(text)
    os.replace(temporary, path)


def _load() -> dict:
    try:
        saved = json.loads(secrets_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return saved if isinstance(saved, dict) else {}


def ensure_secrets() -> str | None:
    """Make what is missing of the class's secrets; the teacher's password when one was
    made (or moved out of an older home's classroom.json) by this call, else None."""
    with _making:
        saved, shown = _load(), None
        changed = not saved.get("class_code")
        if changed:
            saved["class_code"] = new_code()
        if old := saved.pop("teacher_password", None):  # an older lab kept it as itself
            shown = str(old)
        elif not saved.get("teacher_password_hash") and not _env_password():
            shown = secrets.token_urlsafe(12)
        if shown is not None:
            saved["teacher_password_hash"] = hash_secret(shown)
            _write_private(password_path(), shown + "\n")
        if changed or shown is not None:
            _write_private(secrets_path(), json.dumps(saved))
        return shown


def _env_password() -> str:
    return os.environ.get("CNNLAB_TEACHER_PASSWORD", "")


@functools.lru_cache(maxsize=4)
def _hash_in_memory(password: str) -> str:
    return hash_secret(password)


def class_secrets() -> ClassSecrets:
    """This class's code and the teacher password's hash (made and saved on first call)."""
    ensure_secrets()
    saved = _load()
    password = _env_password()
    return ClassSecrets(
        os.environ.get("CNNLAB_CLASS_CODE") or str(saved["class_code"]),
        _hash_in_memory(password) if password else str(saved.get("teacher_password_hash")),
    )


def is_teacher_password(password: str) -> bool:
    """True for the teacher's password (scrypt, compared in constant time)."""
    return verify_secret(str(password), class_secrets().teacher_hash)
