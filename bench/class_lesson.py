"""A lesson under load: N students join a classroom-mode server, T of them start a training
run, and the teacher walks lesson 004's first five steps on the Lesson page: at each step
"Bring the class here", and at the first three "Ask the class", then "Show the answer" once
every student has answered. Every student follows as her browser does: her page's check
every half second (the fragment's timer), then the page its script tells the browser to open;
she answers each question from the box at the top of her page.

Prints the seconds from the teacher's Bring to each student's new page drawn (median, p95,
max), how many students reached each step, each question's answers as the server counted
them, the page loads and checks (median, p95) and the errors. It only ever talks to the
server it starts on 127.0.0.1.

    .venv/bin/python -m bench.class_lesson                        # 30 students, 10 training
    .venv/bin/python -m bench.class_lesson --students 5 --training 2
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import sqlite3
import tempfile
import time
from pathlib import Path

import websockets

from bench.class_load import _line
from bench.load_test import Session
from bench.memory import AS_START_SH
from bench.upload_memory import CODE, PASSWORD
from core.lessons.plans import LESSONS
from tests.e2e.conftest import start_server, stop_server

LESSON, STEPS, ASKED = "004", 5, 3  # lesson 004: five steps, a question at the first three
ANSWER_LABEL = "Your answer (a number)"
LINK = re.compile(r'=== "(\w+)"\)')  # the page the follower's script clicks (following.py)
PAGES = [step.page for step in LESSONS[LESSON].steps[:STEPS]]
WAIT = 60.0  # seconds the teacher waits for the class at a step before going on


def _answers(home: Path, question: int) -> int:
    """The server's own count of answers to its `question`-th question (from 1)."""
    with sqlite3.connect(home / "classroom.db") as db:
        return db.execute(
            "SELECT count(*) FROM answers WHERE question = ?", (question,)
        ).fetchone()[0]


async def follower(url: str, seat: int, train: bool, state: dict) -> None:
    rng, log = random.Random(seat), state["log"]
    await asyncio.sleep(rng.uniform(0, 5))
    try:
        async with Session(url) as session:
            log["pages"].append((await session.run(""))[0])
            typed = {"Your name": f"student {seat:02d}", "Class code": CODE}
            seconds, error = await session.run("", trigger="Join", typed=typed)
            log["pages"].append(seconds)
            page = ""
            if train:  # a run long enough to last the lesson
                await session.run("training")
                session.sticky[session.numbers["Epochs"]] = 20
                seconds, error = await session.run("training", trigger="Start training")
                page = "training"
            state["joined"] += 1
            answered: set[int] = set()
            due = time.monotonic()
            while not state["done"].is_set():
                # The page's shortest timer (the check's), as the browser keeps it: Streamlit's
                # frontend asks for the fragment's run with setInterval, every interval whether
                # or not the last run is over, and the server runs the request that waited as
                # soon as the last run ends. So a check is due on the timer's beat, or at once
                # when the last one overran it (a sleep after each check stretched the beat by
                # the check's own time under load).
                every = min(session.fragments.values(), default=1.0)
                due = max(due + every * rng.uniform(0.95, 1.05), time.monotonic())
                await asyncio.sleep(due - time.monotonic())
                for fragment in list(session.fragments):
                    seconds, error = await session.run(page, fragment=fragment)
                    log["checks"].append(seconds)
                    if error:
                        log["errors"].append(f"student {seat} check: {error}")
                    target = next((m.group(1) for b in session.html if (m := LINK.search(b))), "")
                    step = state["step"]
                    here = step >= 0 and page == PAGES[step]
                    if not target and here and seat not in state["arrived"][step]:
                        # already on the step's page: this check put its settings there
                        log["arrivals"].append(time.monotonic() - state["brought_at"])
                        log["by_step"][step].append(log["arrivals"][-1])
                        state["arrived"][step].add(seat)
                    if target:
                        seconds, error = await session.run(target)
                        page = target
                        due = time.monotonic()  # the new page starts its own timer
                        log["pages"].append(seconds)
                        log["arrivals"].append(time.monotonic() - state["brought_at"])
                        log["by_step"][step].append(log["arrivals"][-1])
                        state["arrived"][step].add(seat)
                        if error:
                            log["errors"].append(f"student {seat} on {target}: {error}")
                        break
                    question = state["question"]
                    if ANSWER_LABEL in session.drawn and question and question not in answered:
                        answer = LESSONS[LESSON].steps[question - 1].question.answer
                        _, error = await session.run(
                            page, typed={ANSWER_LABEL: answer}, trigger="Send"
                        )
                        answered.add(question)
                        if error:
                            log["errors"].append(f"student {seat} answer: {error}")
    except (OSError, TimeoutError, KeyError, websockets.WebSocketException) as error:
        log["errors"].append(f"student {seat}: {type(error).__name__}: {error}")


