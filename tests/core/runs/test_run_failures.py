"""A run that meets trouble ends alone, with a message a student can act on: its dataset
deleted mid-training, a full disk (a real OS error, in a subprocess), a failing worker
beside a healthy one. And a run that has ended no longer holds its model in memory."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import threading
import weakref
from pathlib import Path

import pytest

from core.data.custom import delete_custom, list_custom
from core.data.datasets import load_dataset
from core.data.importers import import_zip
from core.model.layers.dense import Dense
from core.model.presets import get_preset
from core.runs.run import TrainingRun
from core.training.config import TrainConfig
from core.training.evaluate import evaluate_run
from core.training.loop import Callback
from core.training.store import read_jsonl
from core.training.trained import load_trained
from tests.conftest import ROOT
from tests.core.short_runs import SMALL, SPEC, finished
from tests.core.zips import make_zip

pytestmark = pytest.mark.usefixtures("engine_home")


def test_a_dataset_deleted_while_training_fails_that_run_with_what_to_do(tmp_path: Path) -> None:
    if "pets-gone" in list_custom():
        delete_custom("pets-gone")
    import_zip(make_zip({"cats": 24, "dogs": 24}), "pets gone", 0.2, seed=1)

    class DeleteAfterFirstBatch(Callback):
        def on_batch_end(self, trainer, record: dict) -> None:
            if record["batch"] == 1 and "pets-gone" in list_custom():
                delete_custom("pets-gone")  # as another session's Delete button would

    config = TrainConfig(dataset="pets-gone", epochs=2, batch_size=8, preset="cifar10_fast")
    colour = get_preset("cifar10_fast")  # the imported photos are RGB; two classes
    colour = colour.replace_layers([*colour.layers[:-1], Dense(units=2, activation="softmax")])
    run = TrainingRun(colour, config, root=tmp_path, callbacks=[DeleteAfterFirstBatch()])
    finished(run, 180)
    assert run.status == "failed" and len(run.snapshot().batches) == 1
    assert run.error.startswith("The dataset 'pets-gone' changed while in use: its file train/")
    assert "is gone (deleted or moved). Re-import it on the Datasets page" in run.error
    assert "Errno" not in run.error and "Error" not in run.error
    status = json.loads((run.run_dir / "status.json").read_text())
    assert (status["status"], status["error"]) == ("failed", run.error)
    # The process goes on serving: the next run (built-in data) trains as usual.
    again = finished(TrainingRun(SPEC, SMALL, root=tmp_path), 180)
    assert again.status == "finished" and len(again.snapshot().epochs) == 2


# Trains in a child process whose files may not grow past a limit (RLIMIT_FSIZE's soft
# limit, with SIGXFSZ ignored): a write past it fails with the real OSError EFBIG, as on a
# full disk. One child runs every case in turn (one torch import), lifting the limit between.
CHILD = """
import json, resource, signal, sys
from pathlib import Path
from core.data.datasets import load_dataset
from core.model.presets import get_preset
from core.runs.run import TrainingRun
from core.training.loop import TrainConfig

cases, root = json.loads(sys.argv[1]), Path(sys.argv[2])
load_dataset("mnist", "train", download=False)  # unpacked before the limit
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
_soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
results = {}
for name, (limit, train_limit) in cases.items():
    config = TrainConfig(epochs=2, train_limit=train_limit, batch_size=32, preset="mnist_fast")
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        run = TrainingRun(get_preset("mnist_fast"), config, root=root / name)
        run.start()
        run.join(300)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (hard, hard))
    results[name] = {"status": run.status, "error": run.error, "run_dir": str(run.run_dir)}
print(json.dumps(results))
"""
# Each case: the file size limit in bytes and the training images.
FILE_LIMITS = {
    "checkpoint": (200_000, 300),  # holds the JSON files; mnist_fast's checkpoint is ~640 kB
    "log": (2_000, 1000),  # holds config, spec and status, not an epoch's batches (~3.7 kB)
    "spec": (1_000, 300),  # holds config.json (~400 bytes), not spec.json (~1.4 kB)
}


@pytest.fixture(scope="module")
def limited(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """Each case's run, trained under its file size limit: status, error and folder."""
    load_dataset("mnist", "train", download=False)  # unpack MNIST here, without the limit
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    root = tmp_path_factory.mktemp("limited")
    done = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(FILE_LIMITS), str(root)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
        env=env,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_checkpoint_that_does_not_fit_on_disk_fails_the_run_and_leaves_no_part(
    limited: dict[str, dict],
) -> None:
    result = limited["checkpoint"]
    assert result["status"] == "failed"
    assert result["error"].startswith(
        "Could not save the run: the file would be larger than this system allows "
        "(writing last.pt: File too large). Free some disk space"
    )
    run_dir = Path(result["run_dir"])
    names = {p.name for p in run_dir.iterdir()}
    assert names == {"config.json", "spec.json", "status.json", "metrics.jsonl", "batches.jsonl"}
    status = json.loads((run_dir / "status.json").read_text())
    assert (status["status"], status["error"]) == ("failed", result["error"])
    assert len(read_jsonl(run_dir / "metrics.jsonl")) == 1  # epoch 1 was logged, whole


