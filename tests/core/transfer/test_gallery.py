"""The class's models: only its owner asks to share a fine-tuned model, only the teacher
shares it, a shared model shows classmates whose it is, and the server's score on held-back
photos is its own count of right and "neither" answers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from core.identity.people import NotAllowed, join, teacher_login
from core.transfer.data import PhotoSet, photos_from_folder
from core.transfer.gallery import ask_to_share, decide, requests, score, shared_models
from core.transfer.inference import list_finetuned, load_model, predict_files
from tests.core.transfer_photos import head_run, photo_folder


@pytest.fixture
def class_home(lab_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CNNLAB_CLASSROOM", "1")
    monkeypatch.setenv("CNNLAB_CLASS_CODE", "KQ7M2P")
    monkeypatch.setenv("CNNLAB_TEACHER_PASSWORD", "correct horse")
    return lab_home


def test_share_score_and_rank_a_students_model(
    class_home: Path, shared_datasets: Path, tmp_path: Path
) -> None:
    mina, _ = join("Mina", "KQ7M2P")
    jun, _ = join("Jun", "KQ7M2P")
    teacher, _ = teacher_login("correct horse")
    run, _photos, _config = head_run(shared_datasets, tmp_path / "train", 6, owner=mina)
    folder = run.run_dir.name
    for wrong in ("../../etc", "nope", ""):
        with pytest.raises(ValueError):
            ask_to_share(mina, wrong)
    with pytest.raises(NotAllowed):
        ask_to_share(jun, folder)  # not his
    assert list_finetuned(actor=jun) == []  # hers, not shared yet
    ask_to_share(mina, folder)
    assert [r["student"] for r in requests()] == ["Mina"]
    with pytest.raises(NotAllowed):
        decide(mina, folder, True)
    decide(teacher, folder, True)
    assert requests() == []
    assert shared_models() == [{"folder": folder, "name": run.name, "student": "Mina"}]
    [(label, _path)] = list_finetuned(actor=jun)
    assert label.startswith("Mina's ")

    held = photos_from_folder(photo_folder(shared_datasets, tmp_path / "held", 5, skip=20))
    result = score(folder, held)
    answers = predict_files(load_model(str(run.run_dir)), held.paths, k=1)
    right = sum(
        not a.get("unknown") and a["top"][0]["label"] == held.classes[label]
        for a, label in zip(answers, held.labels, strict=True)
    )
    neither = sum(bool(a.get("unknown")) for a in answers)
    assert (result.right, result.neither, result.photos) == (right, neither, 10)
    assert result.accuracy == right / 10

    other = PhotoSet("pets", held.paths, np.zeros(len(held.paths), dtype=np.int64), ["cat", "dog"])
    with pytest.raises(ValueError, match="held-back photos are cat, dog"):
        score(folder, other)
