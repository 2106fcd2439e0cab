"""A student's datasets and runs are hers: another student cannot list, train on, evaluate,
export, look inside, test photos with, bundle, continue, rename or delete them; the teacher
can, and can share a dataset with the class. Checked in core, so a direct call is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.data.custom import list_custom
from core.data.datasets import list_datasets
from core.data.importers import import_files
from core.identity.ownership import is_shared, may_see, share
from core.identity.people import NotAllowed
from core.model.presets import get_preset
from core.runs.run import TrainingRun
from core.training.config import TrainConfig
from tests.core.zips import png_bytes


def _photos(owner) -> str:
    files = {"cat": [("1.png", png_bytes(1))], "dog": [("2.png", png_bytes(2))]}
    return import_files(files, f"{owner.name}'s pets", owner=owner).name


def _run(owner, dataset: str = "mnist") -> Path:
    config = TrainConfig(dataset=dataset, preset="mnist_fast", epochs=1, train_limit=64)
    return TrainingRun(get_preset("mnist_fast"), config, name="mine", owner=owner).run_dir


def test_a_students_dataset_is_listed_for_her_and_the_teacher_only(people) -> None:
    mina, jun, teacher = people
    name = _photos(mina)
    assert name in list_custom(mina) and name in list_datasets(mina)
    assert name not in list_custom(jun) and name not in list_datasets(jun)
    assert name in list_custom(teacher)
    assert not may_see(jun, "dataset", name)


def test_the_teacher_shares_a_dataset_with_the_class_and_can_take_it_back(people) -> None:
    mina, jun, teacher = people
    name = _photos(mina)
    with pytest.raises(NotAllowed, match="Only the teacher"):
        share(mina, "dataset", name)
    share(teacher, "dataset", name)
    assert is_shared("dataset", name) and name in list_custom(jun)
    share(teacher, "dataset", name, shared=False)
    assert name not in list_custom(jun)


def test_a_student_cannot_train_on_another_students_dataset(people, classroom: Path) -> None:
    mina, jun, teacher = people
    name = _photos(mina)
    before = set((classroom / "runs").glob("*")) if (classroom / "runs").is_dir() else set()
    with pytest.raises(NotAllowed, match="dataset is someone else's"):
        _run(jun, dataset=name)
    after = set((classroom / "runs").glob("*")) if (classroom / "runs").is_dir() else set()
    assert after == before  # refused before any folder was made
    _run(mina, dataset=name)  # hers
    _run(teacher, dataset=name)


def test_model_b_cannot_start_from_another_students_run(people) -> None:
    mina, jun, _teacher = people
    theirs = _run(mina)
    config = TrainConfig(dataset="mnist", preset="mnist_fast", epochs=1, init_from=str(theirs))
    with pytest.raises(NotAllowed, match="run is someone else's"):
        TrainingRun(get_preset("mnist_fast"), config, owner=jun)
    TrainingRun(get_preset("mnist_fast"), config, owner=mina)


def _operations(run_dir: Path, tmp_path: Path):
    """Every core operation on a run, as (name, call(actor))."""
    from core.explain.subjects import run_subject
    from core.portable.bundle import bundle_bytes
    from core.portable.onnx_export import export_onnx
    from core.runs.run import continue_run
    from core.training.evaluate import evaluate_run
    from core.training.store import delete_run, rename_run
    from core.training.trained import load_trained
    from core.transfer.finetune import export_run
    from core.transfer.inference import load_model

    return [
        ("evaluate", lambda who: evaluate_run(run_dir, actor=who)),
        ("onnx", lambda who: export_onnx(run_dir, tmp_path / "x.onnx", who)),
        ("export", lambda who: export_run(run_dir, tmp_path / "x.pt", who)),
        ("inside", lambda who: load_trained(run_dir, actor=who)),
        ("inside subject", lambda who: run_subject(run_dir, "k", who)),
        ("test a photo", lambda who: load_model(run_dir, actor=who)),
        ("bundle", lambda who: bundle_bytes(run_dir, actor=who)),
        ("continue", lambda who: continue_run(run_dir, 1, who)),
        ("rename", lambda who: rename_run(run_dir, "taken", who)),
        ("delete", lambda who: delete_run(run_dir, who)),
    ]


def test_every_operation_on_a_run_refuses_another_student(people, tmp_path: Path) -> None:
    mina, jun, _teacher = people
    run_dir = _run(mina)
    for name, call in _operations(run_dir, tmp_path):
        with pytest.raises(NotAllowed):
            call(jun)
        assert run_dir.is_dir(), name


def test_the_owner_and_the_teacher_get_past_the_check(people, tmp_path: Path) -> None:
    """The run has no weights yet: past the check, each operation says so (not NotAllowed)."""
    mina, _jun, teacher = people
    run_dir = _run(mina)
    for who in (mina, teacher):
        for name, call in _operations(run_dir, tmp_path)[:-2]:  # rename/delete: tested apart
            try:
                call(who)
            except NotAllowed:
                pytest.fail(f"{name} refused {who.role}")
            except (OSError, ValueError, KeyError, RuntimeError):
                pass  # no checkpoint yet: the operation itself ran
