"""core.atomic: the target changes only when the write succeeds, and no temporary file stays."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from core.atomic import atomic_path


def test_a_successful_write_replaces_the_file(tmp_path: Path) -> None:
    target = tmp_path / "a.json"
    target.write_text("old")
    with atomic_path(target) as temp:
        assert temp.parent == tmp_path and temp != target
        temp.write_text("new")
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "a.json"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_path(target) as temp:
        temp.write_text("half")
        raise RuntimeError("disk full")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


def test_numpy_keeps_the_temporary_name(tmp_path: Path) -> None:
    # np.save adds ".npy" to a name without it; the temp name keeps the suffix, so the
    # rename finds the file np.save wrote.
    target = tmp_path / "v.npy"
    with atomic_path(target) as temp:
        np.save(temp, np.arange(3))
    assert np.load(target).tolist() == [0, 1, 2]
    assert [p.name for p in tmp_path.iterdir()] == ["v.npy"]
