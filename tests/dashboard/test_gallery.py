"""The class's models in AppTest: a student asks on Test a photo to share her fine-tuned
model, the teacher shares it on the board, where the gallery scores it on her held-back
photos; a classmate then finds it on Test a photo under the student's name."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from core.data.importers import import_zip
from core.identity.people import Actor, names, teacher_login
from core.transfer.data import photos_from_dataset
from core.transfer.gallery import requests, score
from tests.core.transfer_photos import head_run, photo_folder
from tests.dashboard.apptest import page_file, shown
from tests.dashboard.test_classroom_pages import _join, _teacher_on_the_board


def _zip(folder: Path) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for path in sorted(folder.rglob("*.jpg")):
            archive.write(path, path.relative_to(folder).as_posix())
    return out.getvalue()


def test_a_shared_model_is_scored_on_the_board_and_found_by_a_classmate(
    classroom: Path, shared_datasets: Path, tmp_path: Path
) -> None:
    mina = _join("Mina")
    mina_actor = next(
        Actor(person, name, "student") for person, name in names().items() if name == "Mina"
    )
    run, _photos, _config = head_run(shared_datasets, tmp_path / "train", 6, owner=mina_actor)
    held = photo_folder(shared_datasets, tmp_path / "held", 5, skip=20)
    held_back = import_zip(_zip(held), "held back", owner=teacher_login("correct horse")[0])

    mina.switch_page(page_file("test_photo")).run()
    assert not mina.exception
    mina.button(key="photo.share").click().run()
    assert [r["folder"] for r in requests()] == [run.run_dir.name]
    assert any("Waiting for the teacher" in c.value for c in mina.caption)

    teacher = _teacher_on_the_board()
    next(b for b in teacher.button if b.key == f"gallery.share.{run.run_dir.name}").click().run()
    assert not teacher.exception and requests() == []
    expected = score(run.run_dir.name, photos_from_dataset(held_back.name))
    [best] = [shown(s.value) for s in teacher.success if "Best at human" in s.value]
    assert f"Mina's {run.name}" in best and f"on {expected.photos} photos" in best
    [table] = [f.value for f in teacher.dataframe if "neither" in f.value.columns]
    assert table["accuracy"][0] == f"{expected.accuracy:.2%}" and table["student"][0] == "Mina"

    jun = _join("Jun")
    jun.switch_page(page_file("test_photo")).run()
    assert not jun.exception
    labels = jun.selectbox(key="photo.model").options  # as the page shows them
    assert any(label.startswith("Mina's ") for label in labels), labels
