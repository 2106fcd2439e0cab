"""Everything read back from a run folder, checked in one place.

A run folder may hold what a student brought in a `.cnnlab` bundle, or a file edited by hand:
nothing in it is trusted. Each check here keeps the values that pass (type and range:
accuracies in [0, 1], finite losses, whole epochs, known keys) and, for the rest, drops them
and says what is wrong in words, so a page lists the run with its problem instead of raising
or showing a forged "1,250%". The test accuracy the class sees also carries how it was
measured (`provenance`): by this server, on which split, when, and the SHA-256 of the weights
it scored, so a number measured on other weights is never taken as the current one's.
"""

from __future__ import annotations

import hashlib
import json
import math
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from core.i18n import N_, _

STATUSES = (
    "created", "queued", "running", "paused", "stopping",
    "finished", "stopped", "failed", "interrupted",
)  # fmt: skip
WEIGHTS = ("best.pt", "last.pt")
SPLITS = ("train", "val", "test")
# A restored bundle's own evaluation: the student's word, shown only to them, never ranked.
IMPORTED_EVALUATION = "evaluation.imported.json"
MAX_PROBLEMS = 3  # a file with a thousand bad lines says the first few, then how many more


def _real(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _whole(low: int) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= low


def _text(limit: int) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, str) and len(v) <= limit


def _moment(value: Any) -> bool:
    try:
        return isinstance(value, str) and len(value) <= 40 and bool(datetime.fromisoformat(value))
    except ValueError:
        return False


# (check, what it must be: a msgid). One rule per kind of number the lab writes.
ACCURACY = (lambda v: _real(v) and 0 <= v <= 1, N_("an accuracy from 0 to 1"))
AMOUNT = (lambda v: _real(v) and v >= 0, N_("a finite number of 0 or more"))
COUNT = (_whole(0), N_("a whole number of 0 or more"))
EPOCH = (_whole(1), N_("a whole number of 1 or more"))
NAME = (_text(200), N_("a text of at most 200 characters"))
NOTE = (lambda v: v is None or _text(10_000)(v), N_("a text or nothing"))
WHEN = (_text(64), N_("a date and time"))
MOMENT = (_moment, N_("a date and time"))

EPOCH_FIELDS = {
    "epoch": EPOCH,
    "train_loss": AMOUNT,
    "train_acc": ACCURACY,
    "val_loss": AMOUNT,
    "val_acc": ACCURACY,
    "lr": AMOUNT,
    "seconds": AMOUNT,
}
BATCH_FIELDS = {
    "epoch": EPOCH,
    "batch": COUNT,
    "step": COUNT,
    "loss": AMOUNT,
    "acc": ACCURACY,
    "lr": AMOUNT,
    "images_per_s": AMOUNT,
}


def _shown(value: Any) -> str:
    """A value as the problem text quotes it: JSON, cut short."""
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=True)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def problem(file: str, key: str, value: Any, rule: tuple[Any, str]) -> str:
    """'metrics.jsonl: val_acc is 12.5, not an accuracy from 0 to 1.'"""
    return _("{file}: {key} is {value}, not {expected}.").format(
        file=file, key=key, value=_shown(value), expected=_(rule[1])
    )


def summary(problems: list[str]) -> str | None:
    """The problems in one line (the first few), or None when there are none."""
    unique = list(dict.fromkeys(problems))
    if not unique:
        return None
    text = " ".join(unique[:MAX_PROBLEMS])
    if len(unique) > MAX_PROBLEMS:
        text += " " + _("…and {count} more.").format(count=len(unique) - MAX_PROBLEMS)
    return text


def _fields(data: dict, rules: dict, file: str, problems: list[str]) -> dict[str, Any]:
    """The known keys of `data` whose values pass; the others are dropped with a problem."""
    kept = {}
    for key, rule in rules.items():
        if key not in data:
            continue
        if rule[0](data[key]):
            kept[key] = data[key]
        else:
            problems.append(problem(file, key, data[key], rule))
    return kept


