"""Monkey or human, or neither? The "unknown" check measured on photos it never saw.

Run: .venv/bin/python -m bench.bench_neither [--per-class N] [--strategy head]

1. The shared monkey/human photos are split once (seeded, stratified): 20% are set aside as
   the test photos and never reach fine-tuning. The other 80% fine-tune the default model
   (EfficientNet-Lite0, head only), which holds out 20% of them to set the threshold.
2. Known: the share of test photos answered with their own class (an "unknown" counts as
   wrong). Target >= 95%.
3. Unknown: photos of neither kind: CIFAR-10's test photos (`--per-class` of each of its
   ten classes, none of them a person or a monkey) and the lab's cat, coffee and rocket
   samples. The share answered "unknown". Target >= 90%.
"""

from __future__ import annotations

import argparse
import json
import tarfile
import tempfile
import time
from pathlib import Path

import numpy as np

SHARED = Path(__file__).resolve().parents[2] / "shared" / "datasets"


def split_photos(seed: int = 0, test_share: float = 0.2):
    """(fine-tuning PhotoSet, test paths with labels): the test photos never train."""
    from core.transfer.data import photos_from_folder

    photos = photos_from_folder(SHARED / "monkey_vs_human" / "train")
    rng = np.random.default_rng(seed)
    test = []
    for label in range(len(photos.classes)):
        members = np.flatnonzero(photos.labels == label)
        test += list(rng.permutation(members)[: round(len(members) * test_share)])
    keep = sorted(set(range(len(photos))) - set(test))
    tests = [(photos.paths[i], photos.classes[int(photos.labels[i])]) for i in sorted(test)]
    return photos.subset(keep), tests


def cifar_photos(into: Path, per_class: int) -> dict[str, list[Path]]:
    """The first `per_class` test photos of each CIFAR-10 class, unpacked from the archive."""
    found: dict[str, list[Path]] = {}
    with tarfile.open(SHARED / "cifar10-jpg.tar.gz") as archive:
        for member in archive:
            parts = Path(member.name).parts
            if len(parts) != 4 or parts[1] != "test" or not member.isfile():
                continue
            files = found.setdefault(parts[2], [])
            if len(files) < per_class:
                target = into / parts[2] / parts[3]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.extractfile(member).read())
                files.append(target)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-class", type=int, default=100)
    parser.add_argument("--strategy", default="head")
    parser.add_argument("--seed", type=int, default=0, help="which photos are the test photos")
    args = parser.parse_args()
    from core.images import open_rgb
    from core.paths import ASSETS_DIR
    from core.transfer.finetune import default_config, make_run
    from core.transfer.inference import load_model, predict, to_batch, verdict
    from core.transfer.net import TransferSpec

    train, tests = split_photos(args.seed)
    spec = TransferSpec("efficientnet_lite0", tuple(train.classes), args.strategy)
    started = time.perf_counter()
    run = make_run(spec, train, default_config(args.strategy, train.name))
    run.start()
    run.join()
    if run.status != "finished":
        raise SystemExit(run.error)
    print(f"fine-tuned on {len(train)} photos in {time.perf_counter() - started:.1f} s")
    model = load_model(run.run_dir)
    assert model.neighbours is not None
    index = model.neighbours.index
    print(f"threshold {index.threshold:.4f} (k={index.k}, {len(index.labels)} training photos)")

    def answer(path: Path) -> str:
        batch = to_batch(open_rgb(path), model.backbone)
        check = verdict(model, batch)
        return "unknown" if check and check.unknown else predict(model, batch, 1)[0][0]

    known = [answer(path) == label for path, label in tests]
    print(f"known: {np.mean(known):.1%} of {len(known)} held-out test photos answered right")
    results = {"known_correct": float(np.mean(known)), "known_photos": len(known)}
    with tempfile.TemporaryDirectory() as folder:
        groups = cifar_photos(Path(folder), args.per_class)
        groups["samples"] = [
            ASSETS_DIR / "samples" / f"{n}.jpg" for n in ("cat", "coffee", "rocket")
        ]
        flagged_all = []
        for name, paths in groups.items():
            flagged = [answer(p) == "unknown" for p in paths]
            flagged_all += flagged
            print(f"  {name:<10} {np.mean(flagged):6.1%} unknown of {len(flagged)}")
    print(f"unknown: {np.mean(flagged_all):.1%} of {len(flagged_all)} photos of neither kind")
    results |= {"unknown_flagged": float(np.mean(flagged_all)), "unknown_photos": len(flagged_all)}
    print(json.dumps(results))


if __name__ == "__main__":
    main()
