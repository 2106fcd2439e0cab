"""Classroom load test: N students' sessions against one server on 127.0.0.1.

Each session is a real Streamlit websocket client (the same protocol the browser speaks):
it opens the app and walks every page, timing each page from the request until the server
says the script finished, after reading each page for a few seconds (`--think`, as a
student does; 0 gives a back-to-back stress test). Two extra sessions train on the Train
page all the while (a new run as soon as the last one ends), so the pages are measured
while two trainings use the CPU. Bounded in sessions,
rounds and seconds; it only ever talks to 127.0.0.1.

    .venv/bin/python -m bench.load_test                 # N = 1, 10, 30
    .venv/bin/python -m bench.load_test --sessions 5 --rounds 1 --think 0 --per-page
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import random
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import websockets
from streamlit.proto import BackMsg_pb2, ForwardMsg_pb2
from streamlit.proto.WidgetStates_pb2 import WidgetState

from dashboard.navigation import PAGES
from tests.e2e.conftest import start_server, stop_server

PAGE_TIMEOUT = 60.0
TRAINING_EPOCHS = 40  # of 5,000 MNIST images: about a minute alone, longer under load
EARLY_FOR_RERUN = ForwardMsg_pb2.ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN
FRAGMENT_DONE = ForwardMsg_pb2.ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY


class Session:
    """One student's browser tab, reduced to its websocket."""

    def __init__(self, url: str) -> None:
        self.url = url.replace("http", "ws") + "/_stcore/stream"
        self.ws: websockets.ClientConnection | None = None
        self.buttons: dict[str, str] = {}
        self.enabled: dict[str, bool] = {}
        self.numbers: dict[str, str] = {}  # number box label -> widget id
        self.sticky: dict[str, int] = {}  # widget id -> the whole number this tab has typed
        self.texts: dict[str, str] = {}  # text box label -> widget id
        self.fragments: dict[str, float] = {}  # fragment id -> its run_every interval
        self.uploaders: dict[str, str] = {}  # file uploader label -> widget id
        self.states: dict[str, Any] = {}  # widget id -> WidgetState sent on every rerun
        self.shown: list[str] = []  # the last run's headings and alerts, as text
        self.html: list[str] = []  # the last run's st.html bodies (a follower's page change)
        self.drawn: set[str] = set()  # labels of the buttons and text boxes the last run drew
        self.page_hash = self.session_id = ""
        self.page: str | None = None  # the page the last run showed, by name

    async def __aenter__(self) -> Session:
        self.ws = await websockets.connect(self.url, subprotocols=["streamlit"], max_size=None)
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.ws.close()

    async def run(
        self,
        page: str,
        trigger: str | None = None,
        typed: dict[str, str] | None = None,
        fragment: str | None = None,
        query: str = "",
    ) -> tuple[float, str | None]:
        """Rerun `page` (optionally typing into text boxes by label and clicking a button), or
        only one of its fragments, as the browser's run_every does; (seconds, error or None)."""
        message = BackMsg_pb2.BackMsg()
        message.rerun_script.page_name = page
        message.rerun_script.query_string = query
        if fragment is not None:
            message.rerun_script.fragment_id = fragment
            message.rerun_script.is_auto_rerun = True
        if fragment is not None or page == self.page:
            # The page already shown, named by its hash as the browser names it: a rerun by
            # name alone reads as a page change to Streamlit, which drops the widgets' values
            # this client does not resend (the Lesson page's choice of lesson, for one).
            message.rerun_script.page_script_hash = self.page_hash
        for label, text in (typed or {}).items():
            box = message.rerun_script.widget_states.widgets.add()
            box.id, box.string_value = self.texts[label], text
        for widget_id, value in self.sticky.items():
            typed = message.rerun_script.widget_states.widgets.add()
            typed.id, typed.int_value = widget_id, value
        for state in self.states.values():  # uploaded files, as the browser resends them
            message.rerun_script.widget_states.widgets.add().CopyFrom(state)
        if trigger is not None:
            widget = message.rerun_script.widget_states.widgets.add()
            widget.id, widget.trigger_value = self.buttons[trigger], True
        started = time.monotonic()
        self.page = page
        await self.ws.send(message.SerializeToString())
        error, timers = None, {}
        self.shown, self.html, self.drawn = [], [], set()
        while True:
            data = await asyncio.wait_for(self.ws.recv(), PAGE_TIMEOUT)
            forward = ForwardMsg_pb2.ForwardMsg()
            forward.ParseFromString(data)
            kind = forward.WhichOneof("type")
            if kind == "new_session":
                self.page_hash = forward.new_session.page_script_hash
                self.session_id = forward.new_session.initialize.session_id
            elif kind == "navigation":  # the page st.navigation chose: the browser's own hash
                self.page_hash = forward.navigation.page_script_hash
            elif kind == "auto_rerun":
                timers[forward.auto_rerun.fragment_id] = forward.auto_rerun.interval
            elif kind == "stop_auto_rerun":
                for stopped in forward.stop_auto_rerun.fragment_ids:
                    self.fragments.pop(stopped, None)
            if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                element = forward.delta.new_element
                if element.WhichOneof("type") == "exception":
                    error = element.exception.message
                elif element.WhichOneof("type") == "button":
                    self.buttons[element.button.label] = element.button.id
                    self.drawn.add(element.button.label)
                    self.enabled[element.button.label] = not element.button.disabled
                elif element.WhichOneof("type") == "number_input":
                    self.numbers[element.number_input.label] = element.number_input.id
                elif element.WhichOneof("type") == "text_input":
                    self.texts[element.text_input.label] = element.text_input.id
                    self.drawn.add(element.text_input.label)
                elif element.WhichOneof("type") == "file_uploader":
                    self.uploaders[element.file_uploader.label] = element.file_uploader.id
                elif (
                    element.WhichOneof("type") == "checkbox"
                    and element.checkbox.id not in self.states
                ):
                    # a switch keeps its value: the browser sends it with every run
                    switch = WidgetState()
                    box = element.checkbox
                    switch.id = box.id
                    switch.bool_value = box.value if box.set_value else box.default
                    self.states[element.checkbox.id] = switch
                elif element.WhichOneof("type") == "html":
                    self.html.append(element.html.body)
                elif element.WhichOneof("type") in ("heading", "alert"):
                    self.shown.append(getattr(element, element.WhichOneof("type")).body)
            # A button that calls st.rerun() ends one run early and starts another.
            if kind == "script_finished" and forward.script_finished != EARLY_FOR_RERUN:
                # A whole run (also one a fragment's st.rerun() asked for) sets the page's
                # timers anew, as the browser does; a fragment's run keeps them.
                if forward.script_finished == FRAGMENT_DONE:
                    self.fragments.update(timers)
                else:
                    self.fragments = timers
                return time.monotonic() - started, error


