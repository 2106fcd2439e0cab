"""A student's work in one file to take home: a `.cnnlab` bundle (a zip).

    data = bundle_bytes(run_dir, builder=spec)      # the run, and the builder's model
    restored = import_bundle(data, name="my.cnnlab")  # core.portable.unbundle checks it
    restored.run_dir, restored.builder

Inside: `bundle.json` (the format, the run's name, the builder's model), and `run/` with the
run folder's own files: spec, training settings (with the augmentation pipeline), metric
history, evaluation, weights (best and last) and the training-photo index of a fine-tuned
model. Nothing else is ever written or read: the importer accepts only these names.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

from core.atomic import atomic_path
from core.i18n import _
from core.identity.ownership import require
from core.identity.people import LOCAL, Actor
from core.model.specs import ModelSpec
from core.training.store import LIVE_RUNS, read_json, slugify

FORMAT = "cnnlab-bundle/1"
SUFFIX = ".cnnlab"
# Where a run's ONNX export is kept (the CLI's default, the Runs page's download); not one
# of RUN_FILES, so never in a bundle.
ONNX_FILE = "model.onnx"
MANIFEST = "bundle.json"
RUN_FOLDER = "run/"
# Every file a run folder may hold, with the most bytes each may take when unpacked.
MB = 1_000_000
RUN_FILES: dict[str, int] = {
    "spec.json": 1 * MB,
    "config.json": 1 * MB,
    "status.json": 1 * MB,
    "metrics.jsonl": 20 * MB,
    "batches.jsonl": 100 * MB,
    "evaluation.json": 20 * MB,
    "best.pt": 400 * MB,
    "last.pt": 800 * MB,  # with the optimiser's state (Adam: twice the weights)
    "neighbours.pt": 100 * MB,
}
MANIFEST_BYTES = 2 * MB


class BundleError(ValueError):
    """A bundle that cannot be made or restored; the message says why, for the student."""


def manifest(run_dir: Path | None, builder: ModelSpec | None) -> dict[str, Any]:
    run = None
    if run_dir is not None:
        status = read_json(run_dir / "status.json")
        run = {"name": status.get("name", run_dir.name), "folder": run_dir.name}
    return {
        "format": FORMAT,
        "made_by": "CNN Lab",
        "created": datetime.now().isoformat(timespec="seconds"),
        "run": run,
        "builder": builder.to_json() if builder is not None else None,
    }


def bundle_bytes(
    run_dir: Path | None = None, builder: ModelSpec | None = None, actor: Actor = LOCAL
) -> bytes:
    """The bundle of a finished run (its owner's or the teacher's) and/or the builder's model."""
    if run_dir is None and builder is None:
        raise BundleError(_("A bundle needs a run or a model to hold."))
    if run_dir is not None:
        run_dir = Path(run_dir)
        require(actor, "run", run_dir.name)
        live = LIVE_RUNS.get(str(run_dir.resolve()))
        if live is not None and live.alive:
            raise BundleError(_("That run is still training: download it once it has ended."))
        if not (run_dir / "status.json").is_file():
            raise BundleError(_("{name} is not a run folder.").format(name=run_dir.name))
    out = io.BytesIO()
    # Weights barely compress; level 1 keeps a 30 MB run to a second.
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr(MANIFEST, json.dumps(manifest(run_dir, builder), indent=1))
        if run_dir is not None:
            for name in RUN_FILES:
                path = run_dir / name
                if path.is_file():
                    archive.write(path, RUN_FOLDER + name)
    return out.getvalue()


def export_bundle(
    run_dir: Path | None,
    out: str | Path,
    builder: ModelSpec | None = None,
    actor: Actor = LOCAL,
) -> Path:
    """Write the bundle to `out` (atomically); returns its path."""
    out = Path(out)
    data = bundle_bytes(run_dir, builder, actor)
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(out) as temp:
        temp.write_bytes(data)
    return out


def bundle_file_name(run_dir: Path | None, builder: ModelSpec | None = None) -> str:
    """A download name from the run's (or the model's) name: `cifar10-cnn.cnnlab`."""
    if run_dir is not None:
        name = read_json(Path(run_dir) / "status.json").get("name", Path(run_dir).name)
    else:
        name = builder.name if builder is not None and builder.name else "model"
    return (slugify(str(name)) or "cnnlab") + SUFFIX
