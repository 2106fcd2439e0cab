"""Files the class benches upload: real photos from ../shared/datasets (read in place, never
copied into the repository), made into the largest photo a page allows, a student's zip of
class folders, and a forged `.cnnlab` bundle."""

from __future__ import annotations

import io
import json
import random
import tomllib
import zipfile
from pathlib import Path

import numpy as np
from PIL import Image

from core.paths import PROJECT_ROOT as ROOT
from core.paths import SHARED_PHOTOS

MIB = 1024 * 1024  # Streamlit's "MB" (max_upload_size)
# The most one PUT may carry with its multipart framing (Streamlit compares Content-Length
# with server.maxUploadSize): the largest file a client that skips the browser can send.
FRAMING = 64 * 1024


def server_ceiling() -> int:
    """The largest file the server accepts in any uploader (server.maxUploadSize)."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    return int(config.get("server", {}).get("maxUploadSize", 200)) * MIB - FRAMING


def shared_photos(kind: str) -> list[Path]:
    """The course's photos of one class ("monkey" or "human"), sorted; [] when absent."""
    return sorted((SHARED_PHOTOS / "train" / kind).glob("*.jpg"))


def largest_photo(limit: int, seed: int = 0, max_pixels: int = 36_000_000) -> bytes:
    """A photo-like JPEG just under `limit` bytes: a real photo enlarged, with sensor-like
    noise (a camera's fine grain), at quality 95; at most `max_pixels` (core refuses 40 M).
    Grows or shrinks the picture until the file lands within 3% under the limit."""
    photos = shared_photos("monkey") or shared_photos("human")
    base = (
        Image.open(random.Random(seed).choice(photos)).convert("RGB")
        if photos
        else Image.new("RGB", (250, 250), (90, 140, 60))
    )
    rng = np.random.default_rng(seed)
    side = 2000
    for _ in range(8):
        width, height = int(side * 1.5), side
        picture = np.asarray(base.resize((width, height), Image.Resampling.BICUBIC), np.int16)
        picture += rng.normal(0, 12, picture.shape).astype(np.int16)
        out = io.BytesIO()
        Image.fromarray(np.clip(picture, 0, 255).astype(np.uint8)).save(out, "JPEG", quality=95)
        size = out.tell()
        if 0.97 * limit <= size < limit or (size < limit and width * height * 1.1 > max_pixels):
            return out.getvalue()
        side = int(side * min((0.985 * limit / size) ** 0.5, (max_pixels / (1.5 * side**2)) ** 0.5))
    raise RuntimeError(f"no photo within 3% under {limit:,} bytes (last {size:,})")


def padded(data: bytes, size: int) -> bytes:
    """`data` with trailing bytes up to `size`: what a client that skips the browser's size
    check can send as a "photo" (decoders stop at the image's end and ignore the rest)."""
    return data + bytes(max(0, size - len(data)))


def student_zip(seat: int, per_class: int = 20) -> bytes:
    """A zip of class folders (monkey/…, human/…) of `per_class` real photos each, a
    different draw per seat (a student brings her own photos)."""
    rng = random.Random(seat)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for kind in ("monkey", "human"):
            for path in rng.sample(shared_photos(kind), per_class):
                archive.write(path, f"{kind}/{path.name}")
    return out.getvalue()


def forged_bundle(bundle: bytes, name: str) -> bytes:
    """A real `.cnnlab` bundle with forged numbers (accuracy "hacked", val_acc 12.5 = 1,250%)
    and markup in the run's name: what a hostile student restores."""
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        members = {member: archive.read(member) for member in archive.namelist()}
    members["run/evaluation.json"] = json.dumps({"accuracy": "hacked"}).encode()
    if "run/metrics.jsonl" in members:
        lines = [json.loads(line) for line in members["run/metrics.jsonl"].splitlines() if line]
        forged = [{**line, "val_acc": 12.5} for line in lines]
        members["run/metrics.jsonl"] = "\n".join(map(json.dumps, forged)).encode()
    status = json.loads(members.get("run/status.json", b"{}"))
    members["run/status.json"] = json.dumps({**status, "name": name}).encode()
    manifest = json.loads(members["bundle.json"])
    if manifest.get("run"):
        manifest["run"]["name"] = name
        members["bundle.json"] = json.dumps(manifest).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for member, content in members.items():
            archive.writestr(member, content)
    return out.getvalue()


def make_bundle(home: Path) -> bytes:
    """A real bundle of a tiny finished MNIST run, made through core in `home` (as a student
    would download one); needs torch and MNIST, a few seconds."""
    import os

    os.environ["CNNLAB_HOME"] = str(home)  # core reads it on every call
    from core.model.presets import get_preset
    from core.portable.bundle import bundle_bytes
    from core.runs.run import TrainingRun
    from core.training.config import TrainConfig

    config = TrainConfig(epochs=1, train_limit=300, batch_size=32, preset="mnist_fast")
    run = TrainingRun(get_preset("mnist_fast"), config, name="mine")
    run.start()
    run.join(300)
    return bundle_bytes(run.run_dir)
