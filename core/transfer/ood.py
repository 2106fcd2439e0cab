"""Is this photo like any the model was trained on? The distance to the training photos in
the backbone's feature space, after Sun et al. 2022 ("Out-of-distribution detection with deep
nearest neighbors"): features are scaled to length 1, a photo's score is its cosine distance
to its k-th nearest training photo, and the threshold is set on the photos held out at
fine-tuning time, so that a chosen share of them (by default 99%) count as known. (97.5%
flagged 5% of unseen monkey/human photos: bench/bench_neither.py.)

A softmax over two classes always picks one of them; this score says when a photo is unlike
both. The same neighbours are the "closest training photos" a student is shown.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.i18n import _

DEFAULT_K = 5
DEFAULT_KEEP = 0.99  # share of held-out (known) photos below the threshold


def _unit(features: np.ndarray) -> np.ndarray:
    features = np.asarray(features, dtype=np.float32)
    if features.ndim != 2:
        raise ValueError(_("Features must be a 2-D array (photos, values)."))
    norms = np.linalg.norm(features, axis=1, keepdims=True)
    return features / np.maximum(norms, 1e-12)


@dataclass(frozen=True)
class NeighbourIndex:
    """The training photos' features (unit length) with their labels, and the threshold."""

    features: np.ndarray  # (n, d) float32
    labels: np.ndarray  # (n,) int
    k: int
    threshold: float

    def _distances(self, features: np.ndarray) -> np.ndarray:
        return 1.0 - _unit(features) @ self.features.T  # cosine distance, 0 (same) to 2

    def scores(self, features: np.ndarray) -> np.ndarray:
        """Each photo's distance to its k-th nearest training photo (higher: less known)."""
        distances = self._distances(features)
        k = min(self.k, distances.shape[1])
        return np.partition(distances, k - 1, axis=1)[:, k - 1]

    def unknown(self, features: np.ndarray) -> np.ndarray:
        """True where a photo is unlike every class the model was trained on."""
        return self.scores(features) > self.threshold

    def nearest(self, features: np.ndarray, count: int = 5) -> list[list[tuple[int, float]]]:
        """For each photo, its `count` closest training photos: (index, distance), closest
        first."""
        distances = self._distances(features)
        count = min(count, distances.shape[1])
        order = np.argsort(distances, axis=1)[:, :count]
        return [
            [(int(i), float(row[i])) for i in indices]
            for row, indices in zip(distances, order, strict=True)
        ]

    def to_state(self) -> dict:
        """Plain arrays and numbers, saved beside the model's weights (half precision: 851
        photos of 1,280 values take 2 MB)."""
        return {
            "features": self.features.astype(np.float16),
            "labels": self.labels.astype(np.int64),
            "k": int(self.k),
            "threshold": float(self.threshold),
        }

    @classmethod
    def from_state(cls, state: dict) -> NeighbourIndex:
        features = _unit(np.asarray(state["features"], dtype=np.float32))
        labels = np.asarray(state["labels"], dtype=np.int64)
        if len(features) != len(labels) or not len(labels):
            raise ValueError(_("The saved photo features do not match their labels."))
        return cls(features, labels, int(state["k"]), float(state["threshold"]))


def fit(
    train_features: np.ndarray,
    train_labels: np.ndarray,
    held_out_features: np.ndarray,
    k: int = DEFAULT_K,
    keep: float = DEFAULT_KEEP,
) -> NeighbourIndex:
    """The index of the training photos, its threshold set so that a share `keep` of the
    held-out photos (known classes, never trained on) score below it."""
    features = _unit(train_features)
    labels = np.asarray(train_labels, dtype=np.int64)
    if len(features) != len(labels) or len(features) < 1:
        raise ValueError(_("Every training photo needs its features and its label."))
    if not 0.5 <= keep <= 1.0:
        raise ValueError(_("The share of held-out photos to keep is between 0.5 and 1."))
    index = NeighbourIndex(features, labels, max(1, min(int(k), len(features))), np.inf)
    held_out = index.scores(held_out_features)
    if not len(held_out):
        raise ValueError(_("The threshold needs held-out photos."))
    threshold = float(np.quantile(held_out, keep))
    return NeighbourIndex(features, labels, index.k, threshold)
