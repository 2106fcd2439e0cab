"""Where the Ray cluster is: the `CNNLAB_RAY_ADDRESS` setting, and its host and port.

CNNLAB_RAY_ADDRESS=ray://head:10001   # Ray Client, through the head's client server
CNNLAB_RAY_ADDRESS=10.0.0.5:6379      # the head's GCS, from a machine inside the cluster
CNNLAB_RAY_ADDRESS=auto               # the cluster started on this machine
unset or empty                        # no cluster: runs train in the lab's own threads
"""

from __future__ import annotations

import os

ADDRESS_VARIABLE = "CNNLAB_RAY_ADDRESS"
CLIENT_PREFIX = "ray://"


def ray_address() -> str | None:
    """The configured cluster address, or None when runs train in this process."""
    address = os.environ.get(ADDRESS_VARIABLE, "").strip()
    return address or None


def endpoint(address: str) -> tuple[str, int] | None:
    """The (host, port) an address names, to check it answers before Ray waits on it; None
    for "auto" and for an address without a port (Ray finds those itself)."""
    rest = address.removeprefix(CLIENT_PREFIX)
    host, colon, port = rest.rpartition(":")
    if not colon or not port.isdigit() or not host:
        return None
    return host.strip("[]"), int(port)  # "[::1]:6379": an IPv6 host in brackets
