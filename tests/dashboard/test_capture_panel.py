"""The photo set made from the camera or files: a picture the panel cannot take says why on
the page's next run (the panel reruns at once after each picture)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _script() -> None:
    from dataclasses import dataclass

    import streamlit as st

    from dashboard.transfer import capture_panel

    @dataclass
    class Upload:
        file_id: str
        name: str
        size: int

        def getvalue(self) -> bytes:
            return b"x"

    photos: dict = {}
    huge = capture_panel.MAX_FILE_BYTES + 1
    capture_panel._add(
        photos, "red", [Upload("a", "ok.png", 10), Upload("b", "<b>big</b>.png", huge)]
    )
    st.session_state["photos"] = {label: len(items) for label, items in photos.items()}


def test_a_picture_too_large_is_refused_with_a_message_kept_for_the_next_run() -> None:
    at = AppTest.from_function(_script).run()
    assert not at.exception
    assert at.session_state["photos"] == {"red": 1}
    kind, text = at.session_state["transfer.message"]
    assert kind == "error" and "too large for a photo set" in text
    assert "<b>" not in text  # the file's name is shown as text
