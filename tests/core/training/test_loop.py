"""The training loop on real MNIST subsets: callbacks, reproducibility, options, errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from core.data.errors import DatasetUnavailable
from core.model.presets import get_preset
from core.training.config import OPTIMIZERS, SCHEDULES, ConfigError, TrainConfig, epoch_log_line
from core.training.loop import Callback, StopTraining, fit
from core.training.splits import stratified_split

SPEC = get_preset("mnist_fast")
TINY = TrainConfig(epochs=1, train_limit=200, batch_size=32)


pytestmark = pytest.mark.usefixtures("engine_home")


class Recorder(Callback):
    def __init__(self) -> None:
        self.events: list[str] = []
        self.batches: list[dict] = []
        self.epochs: list[dict] = []

    def on_fit_start(self, trainer) -> None:
        self.events.append("fit_start")

    def on_batch_end(self, trainer, record: dict) -> None:
        self.events.append("batch")
        self.batches.append(record)

    def on_epoch_end(self, trainer, record: dict) -> None:
        self.events.append("epoch")
        self.epochs.append(record)

    def on_fit_end(self, trainer) -> None:
        self.events.append("fit_end")

    def on_exception(self, trainer, error: BaseException) -> None:
        self.events.append(f"exception:{type(error).__name__}")


def test_config_json_round_trip_and_validation() -> None:
    config = TrainConfig(schedule="step", schedule_params={"step_size": 2, "gamma": 0.5})
    assert TrainConfig.from_json(config.to_json()) == config
    assert set(OPTIMIZERS) == {
        "sgd",
        "momentum",
        "nesterov",
        "adagrad",
        "rmsprop",
        "adam",
        "adamax",
        "nadam",
        "adamw",
    }
    assert next(iter(SCHEDULES)) == "constant" and "onecycle" in SCHEDULES
    bad = [
        {"optimizer": "lbfgs"},
        {"lr": -1},
        {"lr": float("nan")},
        {"epochs": 0},
        {"batch_size": 2.5},
        {"schedule": "cosine"},
        {"schedule_params": {"gamma": 0.5}},
        {"schedule": "step", "schedule_params": {"gamma": "half"}},
        {"val_fraction": 0.9},
        {"nonsense": 1},
        {"augment": {"steps": [{"type": "no-such-step"}]}},
    ]
    for data in bad:
        with pytest.raises(ConfigError):
            TrainConfig.from_json({**TINY.to_json(), **data})


def test_fit_reports_every_event_in_order_and_learns() -> None:
    recorder = Recorder()
    trainer = fit(SPEC, TrainConfig(epochs=2, train_limit=400, batch_size=32), [recorder])
    steps = trainer.steps_per_epoch
    assert steps == -(-360 // 32)  # 10% of the 400 images held out for validation
    assert recorder.events == ["fit_start", *(["batch"] * steps + ["epoch"]) * 2, "fit_end"]
    assert [r["epoch"] for r in trainer.history] == [1, 2] and trainer.stopped_reason is None
    assert set(recorder.batches[0]) >= {"epoch", "batch", "loss", "acc", "lr", "images_per_s"}
    assert recorder.batches[-1]["batch"] == steps
    assert trainer.history[-1]["val_acc"] > 0.3  # chance is 0.1
    assert trainer.history[-1]["train_loss"] < trainer.history[0]["train_loss"]


def test_same_seed_same_weights_other_seed_other_weights() -> None:
    def weights(seed: int) -> list[torch.Tensor]:
        trainer = fit(SPEC, TrainConfig(epochs=1, train_limit=200, seed=seed, batch_size=32))
        return [p.detach().clone() for p in trainer.model.parameters()], trainer.history

    (a, history_a), (b, history_b), (c, _) = weights(3), weights(3), weights(4)
    assert all(torch.equal(x, y) for x, y in zip(a, b, strict=True))
    assert [{k: v for k, v in r.items() if k != "seconds"} for r in history_a] == [
        {k: v for k, v in r.items() if k != "seconds"} for r in history_b
    ]
    assert not all(torch.equal(x, y) for x, y in zip(a, c, strict=True))


def test_epoch_log_line_is_the_course_format() -> None:
    record = {
        "epoch": 3,
        "train_loss": 0.268191,
        "train_acc": 0.928571,
        "val_loss": 0.127931,
        "val_acc": 1.0,
        "seconds": 3.94712,
    }
    assert epoch_log_line(record) == (
        "Iter: 3 >> T_loss 0.26819 T_acc 0.92857 V_loss 0.12793 V_acc 1.00000 3.947s"
    )


@pytest.mark.parametrize("optimizer", list(OPTIMIZERS))
def test_every_optimizer_trains(optimizer: str) -> None:
    trainer = fit(SPEC, TrainConfig(epochs=1, train_limit=100, optimizer=optimizer, lr=1e-3))
    assert np.isfinite(trainer.history[0]["train_loss"])


def test_regularisation_options_hold() -> None:
    config = TrainConfig(
        epochs=1,
        train_limit=200,
        lr=0.05,
        optimizer="momentum",
        max_norm=0.5,
        l1=1e-4,
        weight_decay=1e-4,
        grad_clip=1.0,
    )
    trainer = fit(SPEC, config)
    for p in trainer.model.parameters():
        if p.dim() > 1:  # every filter's / unit's incoming weights within the max norm
            assert p.detach().flatten(1).norm(dim=1).max() <= 0.5 + 1e-5


def test_stop_training_ends_cleanly() -> None:
    class StopAtThree(Callback):
        def on_batch_end(self, trainer, record: dict) -> None:
            if record["batch"] == 3:
                raise StopTraining("enough")

    recorder = Recorder()
    trainer = fit(SPEC, TINY, [recorder, StopAtThree()])
    assert trainer.stopped_reason == "enough" and trainer.history == []
    assert recorder.events == ["fit_start", "batch", "batch", "batch", "fit_end"]


def test_an_error_goes_to_on_exception_then_up() -> None:
    class Boom(Callback):
        def on_batch_end(self, trainer, record: dict) -> None:
            raise RuntimeError("boom")

    recorder = Recorder()
    with pytest.raises(RuntimeError, match="boom"):
        fit(SPEC, TINY, [Boom(), recorder])
    assert recorder.events == ["fit_start", "exception:RuntimeError"]


def test_set_lr_replaces_the_schedule_from_the_next_batch() -> None:
    class Change(Callback):
        def on_batch_end(self, trainer, record: dict) -> None:
            if record["batch"] == 2:
                trainer.set_lr(0.0123)

    recorder = Recorder()
    fit(SPEC, TrainConfig(epochs=1, train_limit=200, schedule="onecycle"), [Change(), recorder])
    lrs = [r["lr"] for r in recorder.batches]
    assert lrs[0] != 0.0123 and lrs[2:] == [0.0123] * (len(lrs) - 2)


def test_augmented_training_goes_through_the_pipeline() -> None:
    augment = {"steps": [{"type": "rotation", "params": {"degrees": 10}}]}
    trainer = fit(SPEC, TrainConfig(epochs=1, train_limit=100, augment=augment))
    assert trainer.data.train.transform is not None and trainer.data.val.transform is not None
    x, _ = next(trainer.data.val_batches())
    assert x.shape[1:] == (1, 28, 28) and abs(float(x.mean())) < 1.0  # normalised


def test_fast_path_and_pipeline_give_the_same_validation_batches() -> None:
    plain = fit(SPEC, TrainConfig(epochs=1, train_limit=100))
    # Rotation is dropped in evaluation, and keeps validation on the per-item path.
    rotation = {"steps": [{"type": "rotation", "params": {"degrees": 10}}]}
    pipeline = fit(SPEC, TrainConfig(epochs=1, train_limit=100, augment=rotation))
    assert plain.data.val.path == "vectorised" and pipeline.data.val.path == "per-item"
    a, _ = next(plain.data.val_batches())
    b, _ = next(pipeline.data.val_batches())
    assert torch.allclose(a, b, atol=1e-6)


def test_stratified_split_is_seeded_disjoint_and_balanced() -> None:
    labels = np.repeat(np.arange(10), 100)
    train, val = stratified_split(labels, 0.2, seed=1)
    assert len(set(train) & set(val)) == 0 and len(train) + len(val) == 1000
    assert np.bincount(labels[val]).tolist() == [20] * 10
    assert np.array_equal(val, stratified_split(labels, 0.2, seed=1)[1])
    assert not np.array_equal(val, stratified_split(labels, 0.2, seed=2)[1])
    train, val = stratified_split(labels, 0.1, seed=0, limit=200)
    assert len(train) + len(val) == 200 and np.bincount(labels[val]).tolist() == [2] * 10


def test_missing_dataset_and_wrong_input_shape_say_so(tmp_path: Path) -> None:
    with pytest.raises(DatasetUnavailable, match="no-such-set"):
        fit(SPEC, TrainConfig(dataset="no-such-set", epochs=1))
    with pytest.raises(DatasetUnavailable, match="expects 3x32x32 images but mnist has 1x28x28"):
        fit(get_preset("cifar10_cnn"), TINY)


@pytest.mark.slow
def test_mnist_fast_reaches_98_5_percent_on_the_full_test_set() -> None:
    """The CLI's default recipe on all of MNIST (timings: bench/bench_time_to_accuracy.py)."""
    from core.cli.train import FAST_DEFAULTS
    from core.training.data import eval_split
    from core.training.evaluate import evaluate_model

    trainer = fit(SPEC, TrainConfig(preset="mnist_fast", **FAST_DEFAULTS))
    result = evaluate_model(trainer.model, eval_split("mnist", "test", SPEC), trainer.classes)
    assert result.accuracy >= 0.985


@pytest.mark.parametrize("budget", [1, 3])
def test_a_fit_shares_torchs_own_thread_count_not_the_machines_cores(monkeypatch, budget) -> None:
    """OMP_NUM_THREADS=1 (a machine's owner, or the suite's parallel workers) holds during a
    fit: the threads shared out are torch's count at start-up, whatever the cores."""
    from core.training import loop

    seen: list[int] = []

    class Threads(Callback):
        def on_batch_end(self, trainer, record: dict) -> None:
            seen.append(torch.get_num_threads())

    before = torch.get_num_threads()
    monkeypatch.setattr(loop, "_DEFAULT_THREADS", budget)
    try:
        fit(SPEC, TINY, [Threads()])
        assert set(seen) == {budget}
        assert torch.get_num_threads() == budget  # given back when no fit is left
    finally:
        torch.set_num_threads(before)
