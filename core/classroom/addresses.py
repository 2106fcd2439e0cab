"""The addresses students type to reach a classroom server on the local network."""

from __future__ import annotations

import io
import socket
from urllib.parse import urlencode


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


def join_url(base: str, class_code: str) -> str:
    """The address a phone opens from the QR code: the class code already in its join form."""
    return f"{base}/?{urlencode({'code': class_code})}"


def qr_png(text: str, box_size: int = 8) -> bytes:
    """`text` as a QR code (PNG): medium error correction, a quiet zone of four modules, so a
    phone's camera reads it off a projector from the back of the room."""
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=4)
    code.add_data(text)
    code.make(fit=True)
    out = io.BytesIO()
    code.make_image().save(out)
    return out.getvalue()
