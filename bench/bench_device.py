"""Where does training run fastest? The same run on every device this computer has.

Run: .venv/bin/python -m bench.bench_device [--preset mnist_fast] [--epochs 5]

Trains `--preset` on MNIST with the CLI's fast settings (batch 128, Adam lr 4e-3, one-cycle)
on the CPU and, when there is one, on the GPU with and without mixed precision, and prints
each one's training seconds, images per second and test accuracy, with the ratios to the CPU
measured in this one run.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path


def train(preset: str, epochs: int, device: str, amp: bool, root: Path) -> dict:
    from core.model.presets import get_preset
    from core.runs.run import TrainingRun
    from core.training.config import TrainConfig
    from core.training.evaluate import evaluate_run

    config = TrainConfig(
        preset=preset,
        epochs=epochs,
        batch_size=128,
        lr=4e-3,
        schedule="onecycle",
        device=device,
        amp=amp,
    )
    run = TrainingRun(get_preset(preset), config, root=root)
    run.start()
    run.join()
    if run.status != "finished":
        raise SystemExit(run.error)
    epochs_done = run.snapshot().epochs
    seconds = sum(e["seconds"] for e in epochs_done)
    images = 54_000 * len(epochs_done)  # 90% of the 60,000 training images, per epoch
    return {
        "device": run.device,
        "amp": amp,
        "seconds": round(seconds, 2),
        "images_per_s": round(images / seconds),
        "test_accuracy": evaluate_run(run.run_dir).accuracy,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default="mnist_fast")
    parser.add_argument("--epochs", type=int, default=5)
    args = parser.parse_args()
    from core.device import available

    plans = [("cpu", False)] + [(d, amp) for d in available()[1:] for amp in (True, False)]
    results = []
    with tempfile.TemporaryDirectory() as root:
        for device, amp in plans:
            result = train(args.preset, args.epochs, device, amp, Path(root))
            results.append(result)
            print(json.dumps(result), flush=True)
    cpu = results[0]["seconds"]
    for result in results:
        precision = "mixed precision" if result["amp"] else "full precision"
        print(
            f"{result['device']:<28} {precision:<15} {result['seconds']:8.2f} s "
            f"({cpu / result['seconds']:5.1f}x the CPU)  {result['images_per_s']:>8} images/s  "
            f"test accuracy {result['test_accuracy']:.4f}"
        )


if __name__ == "__main__":
    main()
