"""Classroom mode and its secrets: off by default (one person on this computer, on
127.0.0.1); `CNNLAB_CLASSROOM=1` (`scripts/start.sh --classroom`) serves a class.

The class code (students type it to join) and the teacher's password come from the
environment (`CNNLAB_CLASS_CODE`, `CNNLAB_TEACHER_PASSWORD`) or, failing that, from
`classroom.json` in the lab's home, made on first start with random values and readable by
the server's user only (0600). The start script prints both for the teacher.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from core.paths import lab_home

SECRETS_FILE = "classroom.json"
# No 0/O or 1/I/l: a code read off a projector is typed without mistakes.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def classroom_mode() -> bool:
    """True when the lab serves a class (`CNNLAB_CLASSROOM=1`)."""
    return os.environ.get("CNNLAB_CLASSROOM", "").strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class ClassSecrets:
    class_code: str
    teacher_password: str


def _secrets_path() -> Path:
    return lab_home() / SECRETS_FILE


def _new_secrets() -> dict[str, str]:
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
    return {"class_code": code, "teacher_password": secrets.token_urlsafe(12)}


def class_secrets() -> ClassSecrets:
    """This class's code and teacher password (made and saved on first call)."""
    path = _secrets_path()
    saved: dict[str, str] = {}
    if path.is_file():
        try:
            saved = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            saved = {}
    if not (isinstance(saved, dict) and saved.get("class_code") and saved.get("teacher_password")):
        saved = _new_secrets()
        path.parent.mkdir(parents=True, exist_ok=True)
        # Created 0600 from the start: the password is never readable by others, not even
        # for a moment between writing and chmod.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
            json.dump(saved, stream)
    return ClassSecrets(
        os.environ.get("CNNLAB_CLASS_CODE") or str(saved["class_code"]),
        os.environ.get("CNNLAB_TEACHER_PASSWORD") or str(saved["teacher_password"]),
    )
