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
from core.i18n import N_, _
from core.identity.names import tidy
from core.identity.ownership import forget, hidden_from, require, require_visible
from core.identity.people import LOCAL, Actor
from core.model.spec_io import spec_from_json
from core.paths import runs_dir
from core.training import records

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
    """The complete lines of a JSON-lines file that are records (a half-written last line is
    ignored); unchecked: core.training.records checks their values."""
    return [line for line in records.load_lines(path) if isinstance(line, dict)]


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
    """One row of the run history, every value checked (core.training.records): a value that
    failed its check is None here and `problem` says what was wrong."""

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
    problem: str | None = None  # what is wrong with its files, in words
    restored: bool = False  # from a .cnnlab bundle: its curves are the student's word
    # How test_acc was measured (records.PROVENANCE), and whether that was this server on
    # the weights the run has now; an imported bundle's own claim, for its owner's eyes.
    measured: dict | None = None
    test_verified: bool = False
    imported_test_acc: float | None = None

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
    """The history row of one folder with a status.json (FileNotFoundError without one);
    whatever else is missing or malformed is dropped and named in `problem`."""
    if not (run_dir / "status.json").is_file():
        raise FileNotFoundError(_("{folder} has no status.json.").format(folder=run_dir.name))
    data, problems = records.load(run_dir / "status.json")
    status, found = records.check_status(data)
    config_data, missing = records.load(run_dir / "config.json")
    config, checked = records.check_config(config_data) if not missing else ({}, missing)
    epochs, bad_lines = records.check_epochs(records.load_lines(run_dir / "metrics.jsonl"))
    evaluation, bad_test = records.read_evaluation(run_dir / "evaluation.json")
    imported, bad_import = records.read_evaluation(run_dir / records.IMPORTED_EVALUATION)
    problems += found + checked + bad_test + bad_import + bad_lines
    state = status["status"]
    if state in LIVE_STATUSES and str(run_dir.resolve()) not in LIVE_RUNS:
        state = "interrupted"  # its process ended while it trained
    accs = [e["val_acc"] for e in epochs if e["val_acc"] is not None]
    preset = config.get("preset")
    if not preset and (run_dir / "spec.json").is_file():  # a model from the builder
        spec, _unreadable = records.load(run_dir / "spec.json")
        name = spec.get("name") if isinstance(spec, dict) else None
        preset = name if isinstance(name, str) and name else None
    measured = (evaluation or {}).get("measured")
    return RunInfo(
        run_dir,
        status.get("name", run_dir.name),
        status.get("created", ""),
        state,
        config.get("dataset", ""),
        preset if isinstance(preset, str) else None,
        len(epochs),
        max(accs) if accs else None,
        evaluation["accuracy"] if evaluation else None,
        config,
        problem=records.summary(problems),
        restored="restored" in status,
        measured=measured,
        test_verified=records.measured_here(run_dir, measured),
        imported_test_acc=imported["accuracy"] if imported else None,
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


def check_use(run_dir: Path, actor: Actor) -> None:
    """Refuse a run `actor` may not use (evaluate, export, look inside, test photos with):
    in a class, one of the lab's runs that is not another student's. The local user (and the
    command line) may use any folder."""
    if actor.role == "local":
        return
    require_visible(actor, "run", _inside_runs(run_dir).name)


def rename_run(run_dir: Path, name: str, actor: Actor = LOCAL) -> None:
    """Give a run a new display name (the folder keeps its name); its owner or the teacher."""
    path = _inside_runs(run_dir)
    require(actor, "run", path.name)
    name = tidy(name, 100)
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
