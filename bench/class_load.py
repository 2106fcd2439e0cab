"""A class under load: N students join a classroom-mode server with the class code, each
starts the Train page's default run and keeps watching it (its live panel polls every
second, as the browser's fragment does), while the teacher's board is open (polling every
2 s). `--hostile 3` makes three of the N hostile (bench/class_scenarios.py: rapid wrong
class codes, names with markup, the largest uploads, a forged bundle). `--scenario finetune`
is the course's signature moment instead: each student imports her own photos (a zip of 20
monkeys and 20 humans from ../shared/datasets) on Transfer learning, fine-tunes with the
page's defaults, then asks her model about a photo on Test a photo.

Prints the page and poll times (median, p95), the honest students' errors, the time until
every run has finished (every student has an answer), and the server's resident memory
(start, peak, and 2 minutes after the last tab closed). It only ever talks to the server it
starts on 127.0.0.1.

    .venv/bin/python -m bench.class_load                       # 30 students, 3 hostile
    .venv/bin/python -m bench.class_load --students 5 --hostile 1 --epochs 1   # quicker
    .venv/bin/python -m bench.class_load --scenario finetune   # 30 students fine-tune
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

from bench.class_scenarios import at_the_door, finetuner, hostile, right_answers
from bench.load_test import Session, _p95
from bench.memory import AS_START_SH, Sampler, mb
from bench.photos import MIB, largest_photo, make_bundle, padded, server_ceiling, student_zip
from bench.upload_memory import CODE, PASSWORD
from dashboard.uploads import PHOTO_MB
from tests.e2e.conftest import start_server, stop_server


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
            if error or at_the_door(session):
                errors.append(f"student {seat} join: {error or session.shown}")
                return
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
            # In the fine-tuning class too: its students start the same way.
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
                if state.get("all_answered"):  # the fine-tuning class: all have an answer
                    state["done"].set()
    except (OSError, TimeoutError, KeyError, websockets.WebSocketException) as error:
        errors.append(f"teacher: {type(error).__name__}: {error}")


async def watch(home: Path, n: int, state: dict, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while finished_runs(home) < n + 1 and time.monotonic() < deadline:  # + the teacher's
        await asyncio.sleep(1.0)
    state["all_done_s"] = time.monotonic() - (state.get("started") or time.monotonic())
    state["finished"] = finished_runs(home) - 1
    state["done"].set()


async def answered(n: int, state: dict, timeout: float) -> None:
    """The fine-tuning class: done when every student has her answer or has failed (or at
    the timeout)."""
    await state["teacher_ready"].wait()
    begun = time.monotonic()
    while state.get("ended", 0) < n and time.monotonic() - begun < timeout:
        await asyncio.sleep(1.0)
    state["all_done_s"] = time.monotonic() - begun
    state["finished"] = len(state["answers"])
    state["all_answered"] = True
    await asyncio.sleep(5)  # the students' last polls
    state["done"].set()


async def measure(pid: int, url: str, home: Path, args: argparse.Namespace, kit: dict) -> dict:
    state: dict = {"done": asyncio.Event(), "teacher_ready": asyncio.Event(), "home": home}
    state["answers"], state["own_names"] = [], not args.same_name
    pages: list[tuple[str, float]] = []
    polls: list[float] = []
    errors: list[str] = []
    hostile_log: list[str] = []
    n, bad = args.students, args.hostile
    settings = {"epochs": args.epochs} if args.epochs else {}
    if args.scenario == "finetune":
        honest = [finetuner(url, seat, kit["zips"][seat], state, pages, polls, errors)
                  for seat in range(bad, n)]  # fmt: skip
        waiter = answered(n - bad, state, args.timeout)
    else:
        honest = [student(url, seat, settings, state, pages, polls, errors)
                  for seat in range(bad, n)]  # fmt: skip
        waiter = watch(home, n - bad, state, args.timeout)
    hostiles = [hostile(url, seat, kit["files"], kit["bundle"], state, pages, hostile_log)
                for seat in range(bad)]  # fmt: skip
    with Sampler(pid) as memory:
        ready = asyncio.get_running_loop().create_task(state["teacher_ready"].wait())
        ready.add_done_callback(lambda _task: memory.mark("start"))
        await asyncio.gather(teacher(url, state, pages, polls, errors), waiter, *honest, *hostiles)
        memory.mark("all closed")
        print(f"  memory: start {mb(memory.at(0, 'start'))}, peak {mb(memory.peak())}; "
              "after the last tab closed:", flush=True)  # fmt: skip
        await memory.settle("all closed", args.after, every=30)
    for error in errors[:5]:
        print(f"  error: {error}")
    for line in hostile_log:
        print(f"  hostile: {line[:300]}")
    return {"pages": pages, "polls": polls, "errors": errors, "memory": memory, **state}


def _line(name: str, values: list[float]) -> str:
    median = statistics.median(values) if values else math.nan
    return f"{name}: {len(values)}, median {median:.3f} s, p95 {_p95(values):.3f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--hostile", type=int, help="of the students (3; finetune: 0)")
    parser.add_argument("--scenario", choices=["train", "finetune"], default="train")
    parser.add_argument("--epochs", type=int, help="instead of the Train page's default")
    parser.add_argument("--per-class", type=int, default=20, help="photos (finetune)")
    parser.add_argument(
        "--same-name", action="store_true", help="keep the zip's name for every set (finetune)"
    )
    parser.add_argument("--timeout", type=float, default=3600, help="give up after (s)")
    parser.add_argument("--after", type=float, default=120, help="memory after the close (s)")
    args = parser.parse_args()
    if args.hostile is None:
        args.hostile = 3 if args.scenario == "train" and args.students > 3 else 0
    if not 1 <= args.students <= 60 or not 0 <= args.hostile < args.students:
        parser.error("1 to 60 students, fewer hostile: a classroom, not a stress test")
    env = {**AS_START_SH, "CNNLAB_CLASSROOM": "1", "CNNLAB_CLASS_CODE": CODE}
    env["CNNLAB_TEACHER_PASSWORD"] = PASSWORD
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        photo = largest_photo(PHOTO_MB * MIB)  # the page's largest and the server's ceiling
        kit = {"files": [("photo.jpg", photo), ("huge.jpg", padded(photo, server_ceiling()))]}
        kit["bundle"] = make_bundle(home / "bundle") if args.hostile else b""
        kit["zips"] = [student_zip(seat, args.per_class) if args.scenario == "finetune"
                       else b"" for seat in range(args.students)]  # fmt: skip
        server, url = start_server(home / "server", home / "server.log", env)
        try:
            result = asyncio.run(measure(server.pid, url, home / "server", args, kit))
        finally:
            stop_server(server)
    report(args, result)


def report(args: argparse.Namespace, result: dict) -> None:
    honest = args.students - args.hostile
    if args.scenario == "finetune":
        print(f"{honest} students each import their own photos ({args.per_class} per class), "
              "fine-tune with the Transfer page's defaults, then test a photo; "
              f"{args.hostile} hostile; the teacher's board open")  # fmt: skip
        kinds = ("open", "join", "transfer page", "import", "start", "test a photo", "board")
    else:
        epochs = f"{args.epochs} epochs" if args.epochs else "default epochs"
        print(f"{honest} students, each training the Train page's default run ({epochs}) "
              f"while watching it; {args.hostile} hostile; the teacher's board open")  # fmt: skip
        kinds = ("open", "join", "train page", "start", "board")
    honest_pages = [s for k, s in result["pages"] if k in kinds]
    print("  " + _line("page loads (honest)", honest_pages))
    for kind in kinds:
        print("    " + _line(kind, [s for k, s in result["pages"] if k == kind]))
    if args.hostile:
        mine = [s for k, s in result["pages"] if k.startswith("hostile")]
        print("  " + _line("the hostile students' page loads", mine))
    print("  " + _line("live-chart polls", result["polls"]))
    print(f"  errors (honest students and teacher): {len(result['errors'])}")
    if args.scenario == "finetune":
        answers = result["answers"]
        print(f"  answers: {len(answers)} of {honest} ({right_answers(answers)} right), "
              f"all {result['all_done_s']:.0f} s after the class began")  # fmt: skip
    else:
        print(f"  runs finished: {result['finished']} of {honest}, all done "
              f"{result['all_done_s']:.0f} s after the first started")  # fmt: skip
    memory = result["memory"]
    start, end = memory.at(0, "start"), memory.at(args.after, "all closed")
    print(
        f"  | server RSS | start {mb(start)} | peak {mb(memory.peak())} | "
        f"{args.after:.0f} s after the close {mb(end)} ({(end - start) / 1e6:+,.0f} MB) |"
    )


if __name__ == "__main__":
    main()
