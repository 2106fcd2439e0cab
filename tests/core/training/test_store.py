"""Run folders: their names keep the student's words, in any script."""

from __future__ import annotations

from pathlib import Path

from core.training.store import new_run_dir, slugify


def test_run_folder_names_keep_korean_words() -> None:
    assert slugify("원숭이 vs 사람 on 내 사진") == "원숭이-vs-사람-on-내-사진"
    assert slugify("MNIST CNN (32/64) on mnist") == "mnist-cnn-32-64-on-mnist"
    assert slugify("../../etc") == "etc" and slugify("///") == "run"
    assert "/" not in slugify("a/b\\c") and len(slugify("가" * 100)) == 40


def test_new_run_dir_uses_the_slug_and_never_reuses_a_folder(tmp_path: Path) -> None:
    first = new_run_dir(tmp_path, "원숭이 on 사진")
    second = new_run_dir(tmp_path, "원숭이 on 사진")
    assert first.name.endswith("-원숭이-on-사진") and first.parent == tmp_path
    assert second != first and second.is_dir()
