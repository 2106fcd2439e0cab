"""The addresses students type to reach a classroom server on the local network."""

from __future__ import annotations

import socket


def lan_addresses() -> list[str]:
    """This computer's IPv4 addresses on its networks (not 127.x), best first.

    Connecting a UDP socket sends nothing; it only asks the system which address it would
    use, which is the one a student's laptop on the same network reaches."""
    found: list[str] = []
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.255.255.255", 1))
        found.append(probe.getsockname()[0])
    except OSError:
        pass
    finally:
        probe.close()
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.append(str(info[4][0]))
    except OSError:
        pass
    unique = dict.fromkeys(a for a in found if not a.startswith("127.") and a != "0.0.0.0")
    return list(unique)


def class_urls(port: int, https: bool = False) -> list[str]:
    scheme = "https" if https else "http"
    return [f"{scheme}://{address}:{port}" for address in lan_addresses()]
