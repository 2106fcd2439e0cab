"""Training runs on disk: one folder each under `runs_dir()`, and the run history.

    <runs_dir>/20250101-120000-mnist-fast/
        config.json  spec.json  status.json      (written at creation, status updated)
        metrics.jsonl  batches.jsonl             (appended as training goes)
        best.pt  last.pt  evaluation.json        (checkpoints, test results)

Every file is written atomically or appended line by line, so a folder is always readable;
`list_runs` skips (and names) folders that are not runs or are damaged. A write that fails
(a full disk) leaves no temporary file or half line behind and raises `RunSaveError`, whose
message a student can act on.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import unicodedata
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from core.atomic import atomic_path
from core.classroom.ownership import forget, hidden_from, require
from core.classroom.people import LOCAL, Actor
from core.i18n import N_, _
from core.model.spec_io import spec_from_json
from core.paths import runs_dir

LIVE_STATUSES = ("created", "queued", "running", "paused", "stopping")


class RunSaveError(OSError):
    """A run's file could not be written (disk full, file too large); says what to do."""


# Why a write failed, by errno: msgids (N_), said with _().
_WHY = {
    errno.ENOSPC: N_("the disk is full"),
    errno.EDQUOT: N_("the disk quota is used up"),
    errno.EFBIG: N_("the file would be larger than this system allows"),
}


def save_error(error: OSError, path: Path) -> RunSaveError:
    """The student-readable form of an OSError met while writing `path`."""
    detail = error.strerror or str(error)
    if isinstance(error, FileNotFoundError) or not Path(path).parent.is_dir():
        return RunSaveError(
            _(
                "The run's folder {folder} was deleted or moved while it trained, so its files "
                "cannot be saved. Start the run again."
            ).format(folder=Path(path).parent.name)
        )
    if error.errno not in _WHY:
        why = error.strerror or str(error) or type(error).__name__
        return RunSaveError(
            _("Could not save the run: {why} (writing {file}).").format(
                why=why, file=Path(path).name
            )
        )
    return RunSaveError(
        _(
            "Could not save the run: {why} (writing {file}: {detail}). Free some disk space, "
            "for example by deleting old runs on the Runs page, then train again."
        ).format(why=_(_WHY[error.errno]), file=Path(path).name, detail=detail)
    )


@contextmanager
def saving(path: Path) -> Iterator[None]:
    """Turn an OSError raised inside into a `RunSaveError` naming `path`."""
    try:
        yield
    except RunSaveError:
        raise
    except OSError as error:
        raise save_error(error, path) from error


def write_json(path: Path, data: Any) -> None:
    """Write JSON atomically (core.atomic); an OSError becomes a RunSaveError."""
    with saving(path), atomic_path(path) as temp:
        temp.write_text(json.dumps(data, indent=1, default=str))


def append_text(path: Path, text: str) -> None:
    """Append `text` whole or not at all: what a failed write (disk full) added is cut off."""
    data = memoryview(text.encode())
    with saving(path), path.open("ab", buffering=0) as out:
        start = out.seek(0, os.SEEK_END)
        try:
            while data:
                data = data[out.write(data) :]
        except OSError:
            out.truncate(start)
            raise


def read_json(path: Path) -> Any:
    return json.loads(path.read_text())


def read_jsonl(path: Path) -> list[dict]:
    """The complete lines of a JSON-lines file (a half-written last line is ignored)."""
    if not path.is_file():
        return []
    records = []
    for line in path.read_text().splitlines():
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return records


def slugify(text: str) -> str:
    """A folder-safe form of a run's title that keeps letters of every script ("원숭이-vs-사람")."""
    text = unicodedata.normalize("NFC", text).lower()
    return re.sub(r"[\W_]+", "-", text).strip("-")[:40].strip("-") or "run"


def new_run_dir(root: Path, title: str) -> Path:
    """A fresh `<timestamp>-<slug>` folder (suffixed -2, -3... when the second is taken)."""
    root.mkdir(parents=True, exist_ok=True)
    base = f"{datetime.now().strftime('%Y%m%d-%H%M%S')}-{slugify(title)}"
    for n in range(1, 1000):
        path = root / (base if n == 1 else f"{base}-{n}")
        try:
            path.mkdir()
            return path
        except FileExistsError:
            continue
    raise OSError(_("Could not create a run folder in {root}.").format(root=root))


@dataclass
class RunInfo:
    """One row of the run history."""

    run_dir: Path
    name: str
    created: str
    status: str
    dataset: str
    preset: str | None  # the preset's name, else the spec's own name
    epochs_done: int
    best_val_acc: float | None
    test_acc: float | None
    config: dict = field(default_factory=dict)

    @property
    def fine_tuned(self) -> bool:
        """A transfer-learning run (core.transfer.finetune): a pretrained backbone and a new
        head, shown on Test a photo rather than as a course CNN."""
        return self.preset == FINE_TUNED_PRESET


# The `preset` a fine-tuning run's config names (core.transfer.finetune writes it).
FINE_TUNED_PRESET = "transfer"
# Folders of runs alive in this process; a "running" folder not listed here was interrupted.
LIVE_RUNS: dict[str, Any] = {}


