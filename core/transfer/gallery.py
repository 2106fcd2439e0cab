"""The class's models: a student asks to share her fine-tuned model, the teacher approves it,
and the server scores every shared model on the teacher's held-back photos (never trained
on): its accuracy and how often it said "neither". Ranked, it answers "whose model is best
at monkeys vs humans?" with the server's own numbers."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from core.i18n import _
from core.identity.db import connect
from core.identity.ownership import owner_of, require, share
from core.identity.people import Actor, NotAllowed, names
from core.images import ImageError, open_rgb
from core.paths import runs_dir
from core.training.store import read_json
from core.transfer.data import PhotoSet


@dataclass(frozen=True)
class Score:
    """A shared model on the held-back photos: right answers, "neither" answers, photos."""

    right: int
    neither: int
    photos: int

    @property
    def accuracy(self) -> float:
        return self.right / self.photos if self.photos else 0.0

    @property
    def neither_rate(self) -> float:
        return self.neither / self.photos if self.photos else 0.0


def _fine_tuned(folder: str) -> Path:
    """The run folder of a fine-tuned model (a name in the lab's runs, nothing else)."""
    run_dir = runs_dir() / Path(folder).name
    if Path(folder).name != folder or not (run_dir / "best.pt").is_file():
        raise ValueError(_("{name} is not a fine-tuned model of this lab.").format(name=folder))
    try:
        kind = read_json(run_dir / "spec.json").get("kind")
    except (OSError, ValueError):
        kind = None
    if kind != "transfer":
        raise ValueError(_("{name} is not a fine-tuned model of this lab.").format(name=folder))
    return run_dir


def run_name(folder: str) -> str:
    """The name its student gave the run (its folder's name if it has none)."""
    try:
        name = read_json(runs_dir() / folder / "status.json").get("name")
    except (OSError, ValueError, AttributeError):
        name = None
    return str(name) if isinstance(name, str) and name.strip() else folder


def ask_to_share(actor: Actor, folder: str) -> None:
    """A student asks the teacher to share her own fine-tuned model with the class."""
    _fine_tuned(folder)
    require(actor, "run", folder)  # hers (NotAllowed for another student's)
    with connect() as db:
        db.execute(
            "INSERT OR REPLACE INTO share_requests (item, person, requested) VALUES (?, ?, ?)",
            (folder, actor.id, time.time()),
        )


def requests() -> list[dict]:
    """The models waiting for the teacher: folder, the student's name, when asked."""
    with connect(read_only=True) as db:
        rows = db.execute(
            "SELECT r.item, p.name, r.requested FROM share_requests r "
            "JOIN people p ON p.id = r.person ORDER BY r.requested"
        ).fetchall()
    return [
        {"folder": item, "name": run_name(item), "student": name, "requested": at}
        for item, name, at in rows
    ]


def decide(actor: Actor, folder: str, approve: bool) -> None:
    """The teacher shares the model with the class, or declines; the request is done."""
    if not actor.is_teacher:
        raise NotAllowed(_("Only the teacher shares work with the class."))
    if approve:
        _fine_tuned(folder)
        share(actor, "run", folder)
    with connect() as db:
        db.execute("DELETE FROM share_requests WHERE item = ?", (folder,))


def shared_models() -> list[dict]:
    """Every fine-tuned model the teacher has shared: folder and its student's name."""
    with connect(read_only=True) as db:
        items = [row[0] for row in db.execute("SELECT item FROM shared WHERE kind = 'run'")]
    who = names()
    models = []
    for folder in items:
        try:
            _fine_tuned(folder)
        except ValueError:  # deleted or damaged since: not in the gallery
            continue
        student = who.get(owner_of("run", folder) or "", "")
        models.append({"folder": folder, "name": run_name(folder), "student": student})
    return models


def score(folder: str, photos: PhotoSet) -> Score:
    """The model's answers on every held-back photo, by class name (its classes and the
    photos' must be the same set); a photo it calls "neither" counts as not right."""
    from core.transfer.inference import load_model, predict, to_batch, verdict

    model = load_model(str(_fine_tuned(folder)))
    if sorted(model.classes) != sorted(photos.classes):
        raise ValueError(
            _("This model knows {model}; the held-back photos are {photos}.").format(
                model=", ".join(model.classes), photos=", ".join(photos.classes)
            )
        )
    right = neither = seen = 0
    for path, label in zip(photos.paths, photos.labels, strict=True):
        try:
            batch = to_batch(open_rgb(path), model.backbone)
        except (ImageError, OSError):
            continue  # an unreadable photo counts for no model
        seen += 1
        check = verdict(model, batch)
        if check is not None and check.unknown:
            neither += 1
        elif predict(model, batch, k=1)[0][0] == photos.classes[int(label)]:
            right += 1
    return Score(right, neither, seen)
