"""The benches run the server with the environment scripts/start.sh gives a class's server."""

from __future__ import annotations

import re

from bench.memory import AS_START_SH
from tests.e2e.conftest import ROOT


def test_the_benches_measure_the_server_start_sh_runs() -> None:
    script = (ROOT / "scripts" / "start.sh").read_text()
    defaults = dict(re.findall(r'^export (MALLOC_\w+)="\$\{\1:-([^}]*)\}"', script, re.M))
    assert defaults == AS_START_SH
