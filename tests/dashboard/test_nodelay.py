"""The server's connections send at once: TCP_NODELAY is on, after `send_at_once`, for a
connection an asyncio server accepts from a listening socket of protocol number 0 (as the
lab's server's is) and for the connections already open when it ran (the first browser's)."""

from __future__ import annotations

import asyncio
import asyncio.base_events
import socket
import sys
import threading

import pytest

from dashboard import nodelay


def _nodelay(sock: socket.socket) -> int:
    return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


async def _accepted_nodelay() -> int:
    """TCP_NODELAY of the server side of one connection to a fresh loopback server."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # protocol 0, as uvicorn's
    listener.bind(("127.0.0.1", 0))
    accepted: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    class Server(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            accepted.set_result(_nodelay(transport.get_extra_info("socket")))
            transport.close()

    server = await asyncio.get_running_loop().create_server(Server, sock=listener)
    try:
        _reader, writer = await asyncio.open_connection(*listener.getsockname())
        result = await asyncio.wait_for(accepted, 10)
        writer.close()
        return result
    finally:
        server.close()


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """`send_at_once` not yet run in this process; asyncio's hook put back afterwards."""
    monkeypatch.setattr(asyncio.base_events, "_set_nodelay", asyncio.base_events._set_nodelay)
    monkeypatch.setattr(nodelay, "_done", threading.Event())


def test_connections_accepted_afterwards_send_at_once(fresh: None) -> None:
    nodelay.send_at_once()
    found: list[int] = []
    # A thread of its own: a browser test's Playwright may run an event loop in this one.
    thread = threading.Thread(target=lambda: found.append(asyncio.run(_accepted_nodelay())))
    thread.start()
    thread.join(timeout=30)
    assert found and found[0] != 0


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/fd")
def test_connections_already_open_send_at_once_too(fresh: None) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        with socket.create_connection(listener.getsockname()) as _client:
            accepted, _address = listener.accept()
            with accepted:
                assert _nodelay(accepted) == 0 and _nodelay(listener) == 0  # Nagle on
                nodelay.send_at_once()
                assert _nodelay(accepted) != 0  # the open connection, as the first browser's
                assert _nodelay(listener) != 0  # and the listener, for those to come


@pytest.mark.skipif(sys.platform == "win32", reason="uvloop has no Windows build")
def test_the_servers_own_loop_is_uvloop_and_sends_at_once_by_itself() -> None:
    """Streamlit runs its server on uvloop when it is installed (requirements.txt, not on
    Windows), and uvloop turns Nagle off on every connection it accepts without our hook."""
    import uvloop
    from streamlit.web import bootstrap

    assert bootstrap._get_uvloop_loop_factory() is uvloop.new_event_loop
    found: list[int] = []
    thread = threading.Thread(
        target=lambda: found.append(uvloop.run(_accepted_nodelay()))  # no send_at_once here
    )
    thread.start()
    thread.join(timeout=30)
    assert found and found[0] != 0
