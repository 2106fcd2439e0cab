"""A student stops, deletes, renames or continues only their own runs and datasets; the
teacher any: checked in core, so a direct call with another student's run is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.data.custom import delete_custom, list_custom
from core.data.importers import import_files
from core.identity.ownership import hidden_from, owner_of
from core.identity.people import LOCAL, NotAllowed
from core.training.store import delete_run, list_runs, rename_run
from tests.core.zips import png_bytes


def _run_of(owner, classroom: Path) -> Path:
    from core.model.presets import get_preset
    from core.runs.run import TrainingRun
    from core.training.config import TrainConfig

    config = TrainConfig(dataset="mnist", preset="mnist_fast", epochs=1, train_limit=64)
    run = TrainingRun(get_preset("mnist_fast"), config, name="mine", owner=owner)
    return run.run_dir  # made and claimed, never started: enough to own


def test_a_student_cannot_touch_another_students_run_the_teacher_can(
    people, classroom: Path
) -> None:
    mina, jun, teacher = people
    folder = _run_of(mina, classroom)
    assert owner_of("run", folder.name) == mina.id
    with pytest.raises(NotAllowed, match="someone else's"):
        rename_run(folder, "taken", jun)
    with pytest.raises(NotAllowed):
        delete_run(folder, jun)
    rename_run(folder, "Mina's best", mina)
    delete_run(folder, teacher)
    assert not folder.exists()
    assert owner_of("run", folder.name) is None  # the record goes with the folder


def test_a_student_sees_their_own_runs_not_another_students(people, classroom: Path) -> None:
    mina, jun, teacher = people
    mine, theirs = _run_of(mina, classroom), _run_of(jun, classroom)
    shown = {run.run_dir.name for run in list_runs(actor=mina)}
    assert mine.name in shown and theirs.name not in shown
    assert hidden_from(teacher, "run") == set()
    assert {run.run_dir.name for run in list_runs(actor=teacher)} >= {mine.name, theirs.name}


def test_datasets_belong_to_their_importer(people, classroom: Path) -> None:
    mina, jun, _teacher = people
    files = {"a": [("1.png", png_bytes(1))], "b": [("2.png", png_bytes(2))]}
    info = import_files(files, "Mina's shapes", owner=mina)
    with pytest.raises(NotAllowed):
        delete_custom(info.name, jun)
    assert info.name in list_custom()
    assert delete_custom(info.name, mina)


def test_outside_a_class_the_local_user_owns_everything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path))
    monkeypatch.delenv("CNNLAB_CLASSROOM", raising=False)
    folder = _run_of(LOCAL, tmp_path)
    rename_run(folder, "renamed")
    delete_run(folder)
    assert not (tmp_path / "classroom.db").exists()  # no class, no database
