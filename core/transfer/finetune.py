"""Fine-tune a pretrained backbone on a photo set, through the lab's training engine.

    photos = photos_from_folder("monkey_vs_human/train")
    run = make_run(TransferSpec("efficientnet_lite0", tuple(photos.classes)), photos)
    run.start(); run.join()         # a TrainingRun: live snapshot, stop, checkpoints
    export_run(run.run_dir, "monkey_or_human.pt")

"head" trains on cached features (core.transfer.feature_cache): seconds on a CPU. "partial" and
"full" train on images, so their convolution layers see every photo each epoch. The two-phase
schedule trains the head first (base frozen), then unfreezes with a 10x lower rate.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from core.device import resolve
from core.i18n import _, ngettext
from core.identity.people import LOCAL, Actor
from core.runs.run import TrainingRun
from core.training.callbacks import save_atomic
from core.training.config import TrainConfig
from core.training.data import Batches
from core.training.loop import UNFROZEN_LR_FACTOR, Callback, Trainer
from core.training.store import FINE_TUNED_PRESET, check_use
from core.transfer.backbones import get_backbone
from core.transfer.data import PhotoSet, image_data, readable
from core.transfer.feature_cache import feature_data
from core.transfer.neighbours import SaveNeighbours, read_state
from core.transfer.net import (
    TransferNet,
    TransferSpec,
    build_from_spec,
    export_dict,
    load_transfer,
    unfreeze,
)

# Settings that give a good model without any flag (bench/bench_transfer.py measures them):
# a linear head learns fast on good features; whole networks need small, careful steps.
DEFAULTS: dict[str, dict[str, Any]] = {
    "head": {"epochs": 10, "lr": 3e-3, "batch_size": 32, "weight_decay": 1e-4},
    "partial": {"epochs": 3, "lr": 3e-4, "batch_size": 16},
    "full": {"epochs": 3, "lr": 1e-4, "batch_size": 16},
}
# Phase two goes on at a tenth of the rate, as model B on A does once unlocked (001:389).
PHASE_TWO_LR_FACTOR = UNFROZEN_LR_FACTOR
# 000's ResNet18 recipe: Adam lr 1e-5, StepLR(step_size=3, gamma=0.5), 10 epochs.
COURSE_RECIPE: dict[str, Any] = {
    "optimizer": "adam",
    "lr": 1e-5,
    "schedule": "step",
    "schedule_params": {"step_size": 3, "gamma": 0.5},
    "epochs": 10,
}


def default_config(strategy: str, dataset: str, **overrides: Any) -> TrainConfig:
    """The strategy's defaults with `overrides` (None values ignored); 20% held out."""
    values: dict[str, Any] = {"val_fraction": 0.2, **DEFAULTS[strategy]}
    values.update({k: v for k, v in overrides.items() if v is not None})
    return TrainConfig(dataset=dataset, preset=FINE_TUNED_PRESET, **values)


def uses_cache(spec: TransferSpec) -> bool:
    """Feature caching fits only a frozen pretrained base for the whole run."""
    return spec.strategy == "head" and spec.pretrained and not spec.two_phase


class FeatureMode(Callback):
    """Runs only the head during training on cached features; whole model afterwards."""

    def on_fit_start(self, trainer: Trainer) -> None:
        trainer.model.on_features = True

    def on_fit_end(self, trainer: Trainer) -> None:
        trainer.model.on_features = False

    def on_exception(self, trainer: Trainer, error: BaseException) -> None:
        trainer.model.on_features = False


class TwoPhase(Callback):
    """After `head_epochs`, unfreeze per the strategy and continue at a lower rate."""

    def __init__(self, head_epochs: int, strategy: str, blocks: int) -> None:
        self.head_epochs, self.strategy, self.blocks = head_epochs, strategy, blocks

    def on_epoch_end(self, trainer: Trainer, record: dict) -> None:
        if record["epoch"] != self.head_epochs:
            return
        trainer.train_also(unfreeze(trainer.model, self.strategy, self.blocks))
        trainer.set_lr(trainer.config.lr * PHASE_TWO_LR_FACTOR)


