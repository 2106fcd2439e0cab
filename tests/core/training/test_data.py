"""Training data for the student's own photos: colour photos on a grey (1-channel) model."""

from __future__ import annotations

import pytest
import torch

from core.data.custom import delete_custom, list_custom
from core.data.datasets import channel_stats, get_info
from core.data.importers import import_zip
from core.model.layers.dense import Dense
from core.model.presets import get_preset
from core.training.config import TrainConfig
from core.training.data import prepare_data
from core.training.loop import fit
from tests.core.zips import make_zip

pytestmark = pytest.mark.usefixtures("engine_home")


def _colour_photos(name: str) -> str:
    if name in list_custom():
        delete_custom(name)
    import_zip(make_zip({"cats": 12, "dogs": 12}), name, 0.25, seed=3)
    return name


def test_colour_photos_train_a_one_channel_model() -> None:
    name = _colour_photos("colour-pets")
    spec = get_preset("mnist_fast")  # 1x28x28; the two classes' binary output
    spec = spec.replace_layers([*spec.layers[:-1], Dense(units=1, activation="sigmoid")])
    config = TrainConfig(dataset=name, epochs=1, batch_size=8, preset="mnist_fast")
    x, _ = next(prepare_data(config, spec).train_batches(0))
    assert tuple(x.shape[1:]) == (1, 28, 28)
    trainer = fit(spec, config)
    (record,) = trainer.history
    assert torch.isfinite(torch.tensor(record["val_loss"]))


def test_grey_statistics_are_the_luminance_mix_of_the_colour_ones() -> None:
    info = get_info("cifar10")
    mean, std = channel_stats(info, 1)
    assert mean == pytest.approx([0.299 * 0.4914 + 0.587 * 0.4822 + 0.114 * 0.4465], abs=1e-3)
    assert len(std) == 1 and min(info.std) <= std[0] <= max(info.std)
    assert channel_stats(info, 3) == (list(info.mean), list(info.std))