async def _wait(session: Session, done, seconds: float = WAIT) -> None:
    """Until done() or the time is up, the teacher's page checking in every second."""
    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        await asyncio.sleep(1.0)
        for fragment in list(session.fragments):
            await session.run("lesson", fragment=fragment)


async def teacher(url: str, n: int, home: Path, state: dict) -> None:
    log = state["log"]
    try:
        async with Session(url) as session:
            await session.run("")
            await session.run("", trigger="Sign in", typed={"Teacher's password": PASSWORD})
            await session.run("lesson", query=f"lesson={LESSON}&step=1")
            while state["joined"] < n:
                await asyncio.sleep(0.5)
            for step in range(STEPS):
                if step:
                    await session.run("lesson", trigger="Next")
                state["step"], state["brought_at"] = step, time.monotonic()
                await session.run("lesson", trigger="Bring the class here")
                await _wait(session, lambda step=step: len(state["arrived"][step]) >= n)
                if step < ASKED:
                    await session.run("lesson", trigger="Ask the class")
                    state["question"] = step + 1
                    await _wait(session, lambda q=step + 1: _answers(home, q) >= n)
                    state["answers"].append(_answers(home, step + 1))
                    await session.run("lesson", trigger="Show the answer")
                    await _wait(session, lambda: False, 3)  # the class reads the answer
    except (OSError, TimeoutError, KeyError, websockets.WebSocketException) as error:
        log["errors"].append(f"teacher: {type(error).__name__}: {error}")
    finally:
        state["done"].set()


async def measure(url: str, home: Path, n: int, training: int) -> dict:
    state: dict = {
        "done": asyncio.Event(), "joined": 0, "step": -1, "brought_at": 0.0, "question": 0,
        "arrived": [set() for _ in range(STEPS)], "answers": [],
        "log": {"pages": [], "checks": [], "arrivals": [], "errors": [],
                "by_step": [[] for _ in range(STEPS)]},
    }  # fmt: skip
    students = [follower(url, seat, seat < training, state) for seat in range(n)]
    await asyncio.gather(teacher(url, n, home, state), *students)
    return state


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--training", type=int, default=10, help="of the students")
    args = parser.parse_args()
    if not 1 <= args.students <= 60 or not 0 <= args.training <= args.students:
        parser.error("1 to 60 students, at most all of them training")
    env = {**AS_START_SH, "CNNLAB_CLASSROOM": "1", "CNNLAB_CLASS_CODE": CODE}
    env["CNNLAB_TEACHER_PASSWORD"] = PASSWORD
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder) / "server"
        server, url = start_server(home, Path(folder) / "server.log", env)
        try:
            state = asyncio.run(measure(url, home, args.students, args.training))
        finally:
            stop_server(server)
    log, n = state["log"], args.students
    print(f"{n} students ({args.training} training) follow the teacher through lesson "
          f"{LESSON}'s first {STEPS} steps and answer {ASKED} questions")  # fmt: skip
    print("  " + _line("arrivals after Bring the class here", log["arrivals"]))
    print("    slowest arrival at each step (its page): " + ", ".join(
        f"{max(times, default=float('nan')):.2f} s ({page})"
        for times, page in zip(log["by_step"], PAGES, strict=True)))  # fmt: skip
    print(f"    max {max(log['arrivals'], default=float('nan')):.3f} s; reached each step: "
          + ", ".join(f"{len(s)}/{n}" for s in state["arrived"]))  # fmt: skip
    print("  answers the server counted: " + ", ".join(f"{a}/{n}" for a in state["answers"]))
    print("  " + _line("page loads", log["pages"]))
    print("  " + _line("half-second checks", log["checks"]))
    print(f"  errors: {len(log['errors'])}")
    for error in log["errors"][:5]:
        print(f"    {error}")


if __name__ == "__main__":
    main()
