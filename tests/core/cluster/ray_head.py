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


@contextmanager
def local_head(cpus: int = 2) -> Iterator[str]:
    """A running head; yields its address ("127.0.0.1:<port>"). Its workers inherit this
    process's environment (CNNLAB_HOME: they read the datasets there)."""
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
    head = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
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
        yield f"127.0.0.1:{port}"
    finally:
        from core.cluster.connect import disconnect

        with suppress(Exception):
            disconnect()
        end_session(head.pid)
        log.close()
        shutil.rmtree(temp, ignore_errors=True)
