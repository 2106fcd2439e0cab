"""The course's training exercises at full length, beside the figures the documents print.

    python -m bench.course_figures                      # every exercise with a printed figure
    python -m bench.course_figures 004-mnist-32-64      # one of them

Each exercise runs through `python -m core train --exercise ID` (the course's model, data,
batch size, optimizer and epochs), one after the other, and prints ours beside 004's figure.
004 reports test accuracy for the MNIST CNNs and the last epoch's training accuracy for the
CIFAR-10 CNN, so each line compares the same kind of number. Keras trains on all 60,000
images where the lab keeps 10% for validation, and the seeds differ: expect a gap of a few
tenths of a percent, not an equal figure.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time

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


def main(ids: list[str]) -> None:
    chosen = [e for e in EXERCISES if e.reported_accuracy is not None and (not ids or e.id in ids)]
    print("exercise\twhat\tthe document\tours\tepochs\twall s")
    with tempfile.TemporaryDirectory() as out:
        for item in chosen:
            result = run_exercise(item, out)
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
