"""The engine's epoch against a plain hand-written PyTorch loop: same model, data, batches.

Run: .venv/bin/python -m bench.bench_engine_vs_plain [--epochs 3] [--limit N]

Both train mnist_fast (batch 128, Adam) from the same initial weights on the same cached
MNIST batches, and both run the validation pass. They run in lockstep, batch by batch: a
callback of the engine's run takes one plain step (on its own model, with its own copy of
the batch) and times it. The engine's time is the epoch's time minus those plain steps.
Interleaving this finely makes the ratio robust to other processes on a shared machine,
which swing whole-epoch timings by 2-5x here. The engine runs with the callbacks the page
uses (stop signal, NaN guard, metrics log). Prints seconds per epoch and the ratio
engine / plain (aim: <= 1.05).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterator

import torch
from torch import nn

from core.model.build import build_model
from core.model.presets import get_preset
from core.training.callbacks import MetricsCallback, NanGuard
from core.training.config import TrainConfig
from core.training.control import RunControl
from core.training.data import TrainData
from core.training.loop import Callback, fit
from core.training.optimizers import make_optimizer
from core.training.progress import MetricsLog


class PlainLoop(Callback):
    """The textbook loop, one step per engine batch; only its own time is counted."""

    def __init__(self, model: nn.Module, config: TrainConfig) -> None:
        self.model, self.optimizer = model, make_optimizer(model, config)
        self.seconds: list[float] = []  # per epoch: training steps + validation
        self.in_epoch: list[float] = []  # the part inside the engine's epoch timer
        self.batches: Iterator | None = None
        self.data: TrainData | None = None

    def on_fit_start(self, trainer) -> None:
        self.data = trainer.data

    def on_batch_end(self, trainer, record: dict) -> None:
        start = time.perf_counter()
        if record["batch"] == 1:
            self.seconds.append(0.0)
            self.batches = self.data.train_batches(record["epoch"] - 1)
            self.model.train()
        x, y = next(self.batches)
        self.optimizer.zero_grad()
        loss = nn.functional.cross_entropy(self.model.logits(x), y)
        loss.backward()
        self.optimizer.step()
        self.seconds[-1] += time.perf_counter() - start

    def on_epoch_end(self, trainer, record: dict) -> None:
        self.in_epoch.append(self.seconds[-1])  # the record's seconds were taken before this
        start = time.perf_counter()
        self.model.eval()
        with torch.no_grad():
            for x, y in self.data.val_batches():
                int((self.model.logits(x).argmax(1) == y).sum())
        self.seconds[-1] += time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    spec = get_preset("mnist_fast")
    config = TrainConfig(epochs=args.epochs, batch_size=128, train_limit=args.limit)
    torch.manual_seed(0)
    plain_model, engine_model = build_model(spec), build_model(spec)
    engine_model.load_state_dict(plain_model.state_dict())
    plain = PlainLoop(plain_model, config)
    callbacks = [RunControl(), NanGuard(), MetricsCallback(MetricsLog()), plain]
    print(f"threads {torch.get_num_threads()}, batch 128, mnist_fast")
    trainer = fit(spec, config, callbacks, model=engine_model)
    engine_total = plain_total = 0.0
    rows = zip(trainer.history, plain.seconds, plain.in_epoch, strict=True)
    for record, plain_s, inside in rows:
        engine_s = record["seconds"] - inside  # the epoch's time, less the plain steps
        engine_total, plain_total = engine_total + engine_s, plain_total + plain_s
        print(
            f"epoch {record['epoch']}: plain {plain_s:.2f}s  engine {engine_s:.2f}s  "
            f"ratio {engine_s / plain_s:.3f}"
        )
    print(
        f"{len(trainer.data.train)} images/epoch; total plain {plain_total:.2f}s, engine "
        f"{engine_total:.2f}s; ratio engine/plain {engine_total / plain_total:.3f}"
    )


if __name__ == "__main__":
    main()