async def student(
    url: str, seat: int, walk: Walk, times: list[tuple[str, float]], errors: list[str]
) -> None:
    """Walk every page `walk.rounds` times, reading each for about `walk.think` seconds."""
    rng = random.Random(seat)  # seeded per seat: students do not click in lockstep
    await asyncio.sleep(rng.uniform(0, walk.think))  # they do not all arrive at once either
    rounds, think = walk.rounds, walk.think
    try:
        async with Session(url) as session:
            for _ in range(rounds):
                for page in ["", *(info.id for info in PAGES)]:
                    seconds, error = await session.run(page)
                    times.append((page or "home", seconds))
                    if error:
                        errors.append(f"{page}: {error}")
                    # A student reads the page before the next click (uniform 0.5x..1.5x).
                    await asyncio.sleep(think * rng.uniform(0.5, 1.5))
    except (OSError, TimeoutError, websockets.WebSocketException) as error:
        errors.append(f"session: {type(error).__name__}: {error}")


async def trainer(url: str, errors: list[str]) -> Session:
    """A session that starts a training run (the Train page's defaults) and stays open."""
    session = Session(url)
    await session.__aenter__()
    _, error = await session.run("training")
    if "Start training" not in session.buttons or "Epochs" not in session.numbers:
        errors.append(f"training page has no Start button or Epochs box ({error})")
        return session
    # Runs of a few minutes, as in class (the default 3 epochs end in seconds).
    session.sticky[session.numbers["Epochs"]] = TRAINING_EPOCHS
    _, error = await session.run("training", trigger="Start training")
    if error:
        errors.append(f"training: {error}")
    return session


