"""Which images of a split train and which check: stratified seeded splits, k-fold parts,
and some classes only (001's model A on eight Fashion-MNIST classes, model B on two)."""

from __future__ import annotations

import numpy as np

from core.i18n import _
from core.training.config import ConfigError


def stratified_split(
    labels: np.ndarray,
    fraction: float,
    seed: int,
    limit: int | None = None,
    folds: int | None = None,
    fold: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """(train, val) indices: `fraction` of each class held out, optionally of `limit` items.

    With `folds` = k (k-fold cross-validation, 000/004): each class is cut into k nearly
    equal parts and part `fold` is held out, so the k folds hold out every item once.
    """
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(labels))
    if limit is not None and limit < len(labels):
        # Interleave the classes so the first `limit` items keep the class proportions.
        ranks = np.empty(len(labels))
        for value in np.unique(labels):
            members = order[labels[order] == value]
            ranks[members] = (np.arange(len(members)) + 0.5) / len(members)
        order = order[np.argsort(ranks[order], kind="stable")][:limit]
    val, train = [], []
    for value in np.unique(labels[order]):
        members = order[labels[order] == value]
        if folds:
            parts = np.array_split(members, folds)
            val.append(parts[fold])
            train.append(np.concatenate([p for i, p in enumerate(parts) if i != fold]))
            continue
        # At least one per class (when the class has two), so validation is never empty;
        # none at 0, where the test set checks each epoch (TrainConfig.checks_on_test).
        least = 1 if len(members) > 1 and fraction > 0 else 0
        n_val = max(round(len(members) * fraction), least)
        val.append(members[:n_val])
        train.append(members[n_val:])
    return np.sort(np.concatenate(train)), np.sort(np.concatenate(val))


def class_subset(
    labels: np.ndarray, names: list[str], wanted: list[str] | None, dataset: str
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Some classes of a split: (its labels with the wanted classes numbered 0, 1, ... in the
    dataset's order and -1 for the others, the positions of the wanted ones, their names).
    `wanted` None keeps every class; a name the dataset lacks is refused."""
    if wanted is None:
        return labels, np.arange(len(labels)), names
    unknown = [name for name in wanted if name not in names]
    if unknown:
        raise ConfigError(
            _("{dataset} has no class {name}; its classes are: {names}.").format(
                dataset=dataset, name=repr(unknown[0])[:60], names=", ".join(names)
            )
        )
    chosen = [index for index, name in enumerate(names) if name in wanted]
    renumber = np.full(len(names), -1, dtype=np.int64)
    renumber[chosen] = np.arange(len(chosen))
    mapped = renumber[np.asarray(labels, dtype=np.int64)]
    return mapped, np.flatnonzero(mapped >= 0), [names[index] for index in chosen]


def first_per_class(indices: np.ndarray, labels: np.ndarray, most: int) -> np.ndarray:
    """The first `most` of `indices` (sorted) of each class."""
    kept = [indices[labels[indices] == value][:most] for value in np.unique(labels[indices])]
    return np.sort(np.concatenate(kept)) if kept else indices
