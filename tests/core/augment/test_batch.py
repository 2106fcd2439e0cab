"""The batched crop-and-flip path: exact against torchvision, fair draws, dispatch, training."""

from __future__ import annotations

import math

import pytest
import torch
from torchvision.transforms.v2 import functional as TF

from core.augment.batch import BatchAugment, Crop, Flip
from core.data.datasets import get_info
from core.data.errors import DatasetUnavailable
from core.model.presets import get_preset
from core.training.config import TrainConfig
from core.training.data import _transform, eval_split, prepare_data
from core.training.loop import fit


def step(kind: str, **params: object) -> dict:
    return {"type": kind, "params": params}


def pipeline(*steps: dict) -> dict:
    return {"steps": list(steps)}


def crop(padding: int, mode: str = "constant", size: int = 32) -> dict:
    return step("random_crop", size=size, padding=padding, padding_mode=mode)


CIFAR = (3, 32, 32)


def _reference(images: torch.Tensor, plan: BatchAugment, drawn: list[torch.Tensor]) -> list:
    """What torchvision's own functional ops give, image by image, for the same draws."""
    modes = {"constant": "constant", "replicate": "edge", "reflect": "reflect"}
    out = []
    for i, image in enumerate(images):
        x = image
        for op, params in zip(plan.ops, drawn, strict=True):
            if isinstance(op, Crop):
                h, w = x.shape[-2:]
                x = TF.pad(x, [op.padding], padding_mode=modes[op.mode])
                x = TF.crop(x, int(params[0, i]), int(params[1, i]), h, w)
            elif params[i]:
                x = TF.horizontal_flip(x) if op.dim == -1 else TF.vertical_flip(x)
        out.append(x)
    return out


@pytest.mark.parametrize("mode", ["constant", "edge", "reflect"])
@pytest.mark.parametrize("shape", [CIFAR, (1, 28, 28)])
def test_batched_ops_equal_torchvision_bit_for_bit(mode: str, shape: tuple) -> None:
    side = shape[-1]
    augment = pipeline(
        step("horizontal_flip", p=0.5), crop(4, mode, side), step("vertical_flip", p=0.5)
    )
    plan = BatchAugment.plan(augment, shape)
    assert plan is not None and [type(op) for op in plan.ops] == [Flip, Crop, Flip]
    generator = torch.Generator().manual_seed(1)
    images = torch.randint(0, 256, (64, *shape), dtype=torch.uint8, generator=generator)
    drawn = plan.draw(len(images), generator)
    # Every offset and both flip outcomes occur, so each branch is compared.
    assert set(drawn[1].flatten().tolist()) == set(range(9))
    assert 0 < int(drawn[0].sum()) < 64 and 0 < int(drawn[2].sum()) < 64
    result = plan.apply(images, drawn)
    assert result.dtype == torch.uint8 and result.shape == images.shape
    for got, want in zip(result, _reference(images, plan, drawn), strict=True):
        assert torch.equal(got, want)
    assert not torch.equal(result, images)


def test_chained_crops_of_different_modes_equal_torchvision() -> None:
    """Walking the ops backwards composes them: black borders of one crop get reflected."""
    augment = pipeline(
        crop(3),
        step("vertical_flip", p=0.5),
        crop(5, "reflect"),
        step("horizontal_flip"),
        crop(2, "edge"),
    )
    plan = BatchAugment.plan(augment, CIFAR)
    assert plan is not None and len(plan.ops) == 5
    generator = torch.Generator().manual_seed(2)
    images = torch.randint(0, 256, (64, *CIFAR), dtype=torch.uint8, generator=generator)
    drawn = plan.draw(len(images), generator)
    result = plan.apply(images, drawn)
    for got, want in zip(result, _reference(images, plan, drawn), strict=True):
        assert torch.equal(got, want)


