"""Memory under hostile uploads (issue 24, item 5): N students join a classroom-mode server,
each uploads the largest photo the 'Test a photo' page allows (a real photo, enlarged with
camera-like grain, just under the page's limit), gets the model's answer, and closes the
tab. The server's resident memory (its process and children, from /proc) is printed before,
at the peak, when the last tab closed and every 10 s until 2 minutes after.

`--mb` above the page's limit pads the photo with trailing bytes, as a client that skips the
browser's size check can (the server's own ceiling is server.maxUploadSize). `--probe` runs
the server through bench/server_probe.py, which logs where the memory is (Streamlit's upload
store, kept sessions, glibc's free lists); `--fix` tries that file's candidate fixes. Only
ever talks to the server it starts on 127.0.0.1.

    .venv/bin/python -m bench.upload_memory                          # 30 x the page's limit
    .venv/bin/python -m bench.upload_memory --sessions 3 --after 20  # a quick look
    .venv/bin/python -m bench.upload_memory --probe --poke      # where the memory is
    .venv/bin/python -m bench.upload_memory --probe --fix nonresumable,gc \
        --env MALLOC_ARENA_MAX=8                                 # candidate fixes
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import websockets

from bench import load_test
from bench.load_test import Session, _p95
from bench.memory import AS_START_SH, Sampler, mb
from bench.photos import MIB, largest_photo, padded
from bench.upload_client import upload
from dashboard.uploads import PHOTO_MB
from tests.e2e.conftest import ROOT, _free_port, _wait_healthy, start_server, stop_server

CODE, PASSWORD = "LOAD42", "load-test-password"
ENV = {
    **AS_START_SH,
    "CNNLAB_CLASSROOM": "1",
    "CNNLAB_CLASS_CODE": CODE,
    "CNNLAB_TEACHER_PASSWORD": PASSWORD,
}
PHOTOS_LABEL = "Photos"  # the Test a photo page's uploader


def start_probed(home: Path, env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    """As tests/e2e/conftest.py's start_server, through bench.server_probe."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.server_probe", "run", "dashboard/app.py",
         "--server.port", str(port), "--server.address", "127.0.0.1"],
        cwd=ROOT,
        env={**os.environ, "CNNLAB_HOME": str(home), **env},
        stdout=(home / "server.log").open("w"),
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    _wait_healthy(url, process)
    return process, url


async def join(session: Session, name: str, code: str = CODE) -> str | None:
    """Open the app and join the class; the page's error, if any."""
    await session.run("")
    _seconds, error = await session.run(
        "", trigger="Join", typed={"Your name": name, "Class code": code}
    )
    return error


async def test_photo(session: Session, files: list[tuple[str, bytes]]) -> tuple[float, str]:
    """Open Test a photo, upload `files`, wait for the answer: (seconds from the upload's
    start to the answer, the answer's heading or the page's error)."""
    await session.run("test_photo")
    started = time.monotonic()
    await upload(session, PHOTOS_LABEL, files)
    _seconds, error = await session.run("test_photo")
    answer = next((text for text in session.shown if text.startswith(files[0][0])), None)
    return time.monotonic() - started, error or answer or f"no answer: {session.shown}"


async def student(
    url: str, seat: int, files: list[tuple[str, bytes]], spread: float, out: dict
) -> None:
    await asyncio.sleep(random.Random(seat).uniform(0, spread))
    try:
        async with Session(url) as session:
            if error := await join(session, f"uploader {seat:02d}"):
                out["errors"].append(f"{seat} join: {error}")
                return
            seconds, answer = await test_photo(session, files)
            out["times"].append(seconds)
            if answer.startswith(files[0][0]):
                out["answers"] += 1
            else:
                out["errors"].append(f"{seat}: {answer}")
    except (OSError, TimeoutError, KeyError, websockets.WebSocketException) as error:
        out["errors"].append(f"{seat}: {type(error).__name__}: {error}")


async def measure(server: subprocess.Popen, url: str, home: Path, args: argparse.Namespace) -> dict:
    load_test.PAGE_TIMEOUT = 300  # 30 photos of 35 MP on two cores: measure, do not give up
    photo = largest_photo(PHOTO_MB * MIB)
    data = padded(photo, int(args.mb * MIB)) if args.mb > PHOTO_MB else photo
    files = [(f"photo{i}.jpg", data) for i in range(args.files)]
    sampler = Sampler(server.pid, every=0.5)
    with sampler:
        sampler.mark("server up")
        async with Session(url) as warm:  # loads torch and the model, as a first student does
            await join(warm, "warm-up")
            await test_photo(warm, [("small.jpg", largest_photo(2 * MIB))])
        await asyncio.sleep(5)
        start = sampler.mark("start")
        print(f"  {args.sessions} sessions x {args.files} x {len(data):,} bytes; "
              f"start {mb(start)}", flush=True)  # fmt: skip
        out: dict = {"times": [], "answers": 0, "errors": []}
        await asyncio.gather(
            *(student(url, s, files, args.spread, out) for s in range(args.sessions))
        )
        sampler.mark("all closed")
        await sampler.settle("all closed", args.after, every=10)
        if probe := _probe_tail(home):
            print(f"  at {args.after:.0f} s after:{probe.removeprefix('  probe (last):')}")
        if args.poke:  # a new tab connects and closes: Streamlit reaps expired sessions then
            async with Session(url) as poke:
                await poke.run("")
            sampler.mark("poked")
            await sampler.settle("poked", 10, every=10, report=False)
    return {**out, "sampler": sampler, "bytes": len(data)}


