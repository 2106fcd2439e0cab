"""The data-quality checklist on hand-made images where the right answer is known."""

from __future__ import annotations

import numpy as np
from PIL import Image

from core.data.quality import image_facts, quality_report


def _noise(seed: int, size: tuple[int, int] = (32, 32), gray: bool = False) -> Image.Image:
    rng = np.random.default_rng(seed)
    image = Image.fromarray(rng.integers(0, 256, (size[1], size[0], 3), dtype=np.uint8))
    return image.convert("L").convert("RGB") if gray else image


def _smooth() -> Image.Image:
    """A photo-like picture: smooth gradients, so a resized copy still looks the same."""
    y, x = np.mgrid[0:64, 0:64]
    pixels = np.stack([x * 4, y * 4, (x + y) * 2], axis=-1).astype(np.uint8)
    return Image.fromarray(pixels)


def _by_check(findings: list) -> dict:
    return {f.check: f for f in findings}


def test_checklist_finds_each_problem_and_lists_the_files() -> None:
    base = _smooth()
    near = base.resize((60, 60))  # a resized copy: different pixels, same picture
    facts = [
        image_facts("train/a/1.png", "train", "a", base),
        image_facts("val/a/1-copy.png", "val", "a", base.copy()),
        image_facts("train/a/1-small.png", "train", "a", near),
        image_facts("train/a/2.png", "train", "a", _noise(2)),
        image_facts("train/a/3.png", "train", "a", _noise(3)),
        image_facts("train/b/1.png", "train", "b", _noise(4, (10, 10))),
        image_facts("train/b/wide.png", "train", "b", _noise(5, (200, 40))),
        image_facts("train/a/gray.png", "train", "a", _noise(6, gray=True)),
    ]
    report = _by_check(quality_report(facts, ["a", "b", "c"], [("train/b/bad.jpg", "corrupt")]))
    assert report["Empty classes"].files == ["c"]
    assert not report["Class imbalance"].ok and report["Class imbalance"].files == ["b: 2 images"]
    assert report["Exact duplicates"].groups == [["train/a/1.png", "val/a/1-copy.png"]]
    assert report["Exact duplicates across splits"].groups == [
        ["train/a/1.png", "val/a/1-copy.png"]
    ]
    assert report["Near duplicates"].groups == [
        ["train/a/1.png", "val/a/1-copy.png", "train/a/1-small.png"]
    ]
    assert report["Unreadable files"].files == ["train/b/bad.jpg: corrupt"]
    assert report["Tiny images"].files == ["train/b/1.png (10x10)"]
    assert report["Extreme aspect ratios"].files == ["train/b/wide.png (200x40)"]
    assert report["Grayscale among colour"].files == ["train/a/gray.png"]


def test_clean_data_passes() -> None:
    facts = [
        image_facts(f"train/{c}/{i}", "train", c, _noise(10 * k + i))
        for k, c in enumerate("ab")
        for i in range(3)
    ]
    assert all(f.ok for f in quality_report(facts, ["a", "b"]))


def test_a_check_not_run_is_neither_ticked_nor_warned(monkeypatch) -> None:
    from core.data import quality

    monkeypatch.setattr(quality, "MAX_NEAR_IMAGES", 3)
    facts = [image_facts(f"train/a/{i}.png", "train", "a", _noise(i, (8, 8))) for i in range(4)]
    report = {f.check: f for f in quality_report(facts, ["a"])}
    near = report["Near duplicates"]
    assert near.ok is None and near.message.startswith("not checked: 4 images is more than the 3")


def test_grayscale_counts_have_thousands_separators() -> None:
    facts = [
        image_facts(f"train/a/{i}.png", "train", "a", _noise(i, (8, 8), gray=i < 1200))
        for i in range(3000)
    ]
    report = {f.check: f for f in quality_report(facts, ["a"])}
    assert report["Grayscale among colour"].message == (
        "1,200 of the 3,000 images are grayscale; the others are in colour"
    )
