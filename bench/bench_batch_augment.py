"""Time to augment one CIFAR-sized training batch: per-item v2 transforms vs batched ops.

The CIFAR recipe (random crop 32 with padding 4, random horizontal flip), on 128 random
3x32x32 uint8 images, made into normalised float batches the two ways `SplitData.batch` can;
with 1 torch thread and with the default count (on a busy machine the per-item path suffers
most from several threads: each tiny op pays for waking them).
Run: .venv/bin/python -m bench.bench_batch_augment
"""

from __future__ import annotations

import torch

from bench.timing import median_ms
from core.augment.batch import BatchAugment
from core.data.datasets import get_info
from core.training.data import _transform

BATCH, REPEATS = 128, 15
RECIPE = {
    "steps": [
        {"type": "random_crop", "params": {"size": 32, "padding": 4, "padding_mode": "reflect"}},
        {"type": "horizontal_flip", "params": {"p": 0.5}},
    ]
}


def main() -> None:
    torch.manual_seed(0)
    images = torch.randint(0, 256, (BATCH, 3, 32, 32), dtype=torch.uint8)
    info = get_info("cifar10")
    mean, std = torch.tensor(info.mean).view(-1, 1, 1), torch.tensor(info.std).view(-1, 1, 1)
    per_item = _transform(RECIPE, True, (3, 32, 32), info)  # what the per-item path builds
    plan = BatchAugment.plan(RECIPE, (3, 32, 32))
    assert plan is not None and plan.ops

    def items() -> torch.Tensor:
        return torch.stack([per_item(image) for image in images])

    def batched() -> torch.Tensor:
        return plan(images).float().div_(255).sub_(mean).div_(std)

    print(f"median of {REPEATS} batches of {BATCH} x 3x32x32 (crop 32, padding 4, h-flip)")
    default = torch.get_num_threads()
    for threads in sorted({1, default}):
        torch.set_num_threads(threads)
        slow, fast = median_ms(items, REPEATS), median_ms(batched, REPEATS)
        print(
            f"{threads} thread{'s' if threads > 1 else ' '} | "
            f"per-item v2: {slow:7.2f} ms/batch ({slow * 1000 / BATCH:6.1f} µs/image) | "
            f"batched: {fast:5.2f} ms/batch ({fast * 1000 / BATCH:5.1f} µs/image) | "
            f"{slow / fast:4.0f}x faster"
        )
    torch.set_num_threads(default)


if __name__ == "__main__":
    main()