def run_info(run_dir: Path) -> RunInfo:
    """The history row of one folder; raises (OSError, ValueError, KeyError) if damaged."""
    status = read_json(run_dir / "status.json")
    config = read_json(run_dir / "config.json")
    epochs = read_jsonl(run_dir / "metrics.jsonl")
    evaluation = run_dir / "evaluation.json"
    test_acc = read_json(evaluation).get("accuracy") if evaluation.is_file() else None
    state = status["status"]
    if state in LIVE_STATUSES and str(run_dir.resolve()) not in LIVE_RUNS:
        state = "interrupted"  # its process ended while it trained
    accs = [e["val_acc"] for e in epochs if "val_acc" in e]
    preset = config.get("preset")
    if not preset and (run_dir / "spec.json").is_file():  # a model from the builder
        preset = read_json(run_dir / "spec.json").get("name") or None
    return RunInfo(
        run_dir,
        status.get("name", run_dir.name),
        status.get("created", ""),
        state,
        config["dataset"],
        preset,
        len(epochs),
        max(accs) if accs else None,
        test_acc,
        config,
    )


def list_runs(
    root: Path | None = None, skipped: list[str] | None = None, actor: Actor = LOCAL
) -> list[RunInfo]:
    """Every readable run `actor` may see (a student: not other students'), newest first;
    damaged folders go to `skipped` with the reason."""
    root = root or runs_dir()
    hidden = hidden_from(actor, "run")
    infos = []
    folders = sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    for folder in (f for f in folders if f.name not in hidden):
        try:
            infos.append(run_info(folder))
        except (OSError, ValueError, KeyError, TypeError) as error:
            if skipped is not None:
                skipped.append(f"{folder.name}: {type(error).__name__}: {error}")
    return sorted(infos, key=lambda info: (info.created, info.run_dir.name), reverse=True)


def _inside_runs(run_dir: Path) -> Path:
    path, root = Path(run_dir).resolve(), runs_dir().resolve()
    if path.parent != root or not (path / "status.json").is_file():
        raise ValueError(
            _("{folder} is not a run folder in {root}.").format(folder=run_dir, root=root)
        )
    return path


def rename_run(run_dir: Path, name: str, actor: Actor = LOCAL) -> None:
    """Give a run a new display name (the folder keeps its name); its owner or the teacher."""
    path = _inside_runs(run_dir)
    require(actor, "run", path.name)
    name = " ".join(str(name).split())[:100]
    if not name:
        raise ValueError(_("A run needs a non-empty name."))
    status = read_json(path / "status.json")
    status["name"] = name
    write_json(path / "status.json", status)
    live = LIVE_RUNS.get(str(path))
    if live is not None:
        live.name = name


def delete_run(run_dir: Path, actor: Actor = LOCAL) -> None:
    """Delete a finished run's folder; refuses anything outside runs_dir, still training, or
    (in a class) another student's."""
    path = _inside_runs(run_dir)
    require(actor, "run", path.name)
    live = LIVE_RUNS.get(str(path))
    if live is not None and live.alive:
        raise ValueError(_("Stop the run before deleting it."))
    shutil.rmtree(path)
    forget("run", path.name)


def load_checkpoint(run_dir: Path, which: str = "best") -> dict[str, Any]:
    """A run's checkpoint dict (best.pt, falling back to last.pt), loaded weights-only."""

    if which not in ("best", "last"):
        raise ValueError(_("A checkpoint is 'best' or 'last', not {which!r}.").format(which=which))
    run_dir = Path(run_dir)
    candidates = [run_dir / f"{which}.pt", run_dir / "last.pt", run_dir / "best.pt"]
    for path in candidates:
        if path.is_file():
            return load_weights_file(path)
    raise FileNotFoundError(
        _("The run {run} has no checkpoint yet (no epoch finished).").format(run=run_dir.name)
    )


def load_weights_file(path: Path) -> dict[str, Any]:
    """A checkpoint file, loaded weights-only: tensors and plain data, never code.

    Checkpoints may come from anywhere (a shared run folder, an upload); pickle would run any
    code hidden in them, so a file that needs more than weights is refused with a message.
    """
    import pickle

    import torch

    try:
        with warnings.catch_warnings():  # its warnings about pickle protocols reach no one
            warnings.simplefilter("ignore")
            checkpoint = torch.load(path, map_location="cpu", weights_only=True)
    except FileNotFoundError:
        raise
    except (
        pickle.UnpicklingError,
        RuntimeError,
        EOFError,
        ValueError,
        AttributeError,
        IndexError,
        KeyError,
        TypeError,
        UnicodeDecodeError,
    ):
        # PyTorch's own message suggests weights_only=False, which would run the file's code:
        # never pass that on.
        raise ValueError(
            _(
                "{file} is not a usable checkpoint: it is damaged, not a PyTorch file, or holds "
                "objects other than weights, which CNN Lab refuses to load."
            ).format(file=Path(path).name)
        ) from None
    if not isinstance(checkpoint, dict):
        raise ValueError(
            _("{file} is not a CNN Lab checkpoint (expected a dict).").format(file=Path(path).name)
        )
    return checkpoint


def model_spec(checkpoint: dict[str, Any]) -> Any:
    """The checkpoint's ModelSpec; a clear ValueError for a fine-tuned pretrained backbone."""

    if checkpoint["spec"].get("kind") == "transfer":  # core.transfer.net.TransferSpec
        raise ValueError(
            _(
                "This run fine-tuned a pretrained backbone: test it on the 'Test a photo' page "
                "or with `python -m core predict --model <run folder> photo.jpg`."
            )
        )
    return spec_from_json(checkpoint["spec"])