class Preparing:
    """Progress of the data step (feature extraction), readable from any thread. The worker
    thread only counts; `read` words it in the reader's (the page's) language."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._lock = threading.Lock()
        self._clock = clock
        self.done, self.total, self.started = 0, 0, False
        self._began, self._first = 0.0, 0

    def update(self, done: int, total: int) -> None:
        with self._lock:
            if not self.started:  # the first count: photos whose features were cached
                self._began, self._first = self._clock(), done
            self.done, self.total, self.started = done, total, True

    def read(self) -> tuple[int, int, str]:
        """(done, total, what is happening), with the time left at this machine's pace so far
        (the first run on a photo set passes every photo through the network once)."""
        with self._lock:
            done, total, started = self.done, self.total, self.started
            elapsed, computed = self._clock() - self._began, self.done - self._first
        if not started:
            return done, total, _("reading the photos")
        message = ngettext(
            "computing features: {done} of {total} photo",
            "computing features: {done} of {total} photos",
            total,
        ).format(done=done, total=total)
        if computed > 0 and done < total and elapsed > 0:
            left = round(elapsed / computed * (total - done))
            message += ", " + _("about {seconds} s left on this computer").format(seconds=left)
        return done, total, message


def build_for_training(spec: TransferSpec) -> TransferNet:
    """The network as phase one trains it (head only, when two-phase)."""
    first = dataclasses.replace(spec, strategy="head") if spec.two_phase else spec
    return build_from_spec(first)


def make_run(
    spec: TransferSpec,
    photos: PhotoSet,
    config: TrainConfig | None = None,
    name: str | None = None,
    root: Path | None = None,
    callbacks: tuple = (),
    owner: Actor = LOCAL,
) -> TrainingRun:
    """A TrainingRun (not started) that fine-tunes `spec` on `photos`.

    The pretrained network is loaded now (so an unavailable backbone fails here, with
    how to get it); the data is made in the worker thread. `run.preparing` reports it.
    """

    config = config or default_config(spec.strategy, photos.name)
    backbone = get_backbone(spec.backbone)
    net = build_for_training(spec)
    preparing = Preparing()
    extra: list[Callback] = []
    if uses_cache(spec):
        extra.append(FeatureMode())

        def data() -> Batches:
            net.to(resolve(config.device))  # the frozen base runs once per photo: on the GPU
            return feature_data(net, backbone, photos, config, preparing.update)
    else:
        if spec.two_phase:
            extra.append(TwoPhase(spec.two_phase, spec.strategy, spec.blocks))

        def data() -> Batches:
            return image_data(readable(photos), backbone, config)

    # Last: it reads the best weights that the checkpoint callback has just written.
    neighbours = SaveNeighbours(photos, backbone, config, uses_cache(spec))
    extra.append(neighbours)
    name = name or _("{backbone}-{strategy} on {photos}").format(
        backbone=spec.backbone, strategy=spec.strategy, photos=photos.name
    )
    run = TrainingRun(
        spec,
        config,
        name,
        root,
        callbacks=[*extra, *callbacks],
        model=net,
        data=data,
        owner=owner,
    )
    run.preparing = preparing
    neighbours.folder = run.run_dir
    return run


def export_run(run_dir: Path, out: str | Path, actor: Actor = LOCAL) -> Path:
    """Save a fine-tuned run's best weights as one portable .pt file (core.transfer.net
    format), if `actor` may use the run."""
    check_use(run_dir, actor)

    net, spec, history = load_transfer(run_dir)
    saved = export_dict(spec, net, history)
    neighbours = read_state(run_dir)
    if neighbours is not None:  # "neither" and the closest photos travel with the model
        saved["neighbours"] = neighbours
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    save_atomic(saved, out)
    return out


def trainable_count(spec: TransferSpec) -> int:
    """Trainable parameters under the spec's final strategy (what the race table shows)."""
    net = build_from_spec(dataclasses.replace(spec, pretrained=False))
    return sum(p.numel() for p in net.parameters() if p.requires_grad)
