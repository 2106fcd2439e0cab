"""004's data as 004 feeds it: raw pixels (004:250) or /255 (004:548) instead of the lab's
mean/std, and every training image trained on (004's "300/300": no validation split, each
epoch checked on the test set as Keras's validation_data)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from core.data.datasets import get_info, load_dataset, targets
from core.data.scaling import DIVIDE_255, RAW, SCALINGS, STANDARDIZE, input_stats, stored_scaling
from core.model.presets import get_preset
from core.training.config import ConfigError, TrainConfig
from core.training.data import eval_split, prepare_data
from core.training.evaluate import evaluate_model
from core.training.loop import fit
from core.training.splits import stratified_split

pytestmark = pytest.mark.usefixtures("engine_home")
SPEC = get_preset("mnist_fast")


def _first_pixels(scaling: str, augment: dict | None = None) -> torch.Tensor:
    config = TrainConfig(dataset="mnist", scaling=scaling, train_limit=100, augment=augment)
    return prepare_data(config, SPEC).val.batch(torch.arange(4))[0]


def _raw_pixels(positions: np.ndarray) -> torch.Tensor:
    images = load_dataset("mnist", "train", download=False).data
    return images[torch.as_tensor(positions)].unsqueeze(1).float()


PER_IMAGE = {"steps": [{"type": "grayscale", "params": {"p": 0.0}}]}  # no batched plan for it


@pytest.mark.parametrize("augment", [None, PER_IMAGE])
def test_each_scaling_gives_the_documents_numbers(augment) -> None:
    """Raw pixels are the uint8 values (0-255, 004:250), /255 is 0-1 (004:548), standardised
    is (x/255 - mean)/std; the same on the vectorised and the per-image path."""
    config = TrainConfig(dataset="mnist", train_limit=100, augment=augment)
    data = prepare_data(config, SPEC)
    assert data.val.path == ("vectorised" if augment is None else "per-item")
    pixels = _raw_pixels(data.val.indices[:4])
    raw = _first_pixels(RAW, augment)
    assert torch.allclose(raw, pixels, atol=1e-3) and raw.max() > 200
    assert torch.allclose(_first_pixels(DIVIDE_255, augment), pixels / 255, atol=1e-6)
    mean, std = get_info("mnist").mean[0], get_info("mnist").std[0]
    standard = _first_pixels(STANDARDIZE, augment)
    assert torch.allclose(standard, (pixels / 255 - mean) / std, atol=1e-5)


def test_stats_are_one_normalize_per_scaling() -> None:
    info = get_info("cifar10")
    assert input_stats(RAW, info, 3) == ([0.0] * 3, [1 / 255] * 3)
    assert input_stats(DIVIDE_255, info, 1) == ([0.0], [1.0])
    assert input_stats(STANDARDIZE, info, 3) == (list(info.mean), list(info.std))
    assert set(SCALINGS) == {RAW, DIVIDE_255, STANDARDIZE}


def test_a_stored_scaling_is_checked() -> None:
    assert stored_scaling({}) == STANDARDIZE  # a run from before the choice
    assert stored_scaling({"scaling": RAW}) == RAW
    for hostile in ("../../etc", 3, ["none"]):
        with pytest.raises(ValueError, match="scaling"):
            stored_scaling({"scaling": hostile})
    with pytest.raises(ConfigError, match="scaling"):
        TrainConfig(scaling="raw")


def test_zero_holds_nothing_out_and_checks_on_the_test_set() -> None:
    """004:320's 300/300 at batch 200: all 60,000 MNIST images train."""
    config = TrainConfig(dataset="mnist", val_fraction=0, batch_size=200)
    assert config.checks_on_test
    data = prepare_data(config, SPEC)
    assert len(data.train) == 60_000 and data.steps_per_epoch == 300
    test_labels = targets(load_dataset("mnist", "test", download=False))
    assert len(data.val) == 10_000 and np.array_equal(data.val.labels.numpy(), test_labels)
    # Any other share still holds out at least one image per class.
    train, val = stratified_split(np.repeat(np.arange(10), 3), 0.01, seed=0)
    assert len(val) == 10 and len(train) == 20
    assert not TrainConfig(val_fraction=0, folds=5).checks_on_test  # k-fold holds out a fold


def test_a_bad_share_is_refused_with_zero_offered() -> None:
    for bad in (0.001, 0.6, -0.1, "0", False):
        with pytest.raises(ConfigError, match=r"0 \(no validation split"):
            TrainConfig(val_fraction=bad)


def test_the_epochs_validation_is_the_test_sets_figure() -> None:
    """A run with val_fraction 0: its last epoch's validation accuracy is its model's test
    accuracy, raw pixels in, as Keras's `fit(..., validation_data=(x_test, y_test))` prints."""
    config = TrainConfig(
        dataset="mnist", val_fraction=0, scaling=RAW, epochs=1, train_limit=400, batch_size=50
    )
    trainer = fit(SPEC, config)
    test = eval_split("mnist", "test", SPEC, scaling=RAW)
    result = evaluate_model(trainer.model, test, list(test.classes))
    assert trainer.history[-1]["val_acc"] == pytest.approx(result.accuracy)
