"""A configured cluster that cannot be used fails the run in seconds with what to do: Ray not
installed here, or nobody answering at the address. No traceback reaches the student."""

from __future__ import annotations

import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.cluster.connect import check_reachable, connect
from core.cluster.errors import ClusterUnavailable
from core.cluster.settings import ADDRESS_VARIABLE
from core.runs.run import TrainingRun
from core.training.store import read_json
from tests.core.cluster.ray_head import free_port
from tests.core.short_runs import SMALL, SPEC, finished

pytestmark = pytest.mark.usefixtures("engine_home")


@pytest.fixture
def listening() -> Iterator[str]:
    """An address where something accepts connections (not a Ray head)."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        yield f"127.0.0.1:{server.getsockname()[1]}"


def test_nobody_at_the_address_is_said_in_seconds() -> None:
    address = f"127.0.0.1:{free_port()}"  # nothing listens there now
    started = time.monotonic()
    with pytest.raises(ClusterUnavailable) as raised:
        connect(address)
    assert time.monotonic() - started < 10
    message = str(raised.value)
    assert f"Cannot reach the Ray cluster at {address}" in message
    assert "ray start --head" in message and ADDRESS_VARIABLE in message


def test_an_unresolvable_host_is_unreachable_too() -> None:
    with pytest.raises(ClusterUnavailable, match="Cannot reach the Ray cluster at ray://"):
        check_reachable("ray://no-such-host.invalid:10001", timeout=2)


def test_ray_not_installed_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, listening: str
) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` fails as without the extra
    with pytest.raises(ClusterUnavailable) as raised:
        connect(listening)
    message = str(raised.value)
    assert "needs Ray, which is not installed on this server" in message
    assert "pip install -r requirements-ray.txt" in message


def test_a_run_on_an_unreachable_cluster_fails_with_the_message_alone(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(ADDRESS_VARIABLE, f"127.0.0.1:{free_port()}")
    run = finished(TrainingRun(SPEC, SMALL, root=tmp_path), seconds=60)
    assert run.status == "failed"
    assert run.error.startswith("Cannot reach the Ray cluster at 127.0.0.1:")  # no type, no trace
    assert read_json(run.run_dir / "status.json")["timings"]["executor"] == "ray"
    assert not (run.run_dir / "last.pt").exists()


def test_without_an_address_the_run_trains_here(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(ADDRESS_VARIABLE, raising=False)
    run = finished(TrainingRun(SPEC, SMALL, root=tmp_path))
    assert run.status == "finished" and run.device.startswith(("cpu", "cuda", "mps"))
    assert "executor" not in read_json(run.run_dir / "status.json")["timings"]