def _probe_tail(home: Path) -> str:
    lines = (
        (home / "probe.jsonl").read_text().splitlines() if (home / "probe.jsonl").exists() else []
    )
    if not lines:
        return ""
    last = json.loads(lines[-1])
    if "error" in last:
        return f"  probe: {last['error']}"
    return (
        f"  probe (last): Streamlit holds {mb(last['upload_bytes'])} of uploads for "
        f"{last['upload_sessions']} sessions ({last['upload_sessions_gone']} of them closed), "
        f"{last['active_sessions']} connected, {last['stored_sessions']} kept for a reconnect; "
        f"malloc: {mb(last['malloc_in_use'])} in use, {mb(last['malloc_free'])} free in its arenas"
        + (f"; gc.collect() freed {freed:,} objects" if (freed := _gc_freed(lines)) else "")
    )


def _gc_freed(lines: list[str]) -> int:
    return sum(json.loads(line).get("gc_freed", 0) for line in lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--files", type=int, default=1, help="photos per session")
    parser.add_argument("--mb", type=float, default=PHOTO_MB, help="bytes per photo, in MiB")
    parser.add_argument("--spread", type=float, default=10.0, help="arrivals over (s)")
    parser.add_argument("--after", type=float, default=120.0, help="watch after the close (s)")
    parser.add_argument("--poke", action="store_true", help="then open and close one tab")
    parser.add_argument("--probe", action="store_true", help="log where the memory is")
    parser.add_argument("--log", type=Path, help="keep the server's log there (--probe)")
    parser.add_argument("--fix", default="", help="bench/server_probe.py's fixes (--probe)")
    parser.add_argument(
        "--env",
        action="append",
        default=[],
        help="KEY=VALUE for the server (e.g. glibc's "
        "MALLOC_ARENA_MAX=2 or MALLOC_MMAP_THRESHOLD_=1048576)",
    )
    args = parser.parse_args()
    if not 1 <= args.sessions <= 60 or not 0 < args.mb <= 200 or not 1 <= args.files <= 10:
        parser.error("1..60 sessions, 1..10 files, at most 200 MiB (server.maxUploadSize)")
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        extra = dict(item.split("=", 1) for item in args.env)
        env = {**ENV, **extra, "BENCH_PROBE_LOG": str(home / "probe.jsonl"), "BENCH_FIX": args.fix}
        server, url = (
            start_probed(home, env) if args.probe else start_server(home, None, {**ENV, **extra})
        )
        try:
            result = asyncio.run(measure(server, url, home, args))
        finally:
            stop_server(server)
        probe = _probe_tail(home)
        if args.log and (home / "server.log").exists():
            shutil.copy(home / "server.log", args.log)
    s, times = result["sampler"], result["times"]
    start = s.at(0, "start")
    rows = [("start (after a warm-up tab)", start), ("peak", s.peak(since="start")),
            ("last tab closed", s.at(0, "all closed"))]  # fmt: skip
    rows += [
        (f"{t:.0f} s after", s.at(t, "all closed"))
        for t in (10, 30, 60, 90, 120)
        if t <= args.after
    ]
    if "poked" in s.marks:
        rows.append(("10 s after a new tab", s.at(10, "poked")))
    print(f"{args.sessions} sessions, each uploads {args.files} x {result['bytes']:,} bytes on "
          f"Test a photo{' (fix: ' + args.fix + ')' if args.fix else ''}"
          f"{' (env: ' + ' '.join(args.env) + ')' if args.env else ''}")  # fmt: skip
    print(f"  answers {result['answers']} of {args.sessions}, errors {len(result['errors'])}; "
          f"upload to answer median {statistics.median(times) if times else math.nan:.1f} s, "
          f"p95 {_p95(times):.1f} s")  # fmt: skip
    for error in result["errors"][:5]:
        print(f"  error: {error[:300]}")
    print(f"  | {'moment':<28} | {'server RSS':>10} | {'vs start':>9} |")
    for name, value in rows:
        print(f"  | {name:<28} | {mb(value):>10} | {(value - start) / 1e6:>+7,.0f} MB |")
    if probe:
        print(probe)
    end = rows[-1][1]
    verdict = "within" if end - start <= 200e6 else "NOT within"
    print(f"  {verdict} 200 MB of the start at the end ({(end - start) / 1e6:+,.0f} MB)")


if __name__ == "__main__":
    main()
