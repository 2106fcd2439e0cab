"""How large each kind of upload may be, in the MB that `st.file_uploader(max_upload_size=…)`
takes: a photo is not 150 MB. The browser refuses a larger file before sending it; core
checks every size again (a hostile client can skip the browser), and `.streamlit/
config.toml`'s `server.maxUploadSize` is the server's own ceiling for any one file.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from core.data.build import MAX_FILE_BYTES
from core.i18n import _
from core.images import MAX_PHOTO_BYTES
from core.model.spec_io import MAX_SPEC_BYTES
from dashboard.plain import plain

_MB = 1024 * 1024  # Streamlit's megabyte


def _mb(limit: int) -> int:
    """A byte limit as whole MB, at least 1 (Streamlit's unit)."""
    return max(1, limit // _MB)


PHOTO_MB = _mb(MAX_PHOTO_BYTES)  # one photo to look at, convolve or ask about
IMAGE_FILE_MB = _mb(MAX_FILE_BYTES)  # one image of a dataset, uploaded per class
SPEC_MB = _mb(MAX_SPEC_BYTES)  # a model or augmentation JSON
ZIP_MB = 200  # a zip of class folders, or a .cnnlab bundle: the server's ceiling
BUNDLE_MB = ZIP_MB


def too_large(upload: UploadedFile, limit: int = MAX_PHOTO_BYTES) -> bool:
    """True, with a message, when `upload` is over `limit` bytes. The browser's limit is a
    courtesy a hostile client skips (a 209 MB "photo" was decoded and answered)."""
    if upload.size <= limit:
        return False
    st.error(
        _("{file} is {size:.0f} MB; the lab takes up to {limit:.0f} MB.").format(
            file=plain(upload.name), size=upload.size / 1e6, limit=limit / 1e6
        )
    )
    return True
