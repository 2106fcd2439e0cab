"""A connection accepted by an asyncio server whose listening socket has protocol number 0
(as the lab's server's has) sends at once: TCP_NODELAY is on once `send_at_once` ran."""

from __future__ import annotations

import asyncio
import asyncio.base_events
import socket
import threading

import pytest

from dashboard.nodelay import send_at_once


async def _accepted_nodelay() -> int:
    """TCP_NODELAY of the server side of one connection to a fresh loopback server."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # protocol 0, as uvicorn's
    listener.bind(("127.0.0.1", 0))
    accepted: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    class Server(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            sock = transport.get_extra_info("socket")
            accepted.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            transport.close()

    server = await asyncio.get_running_loop().create_server(Server, sock=listener)
    try:
        _reader, writer = await asyncio.open_connection(*listener.getsockname())
        result = await asyncio.wait_for(accepted, 10)
        writer.close()
        return result
    finally:
        server.close()


def test_the_servers_connections_send_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Whatever this Python does by itself, the hook is put back after the test.
    monkeypatch.setattr(asyncio.base_events, "_set_nodelay", asyncio.base_events._set_nodelay)
    send_at_once()
    found: list[int] = []
    # A thread of its own: a browser test's Playwright may run an event loop in this one.
    thread = threading.Thread(target=lambda: found.append(asyncio.run(_accepted_nodelay())))
    thread.start()
    thread.join(timeout=30)
    assert found and found[0] != 0
