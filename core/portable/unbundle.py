"""Restore a `.cnnlab` bundle, trusting nothing in it (it may come from anywhere).

The zip is read, never extracted: only the names `core.portable.bundle` writes are accepted,
each read up to its own size limit (a "zip bomb" stops there), every JSON file is parsed and
validated, every weights file is loaded weights-only (no pickled code runs) and must fit its
model. Only then is a fresh run folder made, under the lab's runs folder, with a name of the
lab's own choosing.
"""

from __future__ import annotations

import io
import json
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from core.errors import SpecError
from core.i18n import _
from core.identity.ownership import claim
from core.identity.people import LOCAL, Actor
from core.model.spec_io import spec_from_json
from core.model.specs import ModelSpec
from core.paths import cache_dir, runs_dir
from core.portable.bundle import (
    FORMAT,
    MANIFEST,
    MANIFEST_BYTES,
    RUN_FILES,
    RUN_FOLDER,
    BundleError,
)
from core.training import records
from core.training.config import TrainConfig
from core.training.store import LIVE_STATUSES, load_weights_file, new_run_dir, write_json

MAX_BUNDLE_BYTES = 1_000_000_000
MAX_RATIO = 100  # unpacked / packed: weights pack to ~93%, JSON to ~20%; bombs to 0.1%
REQUIRED = ("spec.json", "config.json", "status.json", "metrics.jsonl")
STATUSES = ("finished", "stopped", "failed", "interrupted")


@dataclass(frozen=True)
class Restored:
    """What a bundle gave back: a run folder in the history, the builder's model, or both."""

    run_dir: Path | None
    run_name: str | None
    builder: ModelSpec | None


def _refuse(name: str, why: str) -> BundleError:
    return BundleError(_("{name} was not restored: {why}").format(name=name, why=why))


def _members(archive: zipfile.ZipFile, name: str) -> dict[str, bytes]:
    """Every member's bytes, after checking its name, its count and its size."""
    infos = archive.infolist()
    allowed = {MANIFEST} | {RUN_FOLDER + f for f in RUN_FILES}
    names = [info.filename for info in infos]
    strange = [n for n in names if n not in allowed]
    if strange:
        why = _("it holds a file a bundle never has ({file}).").format(file=strange[0][:80])
        raise _refuse(name, why)
    if len(set(names)) != len(names):
        raise _refuse(name, _("it names a file twice."))
    found = {}
    for info in infos:
        limit = MANIFEST_BYTES if info.filename == MANIFEST else RUN_FILES[info.filename[4:]]
        packed = max(info.compress_size, 1)
        if info.flag_bits & 0x1:
            raise _refuse(name, _("it is encrypted."))
        if info.file_size > limit or info.file_size > MAX_RATIO * packed + MANIFEST_BYTES:
            raise _refuse(name, _("{file} unpacks to more than it may.").format(file=info.filename))
        with archive.open(info) as member:
            data = member.read(limit + 1)  # a size in the header may lie; this may not
        if len(data) > limit or len(data) != info.file_size:
            raise _refuse(name, _("{file} unpacks to more than it may.").format(file=info.filename))
        found[info.filename] = data
    return found


def _json(data: bytes, file: str, name: str) -> Any:
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise _refuse(name, _("{file} is not valid JSON.").format(file=file)) from None


def _jsonl(data: bytes, file: str, name: str) -> list[dict]:
    records = [_json(line, file, name) for line in data.splitlines() if line.strip()]
    if not all(isinstance(r, dict) for r in records):
        raise _refuse(name, _("{file} is not valid JSON.").format(file=file))
    return records


def _same(a: Any, b: Any) -> bool:
    """Equal as JSON (a checkpoint keeps tuples where spec.json has lists)."""
    try:
        return json.loads(json.dumps(a)) == json.loads(json.dumps(b))
    except (TypeError, ValueError):
        return False


def _check_weights(folder: Path, spec: dict, name: str) -> None:
    """Every weights file loads weights-only and fits the run's model."""
    from core.training.store import model_spec

    net = transfer = None
    for file in ("best.pt", "last.pt"):
        path = folder / file
        if not path.is_file():
            continue
        try:
            checkpoint = load_weights_file(path)
            if not _same(checkpoint.get("spec"), spec):
                raise ValueError(_("{file} belongs to another model.").format(file=file))
            if spec.get("kind") == "transfer":
                from core.transfer.net import load_transfer

                with tempfile.TemporaryDirectory() as alone:  # load_transfer reads best first
                    shutil.copy(path, Path(alone) / file)
                    net, transfer, _history = load_transfer(alone)
            else:
                from core.model.build import build_model

                build_model(model_spec(checkpoint)).load_state_dict(checkpoint["state_dict"])
        except (ValueError, KeyError, TypeError, RuntimeError) as error:
            raise _refuse(name, str(error)) from None
        if "history" in checkpoint:  # Continue carries it on into metrics.jsonl
            _checked(records.check_epochs(checkpoint["history"], file), name)
    if (folder / "neighbours.pt").is_file():
        from core.transfer.neighbours import load_neighbours

        try:
            if net is None or transfer is None:  # only a fine-tuned model uses one; still data
                load_weights_file(folder / "neighbours.pt")
            else:
                load_neighbours(folder, net, transfer.classes)
        except (ValueError, KeyError, TypeError) as error:
            raise _refuse(name, str(error)) from None


