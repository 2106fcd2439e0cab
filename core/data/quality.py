"""The course's data-quality checklist, run over a dataset's images.

Each image is reduced to a few facts (`ImageFacts`: size, a content hash, a 64-bit
difference hash, colour or not); `quality_report` turns the facts into findings, and every
finding lists the files it is about:

- class imbalance (the largest class has more than `IMBALANCE_RATIO` times the smallest)
  and empty classes;
- exact duplicates (same decoded pixels) and near duplicates (difference hashes at most
  `NEAR_BITS` bits apart), flagged separately when a copy sits in both train and validation,
  because then the validation score measures memory, not generalisation;
- unreadable files, tiny images and extreme aspect ratios;
- grayscale images in a dataset that is mostly colour.

Check names and messages are in the session's language when the report is made (a cache of
reports must therefore be keyed on the language too).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from core.i18n import _, ngettext
from core.images import is_grayscale, to_rgb

IMBALANCE_RATIO = 1.5
NEAR_BITS = 4
# ...and whose 16x16 grayscale thumbnails differ by at most this much per pixel (0-255):
# the hash alone calls many different handwritten 1s "the same".
NEAR_PIXEL_DIFF = 6.0
# ...with no single thumbnail pixel differing by more than this (thin strokes of different
# digits differ little on average but a lot where the strokes are).
NEAR_MAX_DIFF = 40
THUMB = 16
TINY_SIDE = 16
MAX_ASPECT = 3.0
# Near-duplicate search compares every pair of hashes; above this many images it is skipped.
MAX_NEAR_IMAGES = 20_000


@dataclass(frozen=True)
class ImageFacts:
    """What the checks need to know about one image (no pixels are kept)."""

    id: str
    split: str
    label: str
    width: int
    height: int
    digest: str
    dhash: int
    gray: bool
    thumb: bytes = b""


@dataclass(frozen=True)
class Finding:
    """One result of the checklist: ok or a warning, a sentence, and the files concerned."""

    check: str
    ok: bool | None  # None: not checked (the page shows neither a tick nor a warning)
    message: str
    files: list[str] = field(default_factory=list)
    groups: list[list[str]] = field(default_factory=list)


def dhash(image: Image.Image) -> int:
    """Difference hash: 9x8 grayscale thumbnail, one bit per 'is left brighter than right'."""
    small = np.asarray(image.convert("L").resize((9, 8), Image.Resampling.BOX), dtype=np.int16)
    bits = (small[:, :-1] > small[:, 1:]).flatten()
    return int(np.packbits(bits).view(">u8")[0])


def image_facts(image_id: str, split: str, label: str, image: Image.Image) -> ImageFacts:
    """Facts about one decoded image (any mode)."""
    rgb = np.asarray(to_rgb(image))
    digest = hashlib.sha256(rgb.tobytes() + str(rgb.shape).encode()).hexdigest()
    gray = image.convert("L")
    thumb = gray.resize((THUMB, THUMB), Image.Resampling.BOX).tobytes()
    return ImageFacts(
        image_id,
        split,
        label,
        image.width,
        image.height,
        digest,
        dhash(gray),
        is_grayscale(rgb),
        thumb,
    )


def _groups(keys: list[str]) -> list[list[int]]:
    by_key: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        by_key.setdefault(key, []).append(i)
    return [members for members in by_key.values() if len(members) > 1]


def near_duplicate_groups(
    hashes: list[int],
    thumbs: list[bytes],
    max_bits: int = NEAR_BITS,
    max_diff: float = NEAR_PIXEL_DIFF,
) -> list[list[int]]:
    """Groups of images that look like their group's first image: hashes within `max_bits`
    and 16x16 thumbnails differing by at most `max_diff` per pixel on average.

    Groups are not chained (a~b and b~c does not put a with c), so a group never drifts
    into a crowd of merely similar images.
    """
    values = np.array(hashes, dtype=np.uint64)
    pictures = np.frombuffer(b"".join(thumbs), dtype=np.uint8).reshape(len(thumbs), -1)
    pictures = pictures.astype(np.int16)
    leader = np.full(len(values), -1)
    for start in range(0, len(values), 512):
        # Hamming distances of a block of rows to every hash (block x n, small in memory).
        close = np.bitwise_count(values[start : start + 512, None] ^ values[None, :]) <= max_bits
        for offset, row in enumerate(close):
            i = start + offset
            if leader[i] >= 0:
                continue
            leader[i] = i
            others = np.flatnonzero(row)
            others = others[(others > i) & (leader[others] < 0)]
            if len(others):
                diff = np.abs(pictures[others] - pictures[i])
                same = (diff.mean(axis=1) <= max_diff) & (diff.max(axis=1) <= NEAR_MAX_DIFF)
                leader[others[same]] = i
    groups: dict[int, list[int]] = {}
    for i, lead in enumerate(leader):
        groups.setdefault(int(lead), []).append(i)
    return [g for g in groups.values() if len(g) > 1]


def _names(group: list[int], facts: list[ImageFacts]) -> list[str]:
    return [facts[i].id for i in group]


def _duplicate_findings(
    title: str, leak_title: str, groups: list[list[int]], facts: list[ImageFacts]
) -> list[Finding]:
    """`title` and `leak_title` (the same copies found in more than one split), translated."""
    if not groups:
        return [Finding(title, True, _("none found"))]
    named = [_names(g, facts) for g in groups]
    n = sum(len(g) for g in groups)
    message = ngettext(
        "{groups} group ({n} images) looks the same",
        "{groups} groups ({n} images) look the same",
        len(groups),
    ).format(groups=len(groups), n=n)
    findings = [Finding(title, False, message, [i for g in named for i in g], named)]
    leaks = [_names(g, facts) for g in groups if len({facts[i].split for i in g}) > 1]
    if leaks:
        message = ngettext(
            "{n} group has copies in more than one split: the evaluation split then tests "
            "memory, not generalisation",
            "{n} groups have copies in more than one split: the evaluation split then tests "
            "memory, not generalisation",
            len(leaks),
        ).format(n=len(leaks))
        findings.append(Finding(leak_title, False, message, [i for g in leaks for i in g], leaks))
    return findings


def _duplicates(facts: list[ImageFacts]) -> list[Finding]:
    exact = _groups([f.digest for f in facts])
    findings = _duplicate_findings(
        _("Exact duplicates"), _("Exact duplicates across splits"), exact, facts
    )
    if len(facts) > MAX_NEAR_IMAGES:
        message = _(
            "not checked: {n:,} images is more than the {most:,} this check compares pairwise; "
            "choose fewer images above"
        ).format(n=len(facts), most=MAX_NEAR_IMAGES)
        return [*findings, Finding(_("Near duplicates"), None, message)]
    # A group of identical copies is already reported as exact duplicates.
    near = [
        g
        for g in near_duplicate_groups([f.dhash for f in facts], [f.thumb for f in facts])
        if len({facts[i].digest for i in g}) > 1
    ]
    return findings + _duplicate_findings(
        _("Near duplicates"), _("Near duplicates across splits"), near, facts
    )


def _class_findings(facts: list[ImageFacts], classes: list[str]) -> list[Finding]:
    """Empty classes and class imbalance."""
    findings = []
    counts = Counter(f.label for f in facts)
    sizes = {name: counts.get(name, 0) for name in classes}
    empty = [name for name, n in sizes.items() if n == 0]
    filled = {name: n for name, n in sizes.items() if n}
    if empty:
        message = ngettext(
            "{n} class has no images", "{n} classes have no images", len(empty)
        ).format(n=len(empty))
        findings.append(Finding(_("Empty classes"), False, message, empty))
    if filled:
        big, small = max(filled.values()), min(filled.values())
        if big > IMBALANCE_RATIO * small:
            low = sorted((n, name) for name, n in filled.items() if n * IMBALANCE_RATIO < big)
            message = _(
                "the largest class has {big} images, the smallest {small} ({ratio:.1f}x); a "
                "model can score well by favouring the big classes"
            ).format(big=big, small=small, ratio=big / small)
            files = [
                ngettext("{name}: {n} image", "{name}: {n} images", n).format(name=name, n=n)
                for n, name in low
            ]
            findings.append(Finding(_("Class imbalance"), False, message, files))
        else:
            message = _("balanced: {small} to {big} per class").format(small=small, big=big)
            findings.append(Finding(_("Class imbalance"), True, message))
    return findings


def _image_findings(facts: list[ImageFacts], unreadable: list[tuple[str, str]]) -> list[Finding]:
    """Unreadable files, tiny images, extreme aspect ratios and grayscale among colour."""
    findings = []
    bad = [f"{name}: {reason}" for name, reason in unreadable]
    message = (
        ngettext("{n} file could not be read", "{n} files could not be read", len(bad)).format(
            n=len(bad)
        )
        if bad
        else _("none")
    )
    findings.append(Finding(_("Unreadable files"), not bad, message, bad))
    tiny = [f"{f.id} ({f.width}x{f.height})" for f in facts if min(f.width, f.height) < TINY_SIDE]
    if tiny:
        message = ngettext(
            "{n} image is smaller than {side} pixels on a side",
            "{n} images are smaller than {side} pixels on a side",
            len(tiny),
        ).format(n=len(tiny), side=TINY_SIDE)
    else:
        message = _("none under {side} pixels").format(side=TINY_SIDE)
    findings.append(Finding(_("Tiny images"), not tiny, message, tiny))
    wide = [
        f"{f.id} ({f.width}x{f.height})"
        for f in facts
        if max(f.width, f.height) > MAX_ASPECT * min(f.width, f.height)
    ]
    message = (
        ngettext(
            "{n} image is more than {ratio:g} times wider than tall or the other way round; "
            "resizing to a square distorts it",
            "{n} images are more than {ratio:g} times wider than tall or the other way round; "
            "resizing to a square distorts them",
            len(wide),
        ).format(n=len(wide), ratio=MAX_ASPECT)
        if wide
        else _("none")
    )
    findings.append(Finding(_("Extreme aspect ratios"), not wide, message, wide))
    gray = [f.id for f in facts if f.gray]
    if len(gray) * 2 < len(facts):
        message = (
            ngettext(
                "{gray:,} of the {n:,} image is grayscale; the others are in colour",
                "{gray:,} of the {n:,} images are grayscale; the others are in colour",
                len(facts),
            ).format(gray=len(gray), n=len(facts))
            if gray
            else _("none")
        )
        findings.append(Finding(_("Grayscale among colour"), not gray, message, gray))
    else:
        message = _("the dataset is mostly grayscale")
        findings.append(Finding(_("Grayscale among colour"), True, message))
    return findings


def quality_report(
    facts: list[ImageFacts],
    classes: list[str],
    unreadable: Sequence[tuple[str, str]] = (),
) -> list[Finding]:
    """Run the whole checklist; `unreadable` lists (file, reason) that could not be decoded.

    The findings' check names and messages are in the session's language."""
    return [
        *_class_findings(facts, classes),
        *_duplicates(facts),
        *_image_findings(facts, list(unreadable)),
    ]
