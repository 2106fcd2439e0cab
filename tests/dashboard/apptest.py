"""Helpers to run a page of the app headlessly with Streamlit's AppTest."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


def open_page(file_name: str) -> AppTest:
    """Start the app and switch to `pages/<file_name>`; 60 s allows for importing torch."""
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, at.exception
    return at.switch_page(f"../pages/{file_name}").run()
