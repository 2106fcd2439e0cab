"""The memory estimate against what PyTorch really keeps, and the refusal of a model too
large for the machine, before it is built or trained."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import torch

from core.errors import SpecError
from core.model.build import build_model
from core.model.layers.conv import Conv2D
from core.model.layers.dense import Dense, Flatten
from core.model.layers.residual import ResidualBlock
from core.model.memory import check_memory, memory_limit, memory_needed, values_per_image
from core.model.presets import get_preset
from core.model.specs import ModelSpec
from core.model.summary import summarize
from core.runs.run import TrainingRun
from core.training.config import TrainConfig

SMALL_RESNET = ModelSpec(
    (3, 32, 32),
    (
        Conv2D(filters=16, padding="same"),
        ResidualBlock(filters=16),
        ResidualBlock(filters=32, stride=2),
        Flatten(),
        Dense(units=10),
    ),
)
# 28k parameters, but a billion numbers out of its one layer for every image.
WIDE = ModelSpec((3, 1024, 1024), (Conv2D(filters=1024, padding="same", activation="relu"),))


def saved_for_backward(spec: ModelSpec, batch: int) -> int:
    """Bytes of the non-parameter tensors autograd keeps for backward, per image."""
    model = build_model(spec).train()
    params = {p.data_ptr() for p in model.parameters()}
    kept: dict[tuple[int, int], int] = {}

    def pack(t: torch.Tensor) -> torch.Tensor:
        if t.data_ptr() not in params:
            kept[(t.data_ptr(), t.numel())] = t.numel() * t.element_size()
        return t

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        model.logits(torch.randn(batch, *spec.input_shape)).sum()
    return sum(kept.values()) // batch


@pytest.mark.parametrize(
    "name", ["mnist_32_64", "cifar10_cnn_bn_dropout", "resnet", "mobilenet_v2"]
)
def test_the_estimate_is_close_to_what_autograd_keeps(name: str) -> None:
    spec = SMALL_RESNET if name == "resnet" else get_preset(name)
    estimate = values_per_image(summarize(spec)) * 4
    assert 0.8 < estimate / saved_for_backward(spec, 4) < 2.0


def test_every_preset_trains_in_a_few_gib_with_batches_of_64() -> None:
    from core.model.presets import PRESETS

    # The course's ImageNet-sized models (224x224 and larger) are there to be read, not
    # trained from scratch on a laptop: they need smaller batches (checked below).
    small = [name for name in PRESETS if get_preset(name).input_shape[1] < 200]
    needs = {name: memory_needed(summarize(get_preset(name)), 64) for name in small}
    assert max(needs.values()) < 5 * 2**30 and needs["mnist_fast"] < 20 * 2**20
    assert memory_needed(summarize(get_preset("resnet50")), 8) < 5 * 2**30
    assert memory_limit() >= 2**29  # half of any machine that can run the lab


def test_a_model_too_large_for_memory_is_refused_before_it_is_built(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CNNLAB_MAX_MODEL_MB", "1024")
    assert summarize(WIDE).total_params == 3 * 9 * 1024 + 1024
    with pytest.raises(SpecError) as caught:
        build_model(WIDE)
    assert str(caught.value).startswith(
        "Running this model on 1 image needs about 8.0 GiB of memory (2,150,629,376 values per "
        "image in the layers' outputs); this machine allows 1.0 GiB per model. Suggestion: use "
        "fewer filters"
    )
    monkeypatch.setenv("CNNLAB_MAX_MODEL_MB", "10000")
    assert build_model(WIDE) is not None  # weights only: the limit is what refused it


def test_too_large_a_batch_fails_the_run_before_loading_anything(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CNNLAB_MAX_MODEL_MB", "100")
    spec = get_preset("mnist_32_64")
    run = TrainingRun(spec, TrainConfig(epochs=1, batch_size=512, train_limit=200), root=tmp_path)
    run.start()
    run.join(60)
    assert run.status == "failed" and run.snapshot().batches_per_epoch == 0  # never built
    assert run.error.startswith("Training this model with batches of 512 needs about 403 MiB")
    assert "this machine allows 100 MiB per model" in run.error
    fits = int(re.search(r"a batch size of at most (\d+)", run.error).group(1))
    summary = summarize(spec)
    check_memory(summary, fits, limit=100 * 2**20)
    with pytest.raises(SpecError):
        check_memory(summary, fits + 1, limit=100 * 2**20)
