"""Monkey or human? Fine-tuning figures on the shared photos (20% held out for validation).

Run: .venv/bin/python -m bench.bench_transfer [--limit N] [--strategy-photos N] [--threads N]

1. Head-only training from a cold feature cache (every photo through the frozen base once)
   and again from a warm cache: validation accuracy, CPU seconds (all threads of this
   process), wall seconds. Target: >= 95% within 2 minutes of CPU time.
2. Seconds per epoch for each strategy (head on cached features; last 2 blocks; full), one
   epoch on a subset of photos.
3. Inference latency per photo (open, preprocess, predict), median over 20 photos, with the
   default thread count and with one thread.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "monkey_vs_human" / "train"


def _train(spec, photos, config):
    from core.transfer.finetune import make_run

    wall, cpu = time.perf_counter(), time.process_time()
    run = make_run(spec, photos, config)
    run.start()
    run.join()
    if run.status != "finished":
        raise RuntimeError(run.error)
    return run, time.perf_counter() - wall, time.process_time() - cpu


def head_only(photos) -> Path:
    from core.transfer.finetune import default_config
    from core.transfer.net import TransferSpec

    spec = TransferSpec("efficientnet_lite0", tuple(photos.classes), "head")
    config = default_config("head", photos.name)
    for cache in ("cold", "warm"):
        run, wall, cpu = _train(spec, photos, config)
        snap = run.snapshot()
        per_epoch = statistics.mean(e["seconds"] for e in snap.epochs)
        print(
            f"head-only, {cache} feature cache: best val acc {snap.best_val_acc:.2%} "
            f"(epoch {snap.best_epoch} of {len(snap.epochs)}), CPU {cpu:.1f} s, "
            f"wall {wall:.1f} s, {per_epoch * 1000:.0f} ms/epoch"
        )
    return run.run_dir


def strategies(photos, n: int) -> None:
    from core.transfer.finetune import default_config, trainable_count
    from core.transfer.net import TransferSpec

    for strategy in ("head", "partial", "full"):
        spec = TransferSpec("efficientnet_lite0", tuple(photos.classes), strategy, 2)
        config = default_config(strategy, photos.name, epochs=1, train_limit=n)
        run, _, _ = _train(spec, photos, config)
        epoch = run.snapshot().epochs[0]
        train_images = round(n * (1 - config.val_fraction))
        print(
            f"{strategy:>7}: {epoch['seconds']:.2f} s/epoch on {train_images} training photos "
            f"(+ validation), {trainable_count(spec):,} trainable parameters, "
            f"val acc after 1 epoch {epoch['val_acc']:.2%}"
        )


def latency(run_dir: Path, photos) -> None:
    import torch

    from core.images import open_rgb
    from core.transfer.inference import load_model, predict, to_batch

    model = load_model(run_dir)
    paths = photos.paths[::40][:20]
    for threads in (torch.get_num_threads(), 1):
        torch.set_num_threads(threads)
        predict(model, to_batch(open_rgb(paths[0]), model.backbone))  # warm up
        times = []
        for path in paths:
            start = time.perf_counter()
            predict(model, to_batch(open_rgb(path), model.backbone))
            times.append(time.perf_counter() - start)
        print(
            f"inference, {threads} thread(s): median {statistics.median(times) * 1000:.0f} ms "
            f"per photo, max {max(times) * 1000:.0f} ms ({len(paths)} photos)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="use only N photos for head-only training")
    parser.add_argument("--strategy-photos", type=int, default=120)
    parser.add_argument("--threads", type=int, help="torch threads (default: torch's choice)")
    parser.add_argument("--head-only", action="store_true", help="only part 1")
    args = parser.parse_args()
    if args.threads:
        import torch

        # On a machine shared with other jobs, one thread wastes no CPU time spin-waiting.
        torch.set_num_threads(args.threads)
    # A fresh lab home: an empty feature cache and run folders that vanish afterwards.
    os.environ["CNNLAB_HOME"] = tempfile.mkdtemp(prefix="bench-transfer-")
    from core.transfer.data import photos_from_folder

    photos = photos_from_folder(SHARED)
    if args.limit:
        photos = photos.subset(list(range(0, len(photos), max(1, len(photos) // args.limit))))
    print(f"{len(photos)} photos ({', '.join(photos.classes)}), {os.cpu_count()} CPU cores")
    run_dir = head_only(photos)
    if args.head_only:
        return
    strategies(photos, args.strategy_photos)
    latency(run_dir, photos)


if __name__ == "__main__":
    main()
