"""A class under load: N students join a classroom-mode server with the class code, each
starts the Train page's default run and keeps watching it (its live panel polls every
second, as the browser's fragment does), while the teacher's board is open (polling every
2 s). Prints the page and poll times (median, p95), errors, and the time until every run
has finished. It only ever talks to the server it starts on 127.0.0.1.

    .venv/bin/python -m bench.class_load                       # 30 students
    .venv/bin/python -m bench.class_load --students 5 --limit 2000 --epochs 2   # quicker
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import random
import statistics
import tempfile
import time
from pathlib import Path

import websockets

from bench.load_test import Session, _p95
from tests.e2e.conftest import start_server, stop_server

CODE, PASSWORD = "LOAD42", "load-test-password"


def finished_runs(home: Path) -> int:
    done = 0
    for status in (home / "runs").glob("*/status.json"):
        with contextlib.suppress(OSError, ValueError, KeyError):  # a run mid-write
            done += json.loads(status.read_text())["status"] in ("finished", "stopped", "failed")
    return done


async def poll(session: Session, page: str, times: list[float], errors: list[str]) -> None:
    """One auto-rerun of each fragment the page asked for (the live charts, the board)."""
    for fragment in list(session.fragments):
        seconds, error = await session.run(page, fragment=fragment)
        times.append(seconds)
        if error:
            errors.append(f"{page} poll: {error}")


async def student(
    url: str, seat: int, settings: dict, state: dict, pages: list, polls: list, errors: list
) -> None:
    rng = random.Random(seat)
    await state["teacher_ready"].wait()
    await asyncio.sleep(rng.uniform(0, 10))  # a class does not press Enter all at once
    try:
        async with Session(url) as session:
            pages.append(("open", (await session.run(""))[0]))
            typed = {"Your name": f"student {seat:02d}", "Class code": CODE}
            seconds, error = await session.run("", trigger="Join", typed=typed)
            pages.append(("join", seconds))
            seconds, error = await session.run("training")
            pages.append(("train page", seconds))
            if settings.get("epochs"):
                session.sticky[session.numbers["Epochs"]] = settings["epochs"]
            seconds, error = await session.run("training", trigger="Start training")
            pages.append(("start", seconds))
            if error or "Start training" not in session.buttons:
                errors.append(f"student {seat}: {error or 'no Start button'}")
                return
            state["started"] = state.get("started") or time.monotonic()
            while not state["done"].is_set():  # watch the live charts until all are done
                await asyncio.sleep(1.0)
                await poll(session, "training", polls, errors)
    except (OSError, TimeoutError, KeyError, websockets.WebSocketException) as error:
        errors.append(f"student {seat}: {type(error).__name__}: {error}")


async def teacher(url: str, state: dict, pages: list, polls: list, errors: list) -> None:
    try:
        async with Session(url) as session:
            await session.run("")
            await session.run("", trigger="Sign in", typed={"Teacher's password": PASSWORD})
            # The teacher shows one training before the class starts its own (as a lesson
            # goes; it also loads PyTorch, which the first Start would otherwise wait for).
            await session.run("training")
            session.sticky[session.numbers["Epochs"]] = 1
            await session.run("training", trigger="Start training")
            while finished_runs(state["home"]) < 1:
                await asyncio.sleep(0.5)
            state["teacher_ready"].set()
            pages.append(("board", (await session.run("class"))[0]))
            while not state["done"].is_set():
                await asyncio.sleep(2.0)
                await poll(session, "class", polls, errors)
    except (OSError, TimeoutError, KeyError, websockets.WebSocketException) as error:
        errors.append(f"teacher: {type(error).__name__}: {error}")


async def watch(home: Path, n: int, state: dict, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while finished_runs(home) < n + 1 and time.monotonic() < deadline:  # + the teacher's
        await asyncio.sleep(1.0)
    state["all_done_s"] = time.monotonic() - (state.get("started") or time.monotonic())
    state["finished"] = finished_runs(home) - 1
    state["done"].set()


async def measure(url: str, home: Path, n: int, settings: dict, timeout: float) -> dict:
    state: dict = {"done": asyncio.Event(), "teacher_ready": asyncio.Event(), "home": home}
    pages: list[tuple[str, float]] = []
    polls: list[float] = []
    errors: list[str] = []
    await asyncio.gather(
        teacher(url, state, pages, polls, errors),
        watch(home, n, state, timeout),
        *(student(url, seat, settings, state, pages, polls, errors) for seat in range(n)),
    )
    for error in errors[:5]:
        print(f"  error: {error}")
    return {"pages": pages, "polls": polls, "errors": errors, **state}


def _line(name: str, values: list[float]) -> str:
    median = statistics.median(values) if values else math.nan
    return f"{name}: {len(values)}, median {median:.3f} s, p95 {_p95(values):.3f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--epochs", type=int, help="instead of the Train page's default")
    parser.add_argument("--timeout", type=float, default=3600, help="give up after (s)")
    args = parser.parse_args()
    if not 1 <= args.students <= 60:
        parser.error("1 to 60 students: this is a classroom, not a stress test")
    env = {"CNNLAB_CLASSROOM": "1", "CNNLAB_CLASS_CODE": CODE}
    env["CNNLAB_TEACHER_PASSWORD"] = PASSWORD
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        server, url = start_server(home, home / "server.log", env)
        try:
            settings = {"epochs": args.epochs} if args.epochs else {}
            result = asyncio.run(measure(url, home, args.students, settings, args.timeout))
        finally:
            stop_server(server)
    print(
        f"{args.students} students, each training the Train page's default run "
        f"({'default epochs' if not args.epochs else f'{args.epochs} epochs'}) while watching it;"
        " the teacher's board open"
    )
    print("  " + _line("page loads", [seconds for _, seconds in result["pages"]]))
    for kind in ("open", "join", "train page", "start", "board"):
        print("    " + _line(kind, [s for k, s in result["pages"] if k == kind]))
    print("  " + _line("live-chart polls", result["polls"]))
    print(f"  errors: {len(result['errors'])}")
    print(
        f"  runs finished: {result['finished']} of {args.students}, all done "
        f"{result['all_done_s']:.0f} s after the first started"
    )


if __name__ == "__main__":
    main()
