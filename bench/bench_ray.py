"""What training through a Ray cluster costs: the same small run here and on a worker.

Run: .venv/bin/python -m bench.bench_ray [--epochs 3] [--images 6000] [--address HOST:PORT]

Needs the optional extra (requirements-ray.txt). Without --address it starts a Ray head of
its own on 127.0.0.1 with 2 CPUs (as the slow test does) and ends it after. Trains `mnist_fast`
once in the lab's thread, then twice through the cluster (the first also connects to it),
and prints each one's wall time from start() to its end, its training seconds (the epochs'
own timings) and the ratios to the local run. On one machine the worker shares the lab's
cores, so this is the overhead of the Ray path, not what a GPU worker gains.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import tempfile
import time
from pathlib import Path


def train(epochs: int, images: int, root: Path) -> dict:
    from core.model.presets import get_preset
    from core.runs.run import TrainingRun
    from core.training.config import TrainConfig

    config = TrainConfig(epochs=epochs, train_limit=images, batch_size=64, preset="mnist_fast")
    run = TrainingRun(get_preset("mnist_fast"), config, root=root)
    started = time.perf_counter()
    run.start()
    run.join()
    wall = time.perf_counter() - started
    if run.status != "finished":
        raise SystemExit(run.error)
    epochs_done = run.snapshot().epochs
    return {
        "executor": run._timings.get("executor", "local"),
        "device": run.device,
        "wall_s": round(wall, 2),
        "training_s": round(sum(e["seconds"] for e in epochs_done), 2),
        "val_acc": round(epochs_done[-1]["val_acc"], 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--images", type=int, default=6000)
    parser.add_argument("--address", help="an existing cluster (default: start one here)")
    args = parser.parse_args()
    from tests.core.cluster.ray_head import local_head

    print(json.dumps({"load_average": os.getloadavg()}), flush=True)
    with tempfile.TemporaryDirectory() as root:
        train(1, 640, Path(root))  # warm-up: imports and MNIST unpacked once, not timed
        local = train(args.epochs, args.images, Path(root))
        print(json.dumps(local), flush=True)
        started = time.perf_counter()
        head = contextlib.nullcontext(args.address) if args.address else local_head()
        with head as address:
            print(json.dumps({"head_start_s": round(time.perf_counter() - started, 2)}))
            os.environ["CNNLAB_RAY_ADDRESS"] = address
            results = [train(args.epochs, args.images, Path(root)) for _ in range(2)]
            del os.environ["CNNLAB_RAY_ADDRESS"]
    for name, result in zip(("ray, connecting", "ray, connected"), results, strict=True):
        print(json.dumps(result), flush=True)
        print(
            f"{name:<16} wall {result['wall_s']:6.2f} s ({result['wall_s'] / local['wall_s']:.2f}x"
            f" local {local['wall_s']:.2f} s), training {result['training_s']:6.2f} s "
            f"({result['training_s'] / local['training_s']:.2f}x local {local['training_s']:.2f} s)"
        )
    print(json.dumps({"load_average": os.getloadavg()}), flush=True)


if __name__ == "__main__":
    main()
