"""A class with a hostile student, in four browsers: the teacher, Mina, Jun and a student who
plants Markdown, HTML and look-alike text in every field she can (her name, her run's name,
her dataset's title and class folders), restores a bundle claiming 100% and damages a run.

The board, Runs and leaderboard keep working; no forged score ranks; the assignment's locks
hold in the Race and on Continue; Mina's dataset is not listed to her; every page, opened as
the teacher and as students, shows the planted text as typed: no link or image from it, and
the browser fetches nothing from it.

The class is seeded through core (the same calls the pages make), so the browsers only look.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.core.zips import png_bytes, with_member
from tests.e2e.conftest import (
    open_app_page,
    screenshot,
    start_server,
    stop_server,
    wait_idle,
)
from tests.e2e.streamlit_ui import widget
from tests.e2e.test_classroom import LEADERBOARD

CODE, PASSWORD = "KQ7M2P", "correct horse"
EVIL = "evil.test"
# At most 40 characters each (a name's limit): a Markdown link and Streamlit's colour; an
# image and HTML.
HOSTILE = f"[sign in](http://{EVIL}/n) :red[X]"
RUN_NAME = f"![i](http://{EVIL}/r.png) [Teacher: sign in again](http://{EVIL}/l) <b>B</b>"
TITLE = "**bold** [link](evil-test) ~~gone~~"
CLASSES = ("[cls](evil-test)", "**b**")
CLAIM = "run/evaluation.json"  # a bundle's own evaluation: here, a claim of 100%
# Every page, by its address (dashboard.navigation), and those a student opens here.
PAGES = (
    "home", "course", "glossary", "builder", "convolution", "pooling", "datasets",
    "augmentation", "training", "runs", "inside", "transfer", "test_photo", "class",
)  # fmt: skip
STUDENT_PAGES = ("runs", "datasets", "training", "inside", "augmentation", "test_photo")


@dataclass
class Seeded:
    url: str
    tokens: dict[str, str]
    forged_folder: str


def _seed(home: Path) -> tuple[dict[str, str], str]:
    """The class, made through core: people, an assignment, datasets and runs."""
    from core.classroom.assignments import push
    from core.data.importers import import_files
    from core.identity.people import join, teacher_login
    from core.portable.bundle import bundle_bytes
    from core.portable.unbundle import import_bundle
    from core.runs.run import TrainingRun
    from core.training.store import rename_run
    from tests.core.short_runs import SMALL, SPEC, finished

    teacher, teacher_token = teacher_login(PASSWORD)
    settings = {"preset": "mnist_fast", "dataset": "mnist", "lr": 0.003, "epochs": 1}
    push(teacher, "Fast MNIST", {**settings, "train_limit": 300}, locked=tuple(settings))
    mina, mina_token = join("Mina", CODE, pin="4821")
    _jun, jun_token = join("Jun", CODE)
    hostile, hostile_token = join(HOSTILE, CODE)
    for look_alike in ("Mi\u200bna", "MINA", " Mi\u2060na "):  # Mina's, to fool the board
        with pytest.raises(ValueError, match="already joined as"):
            join(look_alike, CODE)
    pets = {"cats": [("1.png", png_bytes(10))], "dogs": [("2.png", png_bytes(200))]}
    import_files(pets, "Mina's pets", owner=mina)
    planted = {name: [(f"{i}.png", png_bytes(40 * i))] for i, name in enumerate(CLASSES, 1)}
    import_files(planted, TITLE, owner=hostile)
    config = replace(SMALL, epochs=1, lr=0.003)
    finished(TrainingRun(SPEC, config, name="Mina's run", owner=mina))
    theirs = finished(TrainingRun(SPEC, config, owner=hostile))
    rename_run(theirs.run_dir, RUN_NAME, hostile)
    damaged = finished(TrainingRun(SPEC, config, name="damaged", owner=hostile))
    with (damaged.run_dir / "metrics.jsonl").open("a") as metrics:  # "1,250%"
        metrics.write(json.dumps({"epoch": 2, "val_acc": 12.5, "val_loss": "NaN"}) + "\n")
    restored = import_bundle(
        with_member(bundle_bytes(theirs.run_dir, actor=hostile), CLAIM, b'{"accuracy": 1.0}'),
        actor=hostile,
    )
    tokens = {
        "teacher": teacher_token,
        "mina": mina_token,
        "jun": jun_token,
        "hostile": hostile_token,
    }
    return tokens, restored.run_dir.name


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    home = tmp_path_factory.mktemp("hostile-home")
    env = {
        "CNNLAB_HOME": str(home),
        "CNNLAB_CLASSROOM": "1",
        "CNNLAB_CLASS_CODE": CODE,
        "CNNLAB_TEACHER_PASSWORD": PASSWORD,
    }
    with pytest.MonkeyPatch.context() as patch:
        for key, value in env.items():
            patch.setenv(key, value)
        tokens, forged = _seed(home)
    # The server as a class runs it: a page's error is a sentence, never a traceback.
    process, url = start_server(home, home / "server.log", {**env, "CNNLAB_RAISE_ERRORS": "0"})
    try:
        yield Seeded(url, tokens, forged)
    finally:
        stop_server(process)


class Person:
    """A browser of its own, signed in with a token core gave (the cookie the join sets)."""

    def __init__(self, browser, seeded: Seeded, who: str) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 720})
        self.context.add_cookies(
            [{"name": "cnnlab_seat", "value": seeded.tokens[who], "url": seeded.url}]
        )
        self.fetched: list[str] = []
        self.context.on("request", lambda r: self.fetched.append(r.url) if EVIL in r.url else None)
        self.page = self.context.new_page()
        self.page.set_default_timeout(60_000)
        self.url = seeded.url

    def open(self, path: str) -> None:
        open_app_page(self.page, self.url, path)
        expect(self.page.get_by_text("Signed in as")).to_be_visible()
        expect(self.page.get_by_text("Something went wrong on this page")).to_have_count(0)
        self.no_markup(path)

    def no_markup(self, where: str) -> None:
        """Nothing planted became a link or an image, and nothing was fetched from it."""
        links = self.page.locator(f"a[href*='{EVIL}']")
        if links.count():  # say where, for the one who mends it
            where += ": " + links.first.evaluate("a => a.closest('[data-testid]').outerHTML")
        expect(links, where).to_have_count(0)
        expect(self.page.locator(f"img[src*='{EVIL}']")).to_have_count(0)
        expect(self.page.locator("[data-testid='stMarkdown'] a[href*='evil-test']")).to_have_count(
            0
        )
        assert not self.fetched, (where, self.fetched)


def test_a_hostile_student_cannot_break_or_fool_the_class(browser, seeded: Seeded) -> None:
    people = {who: Person(browser, seeded, who) for who in ("teacher", "mina", "jun", "hostile")}
    teacher, mina, hostile = people["teacher"], people["mina"], people["hostile"]
    try:
        # The teacher's board: the table, the damaged run's Delete (its name as typed), the
        # leaderboard; the restored 100% is not ranked.
        teacher.open("class")
        expect(teacher.page.get_by_role("heading", name="Class board")).to_be_visible()
        screenshot(teacher.page, "hostile_class_board")
        delete = teacher.page.get_by_role("button", name=re.compile("damaged run"))
        expect(delete).to_have_count(1)
        assert HOSTILE in delete.inner_text().replace("\u2060", "")  # as typed, invisibly joined
        # The leaderboard: the restored bundle's 100% is nowhere.
        leaderboard = teacher.page.locator(LEADERBOARD)
        cells = leaderboard.locator("[role='gridcell']")
        expect(cells.filter(has_text=re.compile(r"^\d+\.\d\d%$")).first).to_be_attached()
        expect(cells.filter(has_text="100.00%")).to_have_count(0)
        # Every page as the teacher.
        for path in PAGES:
            teacher.open(path)

        # The hostile student: her name as typed in the sidebar; her pages hold.
        hostile.open("runs")
        signed_in = hostile.page.get_by_text("Signed in as").inner_text()
        assert signed_in.replace("\u2060", "") == f"Signed in as {HOSTILE} (student)"
        for path in STUDENT_PAGES:
            hostile.open(path)
        # Her dataset, as typed in the picker; Mina's is not offered to her.
        hostile.open("datasets")
        widget(hostile.page, "stSelectbox", "Dataset").click()
        expect(hostile.page.get_by_role("option", name=re.compile(re.escape(TITLE)))).to_have_count(
            1
        )
        expect(hostile.page.get_by_role("option", name=re.compile("Mina"))).to_have_count(0)
        hostile.page.keyboard.press("Escape")

        # Locks: a race of optimizers changes the locked learning rate, and is refused.
        hostile.open("training")
        hostile.page.get_by_role("tab", name="Race").click()
        hostile.page.get_by_role("button", name="Start the race").click()
        expect(hostile.page.get_by_text("cannot start").first).to_be_visible()
        screenshot(hostile.page, "hostile_race_refused")

        # Continue past the locked epochs: refused, with the reason.
        hostile.open("runs")
        table = hostile.page.get_by_test_id("stDataFrame").first.bounding_box()
        hostile.page.mouse.click(table["x"] + 8, table["y"] + 35 + 17)  # tick the first run
        wait_idle(hostile.page)
        hostile.no_markup("runs, a run ticked")
        hostile.page.get_by_role("button", name="Continue", exact=True).click()
        expect(hostile.page.get_by_text("Could not continue").first).to_be_visible()
        expect(hostile.page.get_by_text("the epochs").first).to_be_visible()

        # Mina sees her own run and dataset only.
        mina.open("runs")
        expect(mina.page.get_by_text("1 run saved.")).to_be_visible()
        mina.open("datasets")
        widget(mina.page, "stSelectbox", "Dataset").click()
        expect(mina.page.get_by_role("option", name=re.compile("Mina's pets"))).to_have_count(1)
        expect(mina.page.get_by_role("option", name=re.compile("bold"))).to_have_count(0)
        # Jun, who made nothing: no run of anyone else's, none of their datasets.
        people["jun"].open("runs")
        expect(people["jun"].page.get_by_text("No runs yet", exact=False)).to_be_visible()
        for person in people.values():
            person.no_markup("end")
    finally:
        for person in people.values():
            person.context.close()
