"""An unexpected error on a page shows one sentence, no traceback and no server path; the
traceback goes to the server's log."""

from __future__ import annotations

import logging
import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


def _page_that_fails() -> None:
    from dashboard.guard import run_guarded

    def page() -> None:
        raise KeyError("/srv/cnnlab/secret/runs/x/status.json")

    run_guarded(page, "runs")


def test_a_failing_page_shows_a_message_and_logs_the_traceback(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("CNNLAB_RAISE_ERRORS", raising=False)
    with caplog.at_level(logging.ERROR, logger="cnnlab.pages"):
        at = AppTest.from_function(_page_that_fails).run()
    assert not at.exception
    shown = " ".join(e.value for e in at.error)
    assert "Something went wrong on this page (KeyError)" in shown
    assert "/srv" not in shown and "Traceback" not in shown
    assert "/srv/cnnlab/secret" in caplog.text and "Traceback" in caplog.text


def test_tests_see_the_error_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CNNLAB_RAISE_ERRORS", "1")
    at = AppTest.from_function(_page_that_fails).run()
    assert at.exception


def test_streamlit_shows_no_error_details_outside_a_page() -> None:
    config = tomllib.loads(Path(ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none"