def test_normalised_batch_matches_the_per_item_transform_for_the_same_draws() -> None:
    """Scaling and normalising afterwards give what the v2 Compose gives (to float rounding)."""
    augment = pipeline(crop(4, "reflect"), step("horizontal_flip", p=0.5))
    plan = BatchAugment.plan(augment, CIFAR)
    assert plan is not None
    images = torch.randint(0, 256, (16, *CIFAR), dtype=torch.uint8)
    drawn = plan.draw(len(images))
    mean, std = torch.tensor([0.5, 0.4, 0.3]), torch.tensor([0.2, 0.25, 0.3])
    batched = plan.apply(images, drawn).float().div(255)
    batched = (batched - mean.view(-1, 1, 1)) / std.view(-1, 1, 1)
    for i, image in enumerate(images):
        x = TF.to_dtype(image, torch.float32, scale=True)  # what build_transform does first
        x = TF.crop(TF.pad(x, [4], padding_mode="reflect"), *drawn[0][:, i].tolist(), 32, 32)
        x = TF.horizontal_flip(x) if drawn[1][i] else x
        x = TF.normalize(x, mean.tolist(), std.tolist())
        torch.testing.assert_close(batched[i], x, atol=1e-5, rtol=0)


def test_offsets_cover_exactly_zero_to_twice_the_padding_and_flips_fire_with_p() -> None:
    plan = BatchAugment.plan(pipeline(crop(3), step("horizontal_flip", p=0.3)), CIFAR)
    assert plan is not None
    n = 20_000
    offsets, flips = plan.draw(n, torch.Generator().manual_seed(0))
    assert offsets.shape == (2, n)
    for row in offsets:  # top and left: each value 0..6 about n/7 times
        counts = torch.bincount(row, minlength=7)
        assert len(counts) == 7 and int(row.min()) == 0 and int(row.max()) == 6
        assert (counts - n / 7).abs().max() < 5 * math.sqrt(n / 7)
    assert abs(float(flips.float().mean()) - 0.3) < 5 * math.sqrt(0.3 * 0.7 / n)
    never = BatchAugment.plan(pipeline(step("vertical_flip", p=0.0)), CIFAR)
    always = BatchAugment.plan(pipeline(step("vertical_flip", p=1.0)), CIFAR)
    assert never is not None and always is not None
    assert not never.draw(1000)[0].any() and always.draw(1000)[0].all()


def test_draws_follow_torch_global_seed() -> None:
    plan = BatchAugment.plan(pipeline(crop(4), step("horizontal_flip")), CIFAR)
    assert plan is not None
    images = torch.randint(0, 256, (32, *CIFAR), dtype=torch.uint8)
    torch.manual_seed(7)
    first = plan(images)
    torch.manual_seed(7)
    assert torch.equal(plan(images), first)
    assert not torch.equal(plan(images), first)


@pytest.mark.parametrize(
    ("augment", "ops"),
    [
        (None, []),
        (pipeline(), []),
        (pipeline(crop(0)), []),  # v2 crops the whole image: nothing to do
        (pipeline(crop(4), step("horizontal_flip")), [Crop(4, "constant"), Flip(0.5, -1)]),
        (
            pipeline(crop(2, "edge"), step("vertical_flip", p=0.2)),
            [Crop(2, "replicate"), Flip(0.2, -2)],
        ),
    ],
)
def test_plan_reads_crops_and_flips(augment: dict | None, ops: list) -> None:
    plan = BatchAugment.plan(augment, CIFAR)
    assert plan is not None and list(plan.ops) == ops


@pytest.mark.parametrize(
    "augment",
    [
        pipeline(crop(4), step("rotation", degrees=10)),
        pipeline(crop(4, size=28)),  # a different size changes the shape
        pipeline(crop(4, "symmetric")),
        pipeline(crop(32, "reflect")),  # torch (and v2) refuse reflect padding >= the side
        pipeline(step("horizontal_flip"), step("normalize", mean=[0.5], std=[0.5])),
    ],
)
def test_plan_refuses_anything_else(augment: dict) -> None:
    assert BatchAugment.plan(augment, CIFAR) is None