def _lines(records: Any, rules: dict, file: str) -> tuple[list[dict], list[str]]:
    problems: list[str] = []
    kept = []
    for line, record in enumerate(records if isinstance(records, list | tuple) else (), start=1):
        if not isinstance(record, dict):
            problems.append(_("{file}: line {line} is not a record.").format(file=file, line=line))
            continue
        fields = _fields(record, rules, file, problems)
        if "epoch" in fields:  # a record with no whole epoch cannot be placed on any chart
            kept.append({key: fields.get(key) for key in rules})
    if not isinstance(records, list | tuple):
        problems.append(_("{file} is not a list of records.").format(file=file))
    return kept, problems


def check_epochs(records: Any, file: str = "metrics.jsonl") -> tuple[list[dict], list[str]]:
    """The epoch records that have a whole epoch, each with every known key (None where its
    value was missing or bad), and the problems."""
    return _lines(records, EPOCH_FIELDS, file)


def check_batches(records: Any, file: str = "batches.jsonl") -> tuple[list[dict], list[str]]:
    """As `check_epochs`, for the per-batch records."""
    return _lines(records, BATCH_FIELDS, file)


def check_status(data: Any) -> tuple[dict[str, Any], list[str]]:
    """status.json's known keys whose values pass; `status` is always one of STATUSES (a
    missing or strange one reads "failed": the run is not training here)."""
    if not isinstance(data, dict):
        return {"status": "failed"}, [_("{file} is not a JSON object.").format(file="status.json")]
    problems: list[str] = []
    rules = {
        "name": NAME, "created": WHEN, "error": NOTE, "stopped_reason": NOTE, "restored": MOMENT,
    }  # fmt: skip
    kept = _fields(data, rules, "status.json", problems)
    state = data.get("status")
    if state not in STATUSES:
        problems.append(problem("status.json", "status", state, (None, N_("a run's status"))))
        state = "failed"
    timings = data.get("timings")
    if isinstance(timings, dict) and all(
        isinstance(k, str) and (v is None or isinstance(v, str | bool) or _real(v))
        for k, v in timings.items()
    ):
        kept["timings"] = timings
    elif timings is not None:
        problems.append(problem("status.json", "timings", timings, (None, N_("a table of times"))))
    return {**kept, "status": state}, problems


def check_config(data: Any) -> tuple[dict[str, Any], list[str]]:
    """config.json as it is when TrainConfig accepts it; else only its dataset and preset
    names (when they are texts) and the reason."""
    from core.training.config import TrainConfig

    try:
        TrainConfig.from_json(data)
    except (ValueError, TypeError) as error:
        names = data if isinstance(data, dict) else {}
        kept = {k: names[k] for k in ("dataset", "preset") if _text(200)(names.get(k))}
        return kept, [_("config.json: {error}").format(error=error)]
    return data, []


PROVENANCE = {
    "by": (lambda v: v == "server", N_("the server")),
    "split": (lambda v: v in SPLITS, N_("a split (train, val or test)")),
    "dataset": NAME,
    "limit": (lambda v: v is None or _whole(1)(v), N_("a whole number or nothing")),
    "count": COUNT,
    "date": MOMENT,
    "weights": (lambda v: v in WEIGHTS, N_("best.pt or last.pt")),
    "sha256": (
        lambda v: isinstance(v, str) and len(v) == 64 and set(v) <= set("0123456789abcdef"),
        N_("a SHA-256 fingerprint"),
    ),
}
EVALUATION = {
    "accuracy": ACCURACY,
    "classes": (lambda v: isinstance(v, list) and all(_text(200)(c) for c in v), N_("a list")),
    "per_class": (
        lambda v: isinstance(v, list) and all(isinstance(r, dict) for r in v),
        N_("a list"),
    ),
    "confusion": (
        lambda v: (
            isinstance(v, list)
            and all(isinstance(r, list) and all(_whole(0)(n) for n in r) for r in v)
        ),
        N_("a table of counts"),
    ),
    "mistakes": (
        lambda v: isinstance(v, list) and all(isinstance(m, dict) for m in v),
        N_("a list"),
    ),
    "split": (lambda v: v in SPLITS, N_("a split (train, val or test)")),
    "count": COUNT,
    "measured": (lambda v: isinstance(v, dict), N_("how it was measured")),
}


