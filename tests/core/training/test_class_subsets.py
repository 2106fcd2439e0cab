"""Some classes of a dataset (001:338-352): model A learns Fashion-MNIST without sandals and
shirts, model B tells sandals from shirts with 200 labelled images."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from core.data.datasets import get_info, load_dataset, targets
from core.model.layers.dense import Dense
from core.model.presets import get_preset
from core.training.config import ConfigError, TrainConfig
from core.training.data import eval_split, prepare_data
from core.training.evaluate import evaluate_run
from core.training.splits import class_subset

pytestmark = pytest.mark.usefixtures("engine_home")
NAMES = get_info("fashion_mnist").classes
A_CLASSES = [name for name in NAMES if name not in ("Sandal", "Shirt")]
B_CLASSES = ["Sandal", "Shirt"]


def _spec(units: int):
    spec = get_preset("mnist_fast")
    activation = "sigmoid" if units == 1 else "softmax"
    return spec.replace_layers([*spec.layers[:-1], Dense(units=units, activation=activation)])


def test_model_a_sees_eight_classes_numbered_in_the_datasets_order() -> None:
    config = TrainConfig(dataset="fashion_mnist", classes=A_CLASSES, val_fraction=0.1)
    data = prepare_data(config, _spec(8))
    assert data.classes == A_CLASSES and len(A_CLASSES) == 8
    raw = targets(load_dataset("fashion_mnist", "train", download=False))
    for split in (data.train, data.val):
        original = raw[split.indices]
        assert not np.isin(original, [5, 6]).any()  # no sandal, no shirt
        # Labels 0-4 stay, 7, 8, 9 become 5, 6, 7.
        expected = np.where(original > 6, original - 2, original)
        assert np.array_equal(split.labels.numpy(), expected)
    assert len(data.train) + len(data.val) == 48_000  # 8 classes of 6,000


def test_model_b_trains_on_200_images_and_checks_on_the_rest() -> None:
    """'200 labeled images' (001:347): 100 sandals, 100 shirts; sandal is 0 (negative),
    shirt 1 (positive), as 001 sets them."""
    config = TrainConfig(dataset="fashion_mnist", classes=["Shirt", "Sandal"], per_class=100)
    data = prepare_data(config, _spec(1))
    assert data.classes == B_CLASSES  # the dataset's order, whatever order was asked
    assert len(data.train) == 200 and np.bincount(data.train.labels.numpy()).tolist() == [100, 100]
    assert len(data.val) == 1_200  # 10% of the two classes' 12,000
    test = eval_split("fashion_mnist", "test", _spec(1), classes=B_CLASSES)
    assert len(test) == 2_000 and set(test.labels.tolist()) == {0, 1}


def test_a_run_on_two_classes_is_evaluated_on_those_two(tmp_path) -> None:
    from core.runs.run import TrainingRun

    config = TrainConfig(
        dataset="fashion_mnist", classes=B_CLASSES, per_class=100, epochs=1, batch_size=50
    )
    run = TrainingRun(_spec(1), config, root=tmp_path)
    run.start()
    run.join(120)
    assert run.snapshot().status == "finished", run.snapshot().error
    result = evaluate_run(run.run_dir, "test")
    assert result.classes == B_CLASSES and sum(map(sum, result.confusion)) == 2_000


def test_classes_are_checked() -> None:
    labels = np.array([0, 1, 2, 1])
    mapped, keep, names = class_subset(labels, ["a", "b", "c"], ["c", "a"], "toy")
    assert names == ["a", "c"] and keep.tolist() == [0, 2] and mapped.tolist() == [0, -1, 1, -1]
    with pytest.raises(ConfigError, match="has no class 'd'"):
        class_subset(labels, ["a", "b", "c"], ["a", "d"], "toy")
    for bad in (["Sandal"], ["Sandal", "Sandal"], "Sandal,Shirt", [1, 2], []):
        with pytest.raises(ConfigError, match="two or more different class names"):
            TrainConfig(classes=bad)
    with pytest.raises(ConfigError, match="per_class"):
        TrainConfig(per_class=0)
    config = TrainConfig(dataset="fashion_mnist", classes=["Sandal", "Boots"])
    with pytest.raises(ConfigError, match="Ankle boot"):  # the message lists the real names
        prepare_data(config, _spec(1))
    assert dataclasses.asdict(TrainConfig())["classes"] is None
