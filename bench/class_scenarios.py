"""The students of bench/class_load.py besides the ones who train and watch: hostile ones
(issue 24, item 8) and the course's signature moment, fine-tuning "monkey or human?" on
one's own photos and then asking the model about a photo.

Every student appends (kind, seconds) to `pages` and her problems to `errors`; a hostile
student's own refusals are expected and go to `hostile` instead (a page that raised an
exception for her goes there too, marked, as the server must not break for her either).
"""

from __future__ import annotations

import asyncio
import math
import random
import time

import websockets

from bench.load_test import Session
from bench.photos import shared_photos
from bench.upload_client import upload
from bench.upload_memory import CODE, test_photo

WRONG_CODES = 20  # joins with a wrong class code, back to back
MARKUP_NAMES = (  # at most 40 characters: the join form's limit
    "[sign in](http://evil.test/n) :red[X]",
    "![](http://evil.test/i.png)<b>B</b>",
    "<img src=x onerror=alert(1)>",
)
ZIP_LABEL = "Zip of class folders (monkey/1.jpg, human/2.jpg…)"
BUNDLE_LABEL = "Restore a .cnnlab file"
SAVED = "Saved the fine-tuned model"
Log = list[tuple[str, float]]


def at_the_door(session: Session) -> bool:
    """The last run drew the join form again (the class code or the name was refused)."""
    return any(text.startswith("Join the class") for text in session.shown)


def _timed(pages: Log, kind: str, result: tuple[float, str | None]) -> str | None:
    pages.append((kind, result[0]))
    return result[1]


async def hostile(
    url: str, seat: int, files: list[tuple[str, bytes]], bundle: bytes, state: dict,
    pages: Log, hostile_log: list[str],
) -> None:  # fmt: skip
    """Rapid wrong class codes, a name with markup, the largest uploads on Test a photo (the
    page's largest photo and the server's ceiling), a forged bundle on the Runs page."""
    await state["teacher_ready"].wait()
    await asyncio.sleep(random.Random(seat).uniform(0, 10))
    name = MARKUP_NAMES[seat % len(MARKUP_NAMES)]
    note = hostile_log.append
    try:
        async with Session(url) as session:
            await session.run("")
            refused = 0
            for attempt in range(WRONG_CODES):
                typed = {"Your name": name, "Class code": f"NOPE{attempt:02d}"}
                error = _timed(pages, "hostile: wrong code", await session.run("", "Join", typed))
                refused += at_the_door(session)
                if error:
                    note(f"{seat} wrong code: EXCEPTION {error}")
            note(f"{seat}: {refused} of {WRONG_CODES} wrong codes refused")
            typed = {"Your name": name, "Class code": CODE}
            error = _timed(pages, "hostile: join", await session.run("", "Join", typed))
            if error or at_the_door(session):  # the name refused: join plainly
                note(f"{seat}: name {name!r} refused: {error or session.shown}")
                typed["Your name"] = f"hostile {seat:02d}"
                _timed(pages, "hostile: join", await session.run("", "Join", typed))
            try:
                seconds, answer = await test_photo(session, files)
            except OSError as error:  # an upload refused: the server's answer
                seconds, answer = math.nan, f"refused: {error}"
            pages.append(("hostile: largest uploads", seconds))
            note(f"{seat}: {len(files)} uploads ({sum(len(d) for _, d in files):,} bytes) "
                 f"answered in {seconds:.1f} s: {answer[:120]}")  # fmt: skip
            _timed(pages, "hostile: runs", await session.run("runs"))
            await upload(session, BUNDLE_LABEL, [("forged.cnnlab", bundle)])
            error = _timed(pages, "hostile: bundle", await session.run("runs"))
            note(f"{seat}: forged bundle: {'EXCEPTION ' + error if error else session.shown}")
            for page in ("runs", "class", "training"):  # her pages still work
                if error := _timed(pages, f"hostile: {page}", await session.run(page)):
                    note(f"{seat} {page}: EXCEPTION {error}")
    except (OSError, TimeoutError, KeyError, websockets.WebSocketException) as error:
        note(f"{seat}: {type(error).__name__}: {error}")


async def _until_saved(session: Session, polls: list[float], errors: list[str], seat: int) -> None:
    """Watch the Fine-tune tab as the browser does (its fragments each second, the page when
    one asks for it) until the result is shown."""
    last_full = time.monotonic()
    while not any(text.startswith(SAVED) for text in session.shown):
        await asyncio.sleep(1.0)
        for fragment in list(session.fragments):
            seconds, error = await session.run("transfer", fragment=fragment)
            polls.append(seconds)
            if error:
                errors.append(f"student {seat} fine-tune poll: {error}")
            if any(text.startswith(SAVED) for text in session.shown):
                return
        if not session.fragments or time.monotonic() - last_full > 10:
            _seconds, error = await session.run("transfer")
            last_full = time.monotonic()
            if error:
                errors.append(f"student {seat} transfer page: {error}")


async def finetuner(
    url: str, seat: int, photo_zip: bytes, state: dict, pages: Log, polls: list[float],
    errors: list[str],
) -> None:  # fmt: skip
    """Join, import her own photos (a zip, 20 per class) on Transfer learning, fine-tune with
    the page's defaults, then ask the model about a photo on Test a photo."""
    await state["teacher_ready"].wait()
    rng = random.Random(seat)
    await asyncio.sleep(rng.uniform(0, 10))
    try:
        async with Session(url) as session:
            _timed(pages, "open", await session.run(""))
            typed = {"Your name": f"student {seat:02d}", "Class code": CODE}
            error = _timed(pages, "join", await session.run("", "Join", typed))
            if error or at_the_door(session):
                errors.append(f"student {seat} join: {error or session.shown}")
                return
            _timed(pages, "transfer page", await session.run("transfer"))
            await upload(session, ZIP_LABEL, [("my_photos.zip", photo_zip)])
            # The set's name defaults to the zip's ("my_photos", the same for everyone);
            # `state["own_names"]`: each student types her own.
            typed = {"Photo set name": f"photos {seat:02d}"} if state.get("own_names") else {}
            error = _timed(
                pages, "import", await session.run("transfer", "Import the photos", typed)
            )
            if error or not any("Imported" in text for text in session.shown):
                errors.append(f"student {seat} import: {error or session.shown}")
                return
            state["started"] = state.get("started") or time.monotonic()
            error = _timed(pages, "start", await session.run("transfer", "Start fine-tuning"))
            if error:
                errors.append(f"student {seat} start: {error}")
                return
            await _until_saved(session, polls, errors, seat)
            kind = rng.choice(["monkey", "human"])
            path = rng.choice(shared_photos(kind))
            seconds, answer = await test_photo(session, [(path.name, path.read_bytes())])
            pages.append(("test a photo", seconds))
            if not answer.startswith(path.name):
                errors.append(f"student {seat} test a photo: {answer}")
                return
            state["answers"].append((time.monotonic(), kind, answer))
    except (OSError, TimeoutError, KeyError, websockets.WebSocketException) as error:
        errors.append(f"student {seat}: {type(error).__name__}: {error}")
    finally:
        state["ended"] = state.get("ended", 0) + 1


def right_answers(answers: list[tuple[float, str, str]]) -> int:
    """Answers whose heading names the photo's true class (monkey or human)."""
    return sum(kind in answer.split(":", 1)[-1].lower() for _t, kind, answer in answers)
