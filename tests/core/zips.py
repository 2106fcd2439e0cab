"""Generate small real zip files of class folders for the import tests."""

from __future__ import annotations

import io
import zipfile

import numpy as np
from PIL import Image


def png_bytes(seed: int, size: tuple[int, int] = (24, 20), mode: str = "RGB") -> bytes:
    """A PNG of random noise: every seed gives a different (never duplicate) image."""
    rng = np.random.default_rng(seed)
    pixels = rng.integers(0, 256, (size[1], size[0], 3), dtype=np.uint8)
    out = io.BytesIO()
    Image.fromarray(pixels).convert(mode).save(out, format="PNG")
    return out.getvalue()


def make_zip(
    classes: dict[str, int], top: str = "", extra: dict[str, bytes] | None = None
) -> bytes:
    """A zip with `n` distinct PNGs in each class folder (under `top/` when given)."""
    out = io.BytesIO()
    seed = 0
    with zipfile.ZipFile(out, "w") as zf:
        for label, n in classes.items():
            for i in range(n):
                seed += 1
                zf.writestr(f"{top}{label}/img{i}.png", png_bytes(seed))
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return out.getvalue()


def windows_korean_zip(classes: dict[str, int]) -> bytes:
    """A zip as Korean Windows' Explorer writes it: names in cp949, no UTF-8 flag.
    zipfile always writes non-ASCII names as flagged UTF-8, so the names are written as
    same-length ASCII placeholders and then replaced by their cp949 bytes."""
    placeholders = {
        label: f"C{i}".ljust(len(label.encode("cp949")), "_") for i, label in enumerate(classes)
    }
    data = make_zip({placeholders[label]: n for label, n in classes.items()})
    for label, placeholder in placeholders.items():
        data = data.replace(f"{placeholder}/".encode(), label.encode("cp949") + b"/")
    return data


def with_member(data: bytes, name: str, content: bytes) -> bytes:
    """The zip `data` with member `name` set to `content` (added, or replacing its own):
    e.g. a .cnnlab bundle whose evaluation claims a score its weights never had."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {member: archive.read(member) for member in archive.namelist()}
    members[name] = content
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for member, body in members.items():
            archive.writestr(member, body)
    return out.getvalue()
