"""The CLI in Korean: `--lang ko` (before or after the command) or a Korean LANG; English
otherwise, and an in-process call leaves the caller's language as it was."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from core.cli.main import language_in, main
from core.i18n import get_language
from tests.conftest import ROOT


def run_cli(*args: str, lang: str = "C.UTF-8") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env["LANG"] = lang
    return subprocess.run(
        [sys.executable, "-m", "core", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


@pytest.mark.parametrize(
    ("argv", "language"),
    [
        (["--lang", "ko", "presets"], "ko"),
        (["presets", "--lang=ko"], "ko"),
        (["presets", "--lang", "en"], "en"),
        (["presets", "--lang", "fr"], None),  # argparse then refuses it with its usage line
        (["presets"], None),
    ],
)
def test_lang_is_found_before_or_after_the_command(argv: list[str], language: str | None) -> None:
    assert language_in(argv) == language


def test_help_follows_a_korean_lang_and_the_lang_option_wins() -> None:
    korean = run_cli("train", "--help", lang="ko_KR.UTF-8")
    assert korean.returncode == 0
    assert "데이터셋 이름 (기본값:" in korean.stdout
    english = run_cli("train", "--help", "--lang", "en", lang="ko_KR.UTF-8")
    assert "dataset name (default:" in english.stdout
    assert "데이터셋" not in english.stdout


def test_an_error_is_in_the_chosen_language() -> None:
    result = run_cli("train", "--dataset", "no_such_data", "--lang", "ko")
    assert result.returncode == 1
    assert result.stderr.startswith("오류: "), result.stderr
    assert "있는 데이터셋: " in result.stderr


def test_main_in_process_leaves_the_callers_language(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["presets", "--lang", "ko"]) == 0
    assert get_language() == "en"
    lines = capsys.readouterr().out.splitlines()
    assert lines and all("\t" in line for line in lines)
