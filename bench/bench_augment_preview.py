"""Time to render an N-tile augmentation preview (what the page does on a cache miss).

Run: .venv/bin/python -m bench.bench_augment_preview
"""

from __future__ import annotations

import statistics
import time

from PIL import Image

from core.augment.pipeline import Pipeline
from core.augment.preview import preview, shrink
from core.augment.steps import REGISTRY, Normalize
from core.paths import ASSETS_DIR

REPEATS = 5


def _pipelines(channels: int) -> dict[str, Pipeline]:
    every = [cls() for cls in REGISTRY.values() if cls is not Normalize]
    normalise = Normalize(mean=(0.5,) * channels, std=(0.25,) * channels)
    return {
        "default (shift + rotation)": Pipeline.default(),
        f"every step ({len(every) + 1})": Pipeline((*every, normalise)),
    }


def _time(pipeline: Pipeline, image: Image.Image, n: int) -> float:
    """Median seconds of `REPEATS` previews (a new seed each time, as a cache miss)."""
    times = []
    for seed in range(REPEATS):
        start = time.perf_counter()
        preview(pipeline, image, n=n, seed=seed)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    photo = shrink(Image.open(ASSETS_DIR / "samples" / "astronaut.jpg").convert("RGB"))
    digit = Image.new("L", (28, 28))
    digit.paste(255, (10, 4, 16, 24))
    preview(Pipeline.default(), digit, n=1, seed=0)  # warm-up: lazy imports of torch
    print(f"median of {REPEATS} runs, one CPU process")
    for label, image in (("28x28 gray", digit), (f"{photo.width}x{photo.height} photo", photo)):
        channels = len(image.getbands())
        for name, pipeline in _pipelines(channels).items():
            for n in (8, 16):
                ms = _time(pipeline, image, n) * 1000
                print(f"{label:>18} | {name:<26} | {n:>2} tiles | {ms:7.1f} ms")


if __name__ == "__main__":
    main()
