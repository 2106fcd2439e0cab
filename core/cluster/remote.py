"""A Python object kept on a cluster worker: a threaded Ray actor, its calls, its death.

    worker = RemoteObject.start(address, Counter, 0, gpus=1)
    pending = worker.submit("count_to", 10**9)   # a long call, in one of its threads
    worker.call("peek")                          # answered meanwhile, from another thread
    pending.wait(0.5); pending.result()

The object's class must be importable on the worker (the same lab installed there): Ray
sends it by name, not by value. An exception the object raises comes back as itself; a
worker that dies (killed, out of memory, its machine gone) comes back as `WorkerLost`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from types import ModuleType
from typing import Any

from core.cluster.connect import connect
from core.cluster.errors import WorkerLost

# A call that takes longer than this means the worker hangs or its machine is gone.
CALL_TIMEOUT = 120.0
# Threads of one remote object: one runs the long call while the others answer (a stop, a
# pause, fetching progress) at once instead of after it.
THREADS = 4


@contextmanager
def _translated(ray: ModuleType) -> Iterator[None]:
    """Ray's errors as the lab's: the object's own exception as it was raised there, a dead
    or hung worker as WorkerLost (its first line of explanation as the reason)."""
    errors = ray.exceptions
    lost = (
        errors.RayActorError,
        errors.WorkerCrashedError,
        errors.NodeDiedError,
        errors.ObjectLostError,
        errors.GetTimeoutError,
        errors.RaySystemError,
    )
    try:
        yield
    except errors.RayTaskError as error:
        cause = getattr(error, "cause", None)
        if isinstance(cause, BaseException):
            raise cause from None
        raise
    except lost as error:
        reason = (str(error).strip().splitlines() or [type(error).__name__])[0].rstrip(".")
        raise WorkerLost(reason[:300]) from None


class RemoteCall:
    """A call under way on the worker."""

    def __init__(self, ray: ModuleType, ref: Any) -> None:
        self._ray, self._ref = ray, ref

    def wait(self, seconds: float) -> bool:
        """True once the call has ended (returned or raised), waiting at most `seconds`."""
        ready, _pending = self._ray.wait([self._ref], timeout=seconds)
        return bool(ready)

    def result(self) -> Any:
        """What the call returned; raises what it raised, or WorkerLost."""
        with _translated(self._ray):
            return self._ray.get(self._ref)


_ACTOR_CLASSES: dict[type, Any] = {}


class RemoteObject:
    """An instance of a class, made and kept on a cluster worker."""

    def __init__(self, ray: ModuleType, actor: Any) -> None:
        self._ray, self._actor = ray, actor

    @classmethod
    def start(
        cls, address: str, kind: type, *args: Any, gpus: float = 0, cpus: float = 1
    ) -> RemoteObject:
        """`kind(*args)` on a worker with `cpus` and `gpus` free (Ray waits for one)."""
        ray = connect(address)
        with _translated(ray):
            if kind not in _ACTOR_CLASSES:
                _ACTOR_CLASSES[kind] = ray.remote(kind)
            options = {"max_concurrency": THREADS, "num_cpus": cpus, "num_gpus": gpus}
            # max_restarts=0: a restarted object would start over from nothing; the lab
            # continues from its own checkpoint instead.
            actor = _ACTOR_CLASSES[kind].options(max_restarts=0, **options).remote(*args)
        return cls(ray, actor)

    def submit(self, method: str, *args: Any) -> RemoteCall:
        """Start `method(*args)` on the worker; returns at once."""
        with _translated(self._ray):
            return RemoteCall(self._ray, getattr(self._actor, method).remote(*args))

    def call(self, method: str, *args: Any, timeout: float = CALL_TIMEOUT) -> Any:
        """`method(*args)` on the worker, waiting for its answer."""
        with _translated(self._ray):
            return self._ray.get(getattr(self._actor, method).remote(*args), timeout=timeout)

    def kill(self) -> None:
        """End the object and its worker process now (nothing if it is already gone)."""
        with suppress(Exception):
            self._ray.kill(self._actor, no_restart=True)


def cluster_gpus(address: str) -> float:
    """How many GPUs the cluster has in all (0 on a CPU-only cluster)."""
    ray = connect(address)
    return float(ray.cluster_resources().get("GPU", 0))