def test_a_log_append_that_does_not_fit_is_cut_back_off(limited: dict[str, dict]) -> None:
    result = limited["log"]
    assert result["status"] == "failed"
    assert result["error"].startswith("Could not save the run: the file would be larger")
    assert "(writing batches.jsonl: File too large)" in result["error"]
    run_dir = Path(result["run_dir"])
    assert not [p.name for p in run_dir.iterdir() if p.name.endswith(".tmp")]
    assert (run_dir / "batches.jsonl").read_text() == ""  # no half-written line
    assert json.loads((run_dir / "status.json").read_text())["status"] == "failed"


def test_a_run_that_cannot_write_its_files_fails_before_it_starts(
    limited: dict[str, dict],
) -> None:
    result = limited["spec"]
    assert result["status"] == "failed"
    assert "(writing spec.json: File too large)" in result["error"]
    assert [p.name for p in Path(result["run_dir"]).iterdir()] == ["config.json"]


def test_a_failing_worker_ends_only_its_own_run(tmp_path: Path) -> None:
    good_training = threading.Event()

    class Started(Callback):
        def on_batch_end(self, trainer, record: dict) -> None:
            good_training.set()

    class Boom(Callback):
        def on_batch_end(self, trainer, record: dict) -> None:
            if record["batch"] == 3:
                good_training.wait(60)  # fail while the other run trains (if slots allow)
                raise RuntimeError("a bug in a callback")

    good = TrainingRun(SPEC, SMALL, root=tmp_path, callbacks=[Started()])
    bad = TrainingRun(SPEC, SMALL, root=tmp_path, callbacks=[Boom()])
    good.start()
    bad.start()
    for run in (good, bad):
        run.join(180)
        assert not run.alive
    assert (bad.status, bad.error) == ("failed", "RuntimeError: a bug in a callback")
    assert good.status == "finished" and good.error is None
    assert len(good.snapshot().epochs) == 2 and (good.run_dir / "best.pt").is_file()


def test_an_ended_run_lets_go_of_its_model_and_data(tmp_path: Path) -> None:
    refs: dict[str, weakref.ref] = {}

    class Watch(Callback):
        def on_fit_start(self, trainer) -> None:
            refs.update(
                model=weakref.ref(trainer.model),
                optimizer=weakref.ref(trainer.optimizer),
                data=weakref.ref(trainer.data),
                trainer=weakref.ref(trainer),
            )

    run = TrainingRun(SPEC, SMALL, root=tmp_path, callbacks=[Watch()])
    run.start()
    run.join(180)
    assert run.status == "finished" and run.model is None
    gc.collect()
    assert {name: ref() is None for name, ref in refs.items()} == dict.fromkeys(refs, True)
    # Whoever needs the trained model loads it from the run folder.
    trained = load_trained(run.run_dir)
    model = trained.model
    classes = trained.classes
    assert classes[0] == "0 - zero" and not model.training
    assert evaluate_run(run.run_dir, limit=200).accuracy > 0.2  # chance: 0.1


def test_a_failed_run_lets_go_of_its_model_too(tmp_path: Path) -> None:
    refs: list[weakref.ref] = []

    class FailLater(Callback):
        def on_fit_start(self, trainer) -> None:
            refs.append(weakref.ref(trainer.model))

        def on_batch_end(self, trainer, record: dict) -> None:
            raise RuntimeError("boom")

    run = finished(TrainingRun(SPEC, SMALL, root=tmp_path, callbacks=[FailLater()]), 180)
    assert run.status == "failed" and run.model is None
    gc.collect()
    assert refs[0]() is None  # even though the logged error keeps its traceback


def test_a_run_folder_deleted_while_training_says_so_not_disk_space(tmp_path: Path) -> None:
    import shutil

    class DeleteFolderAfterFirstBatch(Callback):
        def on_batch_end(self, trainer, record: dict) -> None:
            if record["batch"] == 1:
                shutil.rmtree(run.run_dir)  # another session's Delete on the Runs page

    run = TrainingRun(SPEC, SMALL, root=tmp_path, callbacks=[DeleteFolderAfterFirstBatch()])
    finished(run, 180)
    assert run.status == "failed"
    assert "was deleted or moved while it trained" in run.error, run.error
    assert "disk" not in run.error


def test_two_sessions_deleting_one_dataset_both_end_quietly() -> None:
    import_zip(make_zip({"cats": 6, "dogs": 6}), "twice", 0.2, seed=1)
    barrier = threading.Barrier(2)
    results: list[object] = []

    def delete() -> None:
        barrier.wait()
        try:
            results.append(delete_custom("twice"))
        except Exception as error:  # the defect: FileNotFoundError or KeyError on one page
            results.append(error)

    threads = [threading.Thread(target=delete) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results, key=str) == [False, True]  # exactly one deleted it
    assert "twice" not in list_custom()
    assert delete_custom("twice") is False  # and once more: already gone, no error


def test_a_pipeline_of_the_wrong_size_fails_before_the_first_batch(tmp_path: Path) -> None:
    from core.augment.geometry import RandomCrop, Rotation
    from core.augment.pipeline import Pipeline

    augment = Pipeline((Rotation(), RandomCrop(size=24))).to_dict()  # MNIST is 28×28
    config = TrainConfig(train_limit=200, epochs=1, augment=augment)
    run = finished(TrainingRun(SPEC, config, root=tmp_path), 120)
    assert run.status == "failed" and not run.snapshot().batches
    assert run.error == (
        "Step 2 (Random crop with padding) makes 24×24 images but the model takes 28×28: "
        "set its size to 28 in the Augmentation lab."
    )
