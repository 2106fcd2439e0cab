"""The course's training exercises at full length, beside the figures the documents print.

    python -m bench.course_figures                      # every exercise with a printed figure
    python -m bench.course_figures 004-mnist-32-64      # one of them

A course preset's exercise runs through `python -m core train --exercise ID` (the course's
model, data, batch size, optimizer, epochs, scaling and validation share); 001's model A and
B, whose models the cards put in Build a CNN, train here as the Train page trains them
(model B on A from this bench's model A run), one after the other. Each line compares the
same kind of number the document prints (test accuracy, or 004's CIFAR-10 training accuracy).
004's cards train on every image as Keras does, but the seeds differ: expect a gap of a few
tenths of a percent, not an equal figure.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from core.course.exercises import EXERCISES, Exercise

# 004's CIFAR-10 CNN prints the training accuracy (its model.fit has no test figure).
TRAIN_ACCURACY_REPORTED = {"004-cifar10-cnn"}


def run_exercise(item: Exercise, out: str) -> dict:
    """Train one exercise in a child process; its JSON result plus the wall time."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "core", "train", "--exercise", item.id, "--out", out, "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr else "failed"}
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["wall_s"] = time.perf_counter() - start
    return result


def run_builder_exercise(item: Exercise, out: str, runs: dict[str, str]) -> dict:
    """An exercise whose model the card puts in Build a CNN (001's model A and B), trained
    here as the Train page does; model B on A starts from the model A run of this bench."""
    from core.model.spec_io import spec_from_json
    from core.runs.run import TrainingRun
    from core.training.config import TrainConfig
    from core.training.evaluate import evaluate_run

    start = time.perf_counter()
    settings = {k: v for k, v in item.settings.items() if k not in ("spec", "reuse")}
    if "reuse" in item.settings:
        if item.settings["reuse"] not in runs:
            return {"error": f"needs a run of {item.settings['reuse']} first"}
        settings["init_from"] = runs[item.settings["reuse"]]
    run = TrainingRun(
        spec_from_json(item.settings["spec"]), TrainConfig(**settings), root=Path(out)
    )
    run.start()
    run.join()
    snapshot = run.snapshot()
    if snapshot.status != "finished":
        return {"error": snapshot.error or snapshot.status}
    runs[item.id] = str(run.run_dir)
    test = evaluate_run(run.run_dir, "test")
    epochs = snapshot.epochs
    return {
        "test_accuracy": test.accuracy,
        "train_accuracy": epochs[-1]["train_acc"],
        "epochs": len(epochs),
        "wall_s": time.perf_counter() - start,
    }


def main(ids: list[str]) -> None:
    # Model A trains before model B on A, which starts from it.
    wanted = [e for e in EXERCISES if not ids or e.id in ids or e.id == "001-model-a"]
    chosen = [e for e in wanted if e.reported_accuracy is not None or e.id == "001-model-a"]
    runs: dict[str, str] = {}
    print("exercise\twhat\tthe document\tours\tepochs\twall s")
    with tempfile.TemporaryDirectory() as out:
        for item in chosen:
            builder = "preset" not in item.settings
            result = run_builder_exercise(item, out, runs) if builder else run_exercise(item, out)
            if item.reported_accuracy is None:  # model A: trained for model B on A
                ours = result.get("test_accuracy")
                shown = f"{ours:.4f}" if ours is not None else f"error: {result.get('error')}"
                print(f"{item.id}\ttest acc\t-\t{shown}", flush=True)
                continue
            if "error" in result:
                print(f"{item.id}\t-\t{item.reported_accuracy:.4f}\terror: {result['error']}")
                continue
            kind = "train acc" if item.id in TRAIN_ACCURACY_REPORTED else "test acc"
            ours = result["train_accuracy" if kind == "train acc" else "test_accuracy"]
            print(
                f"{item.id}\t{kind}\t{item.reported_accuracy:.4f}\t{ours:.4f}\t"
                f"{result['epochs']}\t{result['wall_s']:.0f}",
                flush=True,
            )


if __name__ == "__main__":
    main(sys.argv[1:])