def check_evaluation(data: Any, file: str = "evaluation.json") -> tuple[dict | None, list[str]]:
    """The evaluation's known fields that pass (None when there is no usable accuracy);
    `measured` is kept only when every part of it passes."""
    if not isinstance(data, dict):
        return None, [_("{file} is not a JSON object.").format(file=file)]
    problems: list[str] = []
    kept = _fields(data, EVALUATION, file, problems)
    unknown = sorted(str(k)[:40] for k in set(data) - set(EVALUATION))
    if unknown:
        problems.append(
            _("{file}: unknown fields {names}.").format(file=file, names=", ".join(unknown))
        )
    if "measured" in kept:
        measured = kept["measured"]
        passed = _fields(measured, PROVENANCE, file, problems)
        if set(passed) != set(PROVENANCE) or set(measured) != set(PROVENANCE):
            del kept["measured"]
    return (kept if "accuracy" in kept else None), problems


def load(path: Path) -> tuple[Any, list[str]]:
    """A JSON file's data, or None and the problem (absent, unreadable, not JSON)."""
    try:
        return json.loads(path.read_text(encoding="utf-8")), []
    except FileNotFoundError:
        return None, [_("{file} is missing.").format(file=path.name)]
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None, [_("{file} is not valid JSON.").format(file=path.name)]


def read_evaluation(path: Path) -> tuple[dict | None, list[str]]:
    """A checked evaluation file (None and no problem when there is none)."""
    if not path.is_file():
        return None, []
    data, problems = load(path)
    return check_evaluation(data, path.name) if not problems else (None, problems)


def load_lines(path: Path) -> list[Any]:
    """A JSON-lines file's complete lines (a half-written last line is skipped); [] if absent."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    records = []
    for line in lines:
        try:
            records.append(json.loads(line))
        except (ValueError, RecursionError):
            continue
    return records


def read_epochs(run_dir: Path) -> list[dict]:
    """A run's checked epoch records (what its charts draw)."""
    return check_epochs(load_lines(Path(run_dir) / "metrics.jsonl"))[0]


_HASHES: dict[tuple, str] = {}
_HASH_LOCK = threading.Lock()


def fingerprint(path: Path) -> str:
    """The SHA-256 of a weights file, remembered while its size and time stay the same (the
    board asks every two seconds; a 100 MB checkpoint takes a tenth of a second to hash)."""
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns, stat.st_ino)
    with _HASH_LOCK:
        if key in _HASHES:
            return _HASHES[key]
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    with _HASH_LOCK:
        if len(_HASHES) > 4096:
            _HASHES.clear()
        _HASHES[key] = digest.hexdigest()
    return _HASHES[key]


def provenance(
    weights: Path, sha256: str, split: str, dataset: str, count: int, limit: int | None = None
) -> dict[str, Any]:
    """How this server measured an evaluation of `weights` (whose fingerprint is `sha256`):
    written beside its numbers."""
    return {
        "by": "server",
        "split": split,
        "dataset": dataset,
        "limit": limit,
        "count": count,
        "date": datetime.now().isoformat(timespec="seconds"),
        "weights": weights.name,
        "sha256": sha256,
    }


def current_weights(run_dir: Path) -> Path | None:
    """The weights file an evaluation scores now: best.pt, else last.pt."""
    return next((Path(run_dir) / f for f in WEIGHTS if (Path(run_dir) / f).is_file()), None)


def measured_here(run_dir: Path, measured: dict | None) -> bool:
    """Whether `measured` is this server's measurement of the run's current weights."""
    weights = current_weights(run_dir)
    if not measured or weights is None or measured.get("weights") != weights.name:
        return False
    try:
        return fingerprint(weights) == measured.get("sha256")
    except OSError:
        return False
