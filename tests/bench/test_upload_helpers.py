"""The class benches' helpers that need no server: /proc memory, the upload files."""

from __future__ import annotations

import io
import json
import os
import zipfile

import pytest
from PIL import Image

from bench.memory import rss
from bench.photos import MIB, forged_bundle, largest_photo, padded, server_ceiling, shared_photos
from core.images import open_rgb


def test_rss_counts_this_process() -> None:
    assert 10 * 1024 * 1024 < rss(os.getpid()) < 64 * 1024**3


def test_largest_photo_is_a_real_image_just_under_the_limit() -> None:
    data = largest_photo(2 * MIB)
    assert 0.97 * 2 * MIB <= len(data) < 2 * MIB
    assert open_rgb(data).size == Image.open(io.BytesIO(data)).size
    big = padded(data, 3 * MIB)
    assert len(big) == 3 * MIB and open_rgb(big).size == open_rgb(data).size


def test_the_server_ceiling_leaves_room_for_the_multipart_framing() -> None:
    assert 0 < server_ceiling() < 1024 * MIB


def test_forged_bundle_forges_numbers_and_the_name() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("bundle.json", json.dumps({"run": {"name": "mine"}}))
        archive.writestr("run/status.json", json.dumps({"name": "mine"}))
        archive.writestr("run/metrics.jsonl", json.dumps({"epoch": 1, "val_acc": 0.5}) + "\n")
    forged = zipfile.ZipFile(io.BytesIO(forged_bundle(out.getvalue(), "[x](y)")))
    assert json.loads(forged.read("run/evaluation.json")) == {"accuracy": "hacked"}
    assert json.loads(forged.read("run/metrics.jsonl"))["val_acc"] == 12.5
    assert json.loads(forged.read("run/status.json"))["name"] == "[x](y)"


@pytest.mark.skipif(not shared_photos("monkey"), reason="needs ../shared/datasets")
def test_student_zip_has_two_class_folders() -> None:
    from bench.photos import student_zip

    names = zipfile.ZipFile(io.BytesIO(student_zip(3, per_class=2))).namelist()
    assert sorted({n.split("/")[0] for n in names}) == ["human", "monkey"] and len(names) == 4