MNIST_SPEC = get_preset("mnist_fast")
CROP_FLIP = pipeline(crop(2, size=28), step("horizontal_flip", p=0.5))


@pytest.mark.usefixtures("engine_home")
def test_builtin_dataset_dispatches_crop_and_flip_to_the_batched_path() -> None:
    config = TrainConfig(epochs=1, train_limit=200, augment=CROP_FLIP)
    data = prepare_data(config, MNIST_SPEC)
    assert data.train.path == "vectorised+augment" and data.val.path == "vectorised"
    assert data.train.augment == BatchAugment((Crop(2, "constant"), Flip(0.5, -1)))
    assert prepare_data(TrainConfig(train_limit=200), MNIST_SPEC).train.path == "vectorised"
    assert eval_split("mnist", "test", MNIST_SPEC, CROP_FLIP, limit=10).path == "vectorised"
    for other in (
        pipeline(crop(2, size=28), step("rotation", degrees=10)),
        pipeline(crop(2, size=24), step("resize", size=28)),  # smaller, then back up
        pipeline(crop(2, "symmetric", size=28)),
    ):
        data = prepare_data(TrainConfig(train_limit=200, augment=other), MNIST_SPEC)
        assert data.train.path == "per-item" and data.val.path == "per-item"
    # The batched path keeps the image size, so a model for other images is refused early.
    with pytest.raises(DatasetUnavailable, match="expects 3x32x32 images but mnist has 1x28x28"):
        prepare_data(TrainConfig(train_limit=200, augment=CROP_FLIP), get_preset("cifar10_cnn"))


@pytest.mark.usefixtures("engine_home")
def test_batched_training_batches_are_augmented_and_validation_equals_the_eval_transform() -> None:
    data = prepare_data(TrainConfig(epochs=1, train_limit=200, augment=CROP_FLIP), MNIST_SPEC)
    positions = torch.arange(64)
    torch.manual_seed(0)
    x, y = data.train.batch(positions)
    plain, labels = prepare_data(TrainConfig(train_limit=200), MNIST_SPEC).train.batch(positions)
    assert x.shape == plain.shape == (64, 1, 28, 28) and torch.equal(y, labels)
    assert not torch.allclose(x, plain)  # shifted / mirrored
    # The background is black, so the padding adds nothing: the same pixels, moved.
    torch.testing.assert_close(x.sum((1, 2, 3)), plain.sum((1, 2, 3)), atol=1e-2, rtol=1e-4)
    # Validation is what the per-item evaluation transform (centre crop, no flips) gives.
    evaluate = _transform(CROP_FLIP, False, (1, 28, 28), get_info("mnist"), "standardize")
    val, _ = data.val.batch(torch.arange(8))
    for i, row in enumerate(data.val.indices[:8]):
        torch.testing.assert_close(val[i], evaluate(data.val.images[int(row)]), atol=1e-5, rtol=0)


@pytest.mark.usefixtures("engine_home")
def test_short_mnist_training_with_crop_and_flip_runs_end_to_end() -> None:
    config = TrainConfig(epochs=1, train_limit=300, batch_size=32, lr=3e-3, augment=CROP_FLIP)
    trainer = fit(MNIST_SPEC, config)
    assert trainer.data.train.path == "vectorised+augment"
    (record,) = trainer.history
    assert math.isfinite(record["train_loss"]) and 0 < record["train_loss"] < 2.5
    assert 0 < record["train_acc"] <= 1.0
    # Learning started (the seeded run: val loss ~2.14, accuracy ~0.47): below chance's
    # loss ln(10) = 2.30 and above chance's accuracy 0.1, on 30 validation images.
    assert record["val_loss"] < 2.25 and record["val_acc"] >= 0.25
    again = fit(MNIST_SPEC, config)  # same seed, same draws, same metrics
    assert again.history[0]["train_loss"] == record["train_loss"]
