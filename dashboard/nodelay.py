"""The server sends each message the moment it is written (TCP_NODELAY on its connections).

asyncio turns Nagle's algorithm off only on sockets whose protocol number is IPPROTO_TCP,
and the server's listening socket (made with protocol 0) accepts connections that fail that
test. Nagle then held the last small messages of every script run until the browser's
delayed acknowledgement, 40 ms later: a student's half-second check took 48 ms instead of
6, a page 51 ms instead of 26 (measured here with bench/load_test.py's client; the same
client with TCP_QUICKACK took the short times).

Installed once per process, at the first page run: asyncio's hook for the connections to
come, and on Linux the option set on the sockets already open (the first browser's, which
brought that run, and the listening socket, whose option new connections inherit).
On uvloop (requirements.txt; not on Windows), which Streamlit's server runs on when it is
installed, libuv turns Nagle off on every connection by itself; this keeps asyncio's loop
(Windows, or an install without uvloop) as quick.
"""

from __future__ import annotations

import asyncio.base_events
import contextlib
import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

_STREAMS = (socket.AF_INET, socket.AF_INET6)
_installed = threading.Lock()
_done = threading.Event()


def _set_nodelay(sock: socket.socket) -> None:
    """asyncio's own hook for a new connection's socket, without the protocol-number test."""
    if sock.family in _STREAMS and sock.type == socket.SOCK_STREAM:
        # A socket the platform refuses it for keeps Nagle, as before.
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def _open_sockets() -> Iterator[socket.socket]:
    """Duplicates of this process's open sockets (Linux's /proc/self/fd; none elsewhere),
    to set options on: closing a duplicate leaves the socket open."""
    folder = Path("/proc/self/fd")
    entries = list(folder.iterdir()) if folder.is_dir() else []
    for entry in entries:
        try:
            if not os.readlink(entry).startswith("socket:"):
                continue
            duplicate = os.dup(int(entry.name))
        except (OSError, ValueError):  # closed meanwhile, or not a number
            continue
        try:
            yield socket.socket(fileno=duplicate)
        except OSError:
            os.close(duplicate)


def send_at_once() -> None:
    """From now on, every connection of this process's asyncio servers sends at once (the
    first call does the work; every page run calls this)."""
    if _done.is_set():
        return
    with _installed:
        if _done.is_set():
            return
        asyncio.base_events._set_nodelay = _set_nodelay  # type: ignore[attr-defined]
        for sock in _open_sockets():
            with sock:
                _set_nodelay(sock)
        _done.set()
