"""Connecting this process to the Ray cluster, once; every way it can fail says what to do.

Ray is imported here, and only here and in `core.cluster.remote`, inside functions: the
default install has no Ray, and `import core...` never needs it.
"""

from __future__ import annotations

import logging
import socket
import threading
from types import ModuleType

from core.cluster.errors import ClusterUnavailable
from core.cluster.settings import ADDRESS_VARIABLE, endpoint
from core.i18n import _

# A head that does not answer within this is down or unreachable; without this check Ray
# itself retries for about a minute before it gives up.
CONNECT_TIMEOUT = 5.0
# The lab's actors live in their own namespace (`ray list actors` shows them apart).
NAMESPACE = "cnnlab"

_LOCK = threading.Lock()
_connected: str | None = None  # the address this process is connected to


def _unreachable(address: str, reason: object) -> ClusterUnavailable:
    return ClusterUnavailable(
        _(
            "Cannot reach the Ray cluster at {address} ({reason}). Start its head "
            "(`ray start --head`) or correct the address, or unset {variable} to train on "
            "this server."
        ).format(address=address, reason=reason, variable=ADDRESS_VARIABLE)
    )


def check_reachable(address: str, timeout: float = CONNECT_TIMEOUT) -> None:
    """Raise ClusterUnavailable unless the address's host accepts a connection on its port."""
    found = endpoint(address)
    if found is None:
        return
    try:
        socket.create_connection(found, timeout=timeout).close()
    except OSError as error:
        raise _unreachable(address, error.strerror or error) from None


def import_ray(address: str) -> ModuleType:
    """The `ray` module; ClusterUnavailable with the install command when it is missing."""
    try:
        import ray
    except ImportError:
        raise ClusterUnavailable(
            _(
                "Training on the Ray cluster at {address} needs Ray, which is not installed "
                "on this server. Install it with `.venv/bin/python -m pip install -r "
                "requirements-ray.txt`, or unset {variable} to train on this server."
            ).format(address=address, variable=ADDRESS_VARIABLE)
        ) from None
    return ray


def connect(address: str) -> ModuleType:
    """The `ray` module, connected to the cluster at `address` (once per process)."""
    global _connected
    with _LOCK:
        if _connected == address and import_ray(address).is_initialized():
            return import_ray(address)
        check_reachable(address)  # before Ray's import: a wrong address fails in seconds
        ray = import_ray(address)
        if ray.is_initialized():  # connected elsewhere before (the setting changed)
            ray.shutdown()
        try:
            ray.init(
                address=address,
                namespace=NAMESPACE,
                logging_level=logging.WARNING,
                log_to_driver=False,  # the workers' output stays in the cluster's logs
            )
        except Exception as error:  # Ray raises ConnectionError, RuntimeError, TimeoutError...
            raise _unreachable(
                address, str(error).splitlines()[0] if str(error) else error
            ) from None
        _connected = address
        return ray


def disconnect() -> None:
    """Leave the cluster (its actors owned by this process end with it)."""
    global _connected
    with _LOCK:
        if _connected is not None:
            import ray

            ray.shutdown()
            _connected = None
