"""Each uploader's limit holds on the server too: the browser's is a courtesy that a hostile
client skips (bench/upload_memory.py sent a 209 MB "photo" past it)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from core.images import MAX_PHOTO_BYTES
from dashboard.uploads import PHOTO_MB


def _page(size: int) -> None:
    import streamlit as st
    from streamlit.proto.Common_pb2 import FileURLs
    from streamlit.runtime.uploaded_file_manager import UploadedFile, UploadedFileRec

    from dashboard.uploads import too_large

    record = UploadedFileRec("f1", "[x](http://evil.test).jpg", "image/jpeg", b"\xff" * size)
    if not too_large(UploadedFile(record, FileURLs())):
        st.write("accepted")


def test_a_photo_over_the_limit_is_refused_with_its_name_as_typed() -> None:
    at = AppTest.from_function(_page, args=(MAX_PHOTO_BYTES + 1,)).run()
    assert not at.markdown
    (error,) = at.error
    assert "the lab takes up to 20 MB" in error.value and r"\[x\]" in error.value


def test_a_photo_at_the_limit_passes_and_the_browser_is_told_the_same() -> None:
    at = AppTest.from_function(_page, args=(MAX_PHOTO_BYTES,)).run()
    assert [m.value for m in at.markdown] == ["accepted"] and not at.error
    assert PHOTO_MB * 1024 * 1024 <= MAX_PHOTO_BYTES  # the browser refuses no file core takes
