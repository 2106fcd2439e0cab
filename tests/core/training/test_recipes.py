"""Fast recipes' parts: label smoothing in the loss, flip test-time augmentation in the
evaluation, and the recipes themselves being valid settings."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from core.model import outputs
from core.training.config import ConfigError, TrainConfig
from core.training.evaluate import evaluate_model
from core.training.recipes import FAST_RECIPES, fast_recipe


def test_label_smoothing_is_the_textbook_mixture() -> None:
    torch.manual_seed(0)
    logits, y, eps = torch.randn(8, 10), torch.randint(0, 10, (8,)), 0.2
    log_p = torch.log_softmax(logits, dim=1)
    by_hand = (1 - eps) * -log_p[torch.arange(8), y] + eps * -log_p.mean(dim=1)
    assert torch.allclose(outputs.loss(logits, y, label_smoothing=eps), by_hand.mean())
    one = torch.tensor([[2.0]])  # a sigmoid output: the target 1 becomes 1 - eps / 2
    p = torch.sigmoid(one)[0, 0]
    expected = -(0.9 * torch.log(p) + 0.1 * torch.log(1 - p))
    assert torch.allclose(outputs.loss(one, torch.tensor([1]), label_smoothing=eps), expected)


def test_flip_tta_averages_each_image_with_its_mirror() -> None:
    torch.manual_seed(0)
    model = nn.Sequential(nn.Flatten(), nn.Linear(2 * 4, 3))
    x, y = torch.randn(64, 1, 2, 4), torch.randint(0, 3, (64,))
    data = list(zip(x, y, strict=True))
    with torch.no_grad():
        plain = torch.softmax(model(x), 1)
        averaged = (plain + torch.softmax(model(x.flip(-1)), 1)) / 2
    result = evaluate_model(model, data, ["a", "b", "c"], tta=True)
    assert result.accuracy == pytest.approx(float((averaged.argmax(1) == y).float().mean()))
    assert result.accuracy != pytest.approx(float((plain.argmax(1) == y).float().mean()))
    worst = result.mistakes[0]  # the largest loss: -log of the averaged true-class probability
    losses = -torch.log(averaged[torch.arange(64), y])
    wrong = averaged.argmax(1) != y
    assert worst["loss"] == pytest.approx(float(losses[wrong].max()), rel=1e-5)


def test_recipes_are_valid_settings_and_copies() -> None:
    for name, recipe in FAST_RECIPES.items():
        TrainConfig(**recipe)  # raises if any setting is out of range
        fast_recipe(name)["epochs"] = 999
        assert FAST_RECIPES[name]["epochs"] != 999
    assert fast_recipe("alexnet") == {} and fast_recipe(None) == {}
    with pytest.raises(ConfigError, match="label_smoothing"):
        TrainConfig(label_smoothing=0.9)
    with pytest.raises(ConfigError, match="tta"):
        TrainConfig(tta="yes")


def test_channels_last_memory_trains_the_same_model(engine_home) -> None:
    """Only the layout in memory changes (oneDNN's NHWC kernels): the numbers agree."""
    from core.model.presets import get_preset
    from core.training.loop import fit

    spec = get_preset("cifar10_fast").__class__(
        (1, 28, 28), get_preset("cifar10_fast").layers, "mnist_bn"
    )
    runs = []
    for channels_last in (False, True):
        config = TrainConfig(epochs=1, train_limit=256, batch_size=64, channels_last=channels_last)
        trainer = fit(spec, config)
        runs.append(trainer)
    plain, nhwc = (t.history[-1] for t in runs)
    assert nhwc["val_loss"] == pytest.approx(plain["val_loss"], rel=1e-3)
    weight = next(p for p in runs[1].model.parameters() if p.dim() == 4)
    assert weight.is_contiguous(memory_format=torch.channels_last)
