"""The server's resident memory, read from /proc (no psutil): the process and all of its
descendants (VmRSS summed), sampled in the background while a bench runs."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from dashboard.launch import SERVER_ENV

MB = 1_000_000
# The server's environment as `cnnlab` (and so scripts/start.sh) sets it: benches measure
# the memory a class's server has.
AS_START_SH = dict(SERVER_ENV)


def _children(pid: int) -> list[int]:
    """Direct children of `pid`, from /proc/*/stat (field 4 is the parent's id)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # the process ended meanwhile
            continue
        fields = text.rsplit(")", 1)[-1].split()
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def rss(pid: int) -> int:
    """Resident bytes of `pid` and every descendant (0 for processes that ended)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
        todo.extend(_children(current))
    return total


class Sampler:
    """Samples `rss(pid)` every `every` seconds in an asyncio task: (seconds since start,
    bytes) pairs, with marks ("start", "all closed"…) to read figures relative to."""

    def __init__(self, pid: int, every: float = 1.0) -> None:
        self.pid, self.every = pid, every
        self.samples: list[tuple[float, int]] = []
        self.marks: dict[str, float] = {}
        self.started = time.monotonic()
        self._task: asyncio.Task | None = None

    def now(self) -> float:
        return time.monotonic() - self.started

    def sample(self) -> int:
        value = rss(self.pid)
        self.samples.append((self.now(), value))
        return value

    def mark(self, name: str) -> int:
        """Note the time `name` happened, with a sample then; its bytes."""
        self.marks[name] = self.now()
        return self.sample()

    async def _loop(self) -> None:
        while True:
            await asyncio.to_thread(self.sample)
            await asyncio.sleep(self.every)

    def __enter__(self) -> Sampler:
        self._task = asyncio.get_running_loop().create_task(self._loop())
        return self

    def __exit__(self, *exc: object) -> None:
        if self._task is not None:
            self._task.cancel()

    def peak(self, since: str | None = None, until: str | None = None) -> int:
        low = self.marks.get(since, 0.0) if since else 0.0
        high = self.marks.get(until, float("inf")) if until else float("inf")
        return max((b for t, b in self.samples if low <= t <= high), default=0)

    def at(self, seconds_after: float, mark: str) -> int:
        """The last sample at most `seconds_after` seconds after `mark`."""
        moment = self.marks[mark] + seconds_after
        return max(((t, b) for t, b in self.samples if t <= moment), default=(0.0, 0))[1]

    async def settle(self, mark: str, seconds: float, every: float, report: bool = True) -> None:
        """Wait until `seconds` after `mark`, printing the memory every `every` seconds."""
        next_report = 0.0
        while (waited := self.now() - self.marks[mark]) < seconds:
            if report and waited >= next_report:
                print(f"    {waited:5.0f} s after {mark}: {self.samples[-1][1] / MB:,.0f} MB",
                      flush=True)  # fmt: skip
                next_report += every
            await asyncio.sleep(min(1.0, seconds - waited))
        self.sample()
        if report:
            print(f"    {seconds:5.0f} s after {mark}: {self.samples[-1][1] / MB:,.0f} MB")


def mb(value: int) -> str:
    return f"{value / MB:,.0f} MB"
