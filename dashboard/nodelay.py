"""The server sends each message the moment it is written (TCP_NODELAY on its connections).

asyncio turns Nagle's algorithm off only on sockets whose protocol number is IPPROTO_TCP,
and the server's listening socket (made with protocol 0) accepts connections that fail that
test. Nagle then held the last small messages of every script run until the browser's
delayed acknowledgement, 40 ms later: a student's half-second check took 48 ms instead of
6, a page 51 ms instead of 26 (measured here with bench/load_test.py's client; the same
client with TCP_QUICKACK took the short times). Installed once per process, from the first
page run on: connections accepted after it send at once (a reconnect picks it up).
"""

from __future__ import annotations

import asyncio.base_events
import contextlib
import socket

_STREAMS = (socket.AF_INET, socket.AF_INET6)


def _set_nodelay(sock: socket.socket) -> None:
    """asyncio's own hook for a new connection's socket, without the protocol-number test."""
    if sock.family in _STREAMS and sock.type == socket.SOCK_STREAM:
        # A socket the platform refuses it for keeps Nagle, as before.
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def send_at_once() -> None:
    """From now on, every new connection of this process's asyncio servers sends at once."""
    asyncio.base_events._set_nodelay = _set_nodelay  # type: ignore[attr-defined]
