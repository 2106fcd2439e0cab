"""Titles a person types (a run's, a dataset's) are kept without invisible or
direction-changing characters: a right-to-left override cannot make "exe.png" read
"gnp.exe" on the teacher's board."""

from __future__ import annotations

from pathlib import Path

from core.data.importers import import_files
from core.identity.names import tidy
from core.model.presets import get_preset
from core.runs.run import TrainingRun
from core.training.config import TrainConfig
from core.training.store import rename_run, run_info
from tests.core.zips import png_bytes

RTL = "\u202egnp.exe"


def test_tidy_drops_bidi_and_invisible_characters_and_keeps_the_rest() -> None:
    assert tidy(RTL, 100) == "gnp.exe"
    assert tidy("  김민\u200b지 \u2066[x](y)\u2069  ", 100) == "김민지 [x](y)"
    assert tidy("a" * 300, 100) == "a" * 100


def test_run_names_and_dataset_titles_are_tidied(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path))
    config = TrainConfig(dataset="mnist", preset="mnist_fast", epochs=1)
    run = TrainingRun(get_preset("mnist_fast"), config, name=RTL)
    assert run.name == "gnp.exe"
    rename_run(run.run_dir, "my\u200b run\u202e")
    assert run_info(run.run_dir).name == "my run"
    files = {"a": [("1.png", png_bytes(1))], "b": [("2.png", png_bytes(2))]}
    assert import_files(files, "pets\u202e\u2066").title == "pets"
