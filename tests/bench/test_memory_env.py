"""The benches run the server with the environment `cnnlab` gives a class's server, and
scripts/start.sh is `cnnlab` (so the three cannot drift apart)."""

from __future__ import annotations

from bench.memory import AS_START_SH
from dashboard.launch import SERVER_ENV
from tests.e2e.conftest import ROOT


def test_the_benches_measure_the_server_start_sh_runs() -> None:
    assert AS_START_SH == SERVER_ENV == {"MALLOC_ARENA_MAX": "2"}
    script = (ROOT / "scripts" / "start.sh").read_text()
    assert script.rstrip().endswith('exec .venv/bin/cnnlab "$@"')
