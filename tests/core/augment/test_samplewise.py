"""000's ImageDataGenerator normalisations: samplewise (each image its own mean and std)
as Keras computes it, in the preview, in training and in the exported code."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from PIL import Image

from core.augment.pipeline import Pipeline
from core.augment.preview import build_transform, export_code, preview
from core.augment.steps import REGISTRY, SamplewiseNormalize


def _photo() -> Image.Image:
    rng = np.random.default_rng(0)
    return Image.fromarray(rng.integers(0, 256, (12, 10, 3), dtype=np.uint8))


def test_each_image_is_standardised_as_keras_does() -> None:
    pipeline = Pipeline((SamplewiseNormalize(),))
    x = build_transform(pipeline)(_photo())
    pixels = np.asarray(_photo(), dtype=np.float64).transpose(2, 0, 1) / 255
    # Keras: x -= mean(x); x /= std(x) + 1e-6, over the whole image
    expected = (pixels - pixels.mean()) / (pixels.std() + 1e-6)
    np.testing.assert_allclose(x.numpy(), expected, atol=1e-5)
    assert x.mean().item() == pytest.approx(0, abs=1e-5)
    assert build_transform(pipeline, train=False)(_photo()).shape == x.shape  # kept in eval


def test_the_step_previews_exports_and_round_trips() -> None:
    assert REGISTRY["samplewise_normalize"] is SamplewiseNormalize
    pipeline = Pipeline((SamplewiseNormalize(),))
    assert Pipeline.from_json(pipeline.to_json()) == pipeline
    tile = preview(pipeline, _photo(), n=1)[0]
    assert tile.image.size == (10, 12)  # shown rescaled to 0..255
    code = export_code(pipeline)
    assert "class SamplewiseStandardize(torch.nn.Module)" in code
    namespace: dict = {}
    exec(compile(code, "<exported>", "exec"), namespace)
    torch.testing.assert_close(
        namespace["train_transform"](_photo()), build_transform(pipeline)(_photo())
    )


@pytest.mark.usefixtures("engine_home")
def test_training_uses_it_instead_of_the_data_sets_mean_and_std() -> None:
    from core.model.presets import get_preset
    from core.training.config import TrainConfig
    from core.training.data import prepare_data

    pipeline = Pipeline((SamplewiseNormalize(),))
    config = TrainConfig(train_limit=100, batch_size=16, augment=pipeline.to_dict())
    x, _ = next(prepare_data(config, get_preset("mnist_fast")).train_batches(0))
    means = x.flatten(1).mean(1)
    assert torch.allclose(means, torch.zeros_like(means), atol=1e-4)  # not MNIST's 0.1307
