"""The cluster's errors, written for the person who reads them (a student, the teacher)."""

from __future__ import annotations

from typing import Any


class ClusterError(RuntimeError):
    """A problem with the Ray cluster; the message says what happened and what to do."""


class ClusterUnavailable(ClusterError):
    """Ray is not installed, or the configured cluster cannot be reached."""


class WorkerLost(ClusterError):
    """The worker holding a remote object died (killed, out of memory, its machine gone);
    `device` and `worker` say where it was, when known."""

    def __init__(self, message: str, *, device: str | None = None, worker: Any = None) -> None:
        super().__init__(message)
        self.device, self.worker = device, worker