def _check_spec(spec: Any, name: str) -> None:
    try:
        if isinstance(spec, dict) and spec.get("kind") == "transfer":
            from core.transfer.backbones import get_backbone
            from core.transfer.net import TransferSpec

            get_backbone(TransferSpec.from_json(spec).backbone)
        else:
            spec_from_json(spec)
    except (SpecError, KeyError, TypeError, ValueError) as error:
        text = error.args[0] if isinstance(error, KeyError) and error.args else error
        raise _refuse(name, _("its model spec is not usable: {error}").format(error=text)) from None


def _status(status: Any, name: str) -> dict[str, Any]:
    """The run's status as this lab keeps it: checked, not training here, marked restored
    (its curves and its own evaluation are the student's word, not this server's)."""
    if not isinstance(status, dict) or not isinstance(status.get("name"), str):
        raise _refuse(name, _("status.json is not a run's status."))
    state = status.get("status")
    if state in LIVE_STATUSES or state not in STATUSES:
        state = "stopped"  # it trained elsewhere; here it is not training
    theirs = {k: v for k, v in status.items() if k != "restored"}  # this lab says that
    kept, problems = records.check_status({**theirs, "status": state})
    problem = records.summary(problems)
    if problem:
        raise _refuse(name, problem)
    keep = ("error", "created", "stopped_reason", "timings")
    return {
        "status": state,
        "name": status["name"][:200],
        **{k: kept.get(k) for k in keep},
        "restored": datetime.now().isoformat(timespec="seconds"),
    }


def _checked(found: tuple[Any, list[str]], name: str) -> Any:
    """The checked value, or the bundle refused with the first problems."""
    value, problems = found
    problem = records.summary(problems)
    if problem:
        raise _refuse(name, problem)
    return value


def _restore_run(files: dict[str, bytes], name: str, root: Path, actor: Actor) -> Path:
    run = {f[len(RUN_FOLDER) :]: data for f, data in files.items() if f.startswith(RUN_FOLDER)}
    missing = [f for f in REQUIRED if f not in run]
    if missing or not ({"best.pt", "last.pt"} & set(run)):
        absent = ", ".join(missing) or "best.pt"
        raise _refuse(name, _("its run lacks {files}.").format(files=absent))
    spec = _json(run["spec.json"], "spec.json", name)
    _check_spec(spec, name)
    try:
        TrainConfig.from_json(_json(run["config.json"], "config.json", name))
    except ValueError as error:
        raise _refuse(name, str(error)) from None
    status = _status(_json(run["status.json"], "status.json", name), name)
    parsed = {f: _jsonl(run[f], f, name) for f in ("metrics.jsonl", "batches.jsonl") if f in run}
    _checked(records.check_epochs(parsed["metrics.jsonl"]), name)
    _checked(records.check_batches(parsed.get("batches.jsonl", [])), name)
    evaluation = None  # kept only as the student's own claim, under a name never ranked
    if "evaluation.json" in run:
        found = records.check_evaluation(_json(run["evaluation.json"], "evaluation.json", name))
        evaluation = {k: v for k, v in _checked(found, name).items() if k != "measured"}
    staging = cache_dir() / "imports"
    staging.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=staging) as temp:
        folder = Path(temp)
        for file in ("best.pt", "last.pt", "neighbours.pt", "spec.json", "config.json"):
            if file in run:
                (folder / file).write_bytes(run[file])
        if evaluation is not None:
            write_json(folder / records.IMPORTED_EVALUATION, evaluation)
        for file, lines in parsed.items():  # rewritten: one valid record per line
            (folder / file).write_text("".join(json.dumps(r) + "\n" for r in lines))
        _check_weights(folder, spec, name)
        write_json(folder / "status.json", status)
        run_dir = new_run_dir(root, status["name"])
        for path in folder.iterdir():
            shutil.move(str(path), run_dir / path.name)
    claim("run", run_dir.name, actor)
    return run_dir


def import_bundle(
    source: bytes | str | Path,
    name: str | None = None,
    root: Path | None = None,
    actor: Actor = LOCAL,
) -> Restored:
    """Restore a bundle (bytes or a file): its run joins the history as it was, owned by
    `actor`; raises BundleError with the reason when anything in it is wrong."""
    if isinstance(source, bytes):
        data, name = source, name or _("the bundle")
    else:
        path = Path(source)
        name = name or path.name
        if path.stat().st_size > MAX_BUNDLE_BYTES:
            raise _refuse(name, _("it is larger than a bundle may be."))
        data = path.read_bytes()
    if len(data) > MAX_BUNDLE_BYTES:
        raise _refuse(name, _("it is larger than a bundle may be."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            files = _members(archive, name)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, OSError):
        raise _refuse(name, _("it is not a CNN Lab bundle (a .cnnlab file).")) from None
    if MANIFEST not in files:
        raise _refuse(name, _("it is not a CNN Lab bundle (a .cnnlab file)."))
    manifest = _json(files[MANIFEST], MANIFEST, name)
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _refuse(name, _("it is not a CNN Lab bundle (a .cnnlab file)."))
    builder = None
    if manifest.get("builder") is not None:
        try:
            builder = spec_from_json(manifest["builder"])
        except SpecError as error:
            raise _refuse(name, str(error)) from None
    run_dir = run_name = None
    if any(f.startswith(RUN_FOLDER) for f in files):
        run_dir = _restore_run(files, name, Path(root or runs_dir()), actor)
        run_name = json.loads((run_dir / "status.json").read_text())["name"]
    if run_dir is None and builder is None:
        raise _refuse(name, _("it holds neither a run nor a model."))
    return Restored(run_dir, run_name, builder)
