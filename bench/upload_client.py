"""`st.file_uploader` over the websocket client of bench/load_test.py, as Streamlit 1.67's
browser does it: a `file_urls_request` BackMsg, the `file_urls_response` ForwardMsg with an
upload URL per file, an HTTP PUT of each file (multipart, the field named after the file,
with the XSRF cookie and its `X-Xsrftoken` header), then every later rerun carries the
uploader's `file_uploader_state_value` (name, size, file id and URLs), as the browser does.

Only ever talks to the server the bench started on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import http.client
import urllib.request
import uuid
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

from streamlit.proto import BackMsg_pb2, Common_pb2, ForwardMsg_pb2, WidgetStates_pb2

from bench.load_test import PAGE_TIMEOUT, Session

XSRF_COOKIE = "_streamlit_xsrf"
_xsrf: dict[str, str] = {}  # server URL -> its XSRF cookie's value


def xsrf_token(url: str) -> str:
    """The XSRF cookie the server sets on its health check (the browser gets it likewise)."""
    if url not in _xsrf:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=10) as response:
            cookie = SimpleCookie()
            for header in response.headers.get_all("Set-Cookie") or []:
                cookie.load(header)
        _xsrf[url] = cookie[XSRF_COOKIE].value if XSRF_COOKIE in cookie else ""
    return _xsrf[url]


def _put(url: str, path: str, name: str, data: bytes, mime: str) -> int:
    """One multipart PUT as the frontend's FileUploadClient sends it; the HTTP status."""
    boundary = uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{name}"\r\n'
        f"Content-Type: {mime}\r\n\r\n"
    ).encode()
    body = head + data + f"\r\n--{boundary}--\r\n".encode()
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    if token := xsrf_token(url):
        headers |= {"X-Xsrftoken": token, "Cookie": f"{XSRF_COOKIE}={token}"}
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=PAGE_TIMEOUT)
    try:
        connection.request("PUT", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


async def _file_urls(session: Session, names: list[str]) -> list[Common_pb2.FileURLs]:
    request_id = uuid.uuid4().hex
    message = BackMsg_pb2.BackMsg()
    message.file_urls_request.request_id = request_id
    message.file_urls_request.session_id = session.session_id
    message.file_urls_request.file_names.extend(names)
    await session.ws.send(message.SerializeToString())
    while True:  # other messages (a fragment's timer, a late delta) may come first
        forward = ForwardMsg_pb2.ForwardMsg()
        forward.ParseFromString(await asyncio.wait_for(session.ws.recv(), PAGE_TIMEOUT))
        if forward.WhichOneof("type") == "file_urls_response":
            response = forward.file_urls_response
            if response.response_id == request_id:
                if response.error_msg:
                    raise OSError(f"file_urls_request refused: {response.error_msg}")
                return list(response.file_urls)


async def upload(
    session: Session, label: str, files: list[tuple[str, bytes]], mime: str = ""
) -> None:
    """Put `files` (name, bytes) into the uploader labelled `label` on the page the session
    last ran; its next reruns carry them (until `clear`). Raises OSError if refused."""
    widget_id = session.uploaders[label]
    urls = await _file_urls(session, [name for name, _ in files])
    state = WidgetStates_pb2.WidgetState(id=widget_id)
    for (name, data), file_urls in zip(files, urls, strict=True):
        kind = mime or _mime(name)
        status = await asyncio.to_thread(
            _put, session.url.replace("ws", "http", 1).removesuffix("/_stcore/stream"),
            file_urls.upload_url, name, data, kind,
        )  # fmt: skip
        if status != 204:
            raise OSError(f"upload of {name} ({len(data):,} bytes) answered HTTP {status}")
        info = state.file_uploader_state_value.uploaded_file_info.add()
        info.name, info.size, info.file_id = name, len(data), file_urls.file_id
        info.file_urls.CopyFrom(file_urls)
    session.states[widget_id] = state


def clear(session: Session, label: str) -> None:
    """Empty the uploader (as the browser's ✕ does; the server keeps the bytes until the
    session ends, as with a browser that sends no DELETE)."""
    session.states.pop(session.uploaders[label], None)


def _mime(name: str) -> str:
    suffix = name.rsplit(".", 1)[-1].lower()
    return {
        "jpg": "image/jpeg",
        "jpeg": "image/jpeg",
        "png": "image/png",
        "zip": "application/zip",
    }.get(suffix, "application/octet-stream")
