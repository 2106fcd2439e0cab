"""The k-nearest-neighbour "neither" score: known photos fall below the threshold set on the
held-out ones, photos of a third kind above it, and the neighbours are the closest."""

from __future__ import annotations

import numpy as np
import pytest

from core.transfer.ood import NeighbourIndex, fit


def _cluster(rng: np.random.Generator, centre: np.ndarray, n: int) -> np.ndarray:
    return centre + 0.15 * rng.standard_normal((n, centre.size))


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    d = 32
    centres = [np.eye(d)[0], np.eye(d)[1], np.eye(d)[2]]  # monkey, human, a cat
    train = np.vstack([_cluster(rng, centres[0], 200), _cluster(rng, centres[1], 200)])
    labels = np.repeat([0, 1], 200)
    held_out = np.vstack([_cluster(rng, centres[0], 100), _cluster(rng, centres[1], 100)])
    others = _cluster(rng, centres[2], 100)
    return train, labels, held_out, others


def test_known_photos_pass_and_a_third_kind_is_unknown(data) -> None:
    train, labels, held_out, others = data
    index = fit(train, labels, held_out, k=5, keep=0.975)
    assert index.unknown(held_out).mean() <= 0.03  # the threshold's own share, about 2.5%
    assert index.unknown(others).mean() >= 0.9
    assert index.scores(others).min() > index.scores(held_out).max() * 0.9


def test_the_threshold_is_the_held_out_quantile_and_is_checked_by_hand(data) -> None:
    train, labels, held_out, _others = data
    index = fit(train, labels, held_out, k=3, keep=0.9)
    unit = lambda a: a / np.linalg.norm(a, axis=1, keepdims=True)  # noqa: E731
    distances = 1 - unit(held_out) @ unit(train).T
    third = np.sort(distances, axis=1)[:, 2]
    assert index.threshold == pytest.approx(np.quantile(third, 0.9), rel=1e-5)


def test_the_nearest_training_photos_are_of_the_same_kind_closest_first(data) -> None:
    train, labels, held_out, _others = data
    index = fit(train, labels, held_out)
    for photo, neighbours in zip(held_out[:5], index.nearest(held_out[:5], 5), strict=True):
        assert [labels[i] for i, _ in neighbours] == [0] * 5  # the first five are monkeys
        distances = [d for _, d in neighbours]
        assert distances == sorted(distances)
        assert distances[0] == pytest.approx(
            1
            - photo
            @ train[neighbours[0][0]]
            / np.linalg.norm(photo)
            / np.linalg.norm(train[neighbours[0][0]]),
            abs=1e-5,
        )


def test_the_index_is_saved_and_restored_with_the_same_answers(data) -> None:
    train, labels, held_out, others = data
    index = fit(train, labels, held_out)
    restored = NeighbourIndex.from_state(index.to_state())
    both = np.vstack([held_out, others])
    assert (restored.unknown(both) == index.unknown(both)).mean() > 0.99  # half precision
    with pytest.raises(ValueError):
        NeighbourIndex.from_state({**index.to_state(), "labels": labels[:3]})


@pytest.mark.parametrize("bad", ["no held-out", "keep", "shape"])
def test_impossible_settings_are_refused(data, bad: str) -> None:
    train, labels, held_out, _others = data
    with pytest.raises(ValueError):
        if bad == "no held-out":
            fit(train, labels, held_out[:0])
        elif bad == "keep":
            fit(train, labels, held_out, keep=1.5)
        else:
            fit(train[0], labels, held_out)