async def keep_training(session: Session, done: asyncio.Event, started: list[int]) -> None:
    """Start the next run whenever the last one has finished: trainings run all the time."""
    while not done.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(done.wait(), 3)
        if done.is_set():
            return
        await session.run("training")
        if session.enabled.get("Start training"):
            await session.run("training", trigger="Start training")
            started.append(1)


@dataclass(frozen=True)
class Walk:
    rounds: int  # walks through all the pages
    think: float  # mean seconds a student spends on a page before the next click


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] if ordered else math.nan


async def measure(url: str, sessions: int, walk: Walk, trainings: int) -> dict[str, Any]:
    errors: list[str] = []
    trainers = [await trainer(url, errors) for _ in range(trainings)]
    await asyncio.sleep(2)  # let the runs get going
    done, restarts = asyncio.Event(), []
    keepers = [asyncio.create_task(keep_training(t, done, restarts)) for t in trainers]
    times: list[tuple[str, float]] = []
    started = time.monotonic()
    await asyncio.gather(*(student(url, seat, walk, times, errors) for seat in range(sessions)))
    wall = time.monotonic() - started
    done.set()
    await asyncio.gather(*keepers)
    for session in trainers:
        await session.run("training", trigger="Stop")
        await session.__aexit__()
    for error in errors[:5]:
        print(f"  error: {error}")
    seconds = [s for _, s in times]
    by_page: dict[str, list[float]] = {}
    for page, s in times:
        by_page.setdefault(page, []).append(s)
    return {
        "pages": len(times),
        "median_s": statistics.median(seconds) if seconds else math.nan,
        "p95_s": _p95(seconds),
        "max_s": max(seconds, default=math.nan),
        "errors": len(errors),
        "wall_s": wall,
        "trainings_started": len(trainers) + len(restarts),
        "by_page": {page: (statistics.median(v), _p95(v)) for page, v in by_page.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="*", default=[1, 10, 30])
    parser.add_argument("--rounds", type=int, default=2, help="walks through all pages")
    parser.add_argument(
        "--think",
        type=float,
        default=5.0,
        help="mean seconds a student reads a page before the next click (0: back to back)",
    )
    parser.add_argument("--trainings", type=int, default=2)
    parser.add_argument("--per-page", action="store_true", help="median / p95 of every page")
    args = parser.parse_args()
    if max(args.sessions) > 60:
        parser.error("at most 60 sessions: this is a classroom, not a stress test")
    walk = Walk(args.rounds, args.think)
    with tempfile.TemporaryDirectory() as home:
        server, url = start_server(Path(home))
        try:
            asyncio.run(measure(url, 1, Walk(1, 0.0), 0))  # warm-up: imports, unpacking
            print(
                f"{len(PAGES) + 1} pages per walk, {walk.rounds} walks per session, "
                f"{walk.think:g} s mean reading time per page, "
                f"{args.trainings} trainings running, server {url}"
            )
            for n in args.sessions:
                result = asyncio.run(measure(url, n, walk, args.trainings))
                print(
                    f"N={n:>3}: {result['pages']:>4} page loads, median {result['median_s']:.3f} s,"
                    f" p95 {result['p95_s']:.3f} s, max {result['max_s']:.3f} s, "
                    f"errors {result['errors']}, wall {result['wall_s']:.1f} s, "
                    f"{result['trainings_started']} training runs",
                    flush=True,
                )
                if args.per_page:
                    for page, (median, p95) in sorted(result["by_page"].items()):
                        print(f"    {page:<14} median {median:.3f} s  p95 {p95:.3f} s")
        finally:
            stop_server(server)


if __name__ == "__main__":
    main()
