"""A Ray head of the tests' own (and the bench's): started with `ray start --head` on
127.0.0.1 with 2 CPUs in a temporary folder, in a process session of its own, so that at the
end exactly its processes are ended (never `ray stop`, which ends every Ray on the machine)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

START_SECONDS = 120
# The session of each running head, by its address: its Ray workers are found in it.
_SESSIONS: dict[str, int] = {}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _session_pids(session: int) -> list[int]:
    """The processes of a session (Ray's workers are in it: they start their own groups)."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rpartition(")")[2].split()
            if int(fields[3]) == session:  # after the name: state, ppid, pgrp, session
                pids.append(int(stat.parent.name))
    return pids


def end_session(session: int, grace: float = 10.0) -> None:
    """SIGTERM every process of the session, then SIGKILL what is left after `grace`."""
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        for pid in _session_pids(session):
            with suppress(ProcessLookupError):
                os.kill(pid, sig)
        deadline = time.monotonic() + wait
        while _session_pids(session) and time.monotonic() < deadline:
            time.sleep(0.2)
        if not _session_pids(session):
            return


def actor_pids(address: str, actor_class: str) -> list[int]:
    """The worker processes of the head at `address` (a `local_head`) that hold an object of
    `actor_class`: Ray titles them "ray::<class>" (and ".<method>" while one runs)."""
    found = []
    for pid in _session_pids(_SESSIONS[address]):
        with suppress(OSError):
            title = (
                Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0].decode(errors="replace")
            )
            if title == f"ray::{actor_class}" or title.startswith(f"ray::{actor_class}."):
                found.append(pid)
    return found


def actor_pid(address: str, actor_class: str, seconds: float = 60) -> int:
    """The one worker process holding an `actor_class` object, waiting for it to start."""
    deadline = time.monotonic() + seconds
    while len(pids := actor_pids(address, actor_class)) != 1:
        if time.monotonic() > deadline:
            raise AssertionError(f"{len(pids)} processes of ray::{actor_class}: {pids}")
        time.sleep(0.2)
    return pids[0]


@contextmanager
def local_head(cpus: int = 2, env: dict[str, str] | None = None) -> Iterator[str]:
    """A running head; yields its address ("127.0.0.1:<port>"). Its workers inherit this
    process's environment (CNNLAB_HOME: they read the datasets there), with `env` on top."""
    port = free_port()
    # Short and private: Ray's socket paths must stay under ~100 characters.
    temp = Path(tempfile.mkdtemp(prefix="cnnlab-ray-", dir="/tmp"))
    command = [
        str(Path(sys.executable).with_name("ray")),
        "start",
        "--head",
        "--block",
        "--node-ip-address=127.0.0.1",
        f"--port={port}",
        f"--num-cpus={cpus}",
        "--include-dashboard=false",
        "--disable-usage-stats",
        f"--temp-dir={temp}",
    ]
    log = (temp / "head.log").open("wb")
    head = subprocess.Popen(
        command,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env={**os.environ, **(env or {})},
    )
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if head.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    raise RuntimeError((temp / "head.log").read_text()[-3000:]) from None
                time.sleep(0.2)
        _SESSIONS[f"127.0.0.1:{port}"] = head.pid
        yield f"127.0.0.1:{port}"
    finally:
        _SESSIONS.pop(f"127.0.0.1:{port}", None)
        from core.cluster.connect import disconnect

        with suppress(Exception):
            disconnect()
        end_session(head.pid)
        log.close()
        shutil.rmtree(temp, ignore_errors=True)
