"""The training photos a fine-tuned model compares a new photo against, saved with the model.

After fine-tuning, every readable photo runs once through the trained convolutional base.
The training split's feature vectors (with a small JPEG thumbnail and the file name of each)
form a `core.transfer.ood` index; the held-out split sets its "unknown" threshold. The index
is saved as `neighbours.pt` in the run folder (and inside an exported model), so that
"Test a photo" and `predict` can say "neither" and show the closest training photos.

    neighbours = load_neighbours(run_dir)       # None for a model saved without one
    neighbours.index.unknown(features)          # True: unlike every class
    neighbours.thumbnail(i), neighbours.names[i]
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import torch
from PIL import Image

from core.device import resolve
from core.i18n import _
from core.images import ImageError, open_rgb
from core.training.callbacks import save_atomic
from core.training.config import TrainConfig
from core.training.loop import Callback, Trainer
from core.training.store import load_weights_file
from core.transfer.backbones import Backbone
from core.transfer.data import PhotoSet, split_indices
from core.transfer.feature_cache import extract_features
from core.transfer.net import TransferNet, load_transfer
from core.transfer.ood import DEFAULT_K, DEFAULT_KEEP, NeighbourIndex, fit

LOG = logging.getLogger(__name__)
FILE = "neighbours.pt"
THUMB_SIZE = 96  # pixels on the longer side: enough to recognise a face or a monkey
MAX_PHOTOS = 20_000  # a saved index larger than this is refused (a hostile file)


@dataclass(frozen=True)
class Neighbours:
    """The index with what a page shows of each training photo."""

    index: NeighbourIndex
    names: list[str]  # file names (not paths: the model may travel to another computer)
    thumbs: list[bytes]  # JPEG thumbnails
    keep: float  # share of held-out photos below the threshold

    def thumbnail(self, i: int) -> Image.Image:
        return Image.open(io.BytesIO(self.thumbs[i])).convert("RGB")

    def to_state(self) -> dict[str, Any]:
        """Tensors and plain values only, so that a weights-only load reads it."""
        state = self.index.to_state()
        data = np.frombuffer(b"".join(self.thumbs), dtype=np.uint8)
        offsets = np.cumsum([0, *map(len, self.thumbs)])
        return {
            "features": torch.from_numpy(state["features"]),
            "labels": torch.from_numpy(state["labels"]),
            "k": state["k"],
            "threshold": state["threshold"],
            "keep": float(self.keep),
            "names": list(self.names),
            "thumbs": torch.from_numpy(data.copy()),
            "offsets": torch.from_numpy(offsets.astype(np.int64)),
        }

    @classmethod
    def from_state(cls, state: Any, n_features: int, n_classes: int) -> Neighbours:
        """Checks every part (a saved model may come from anywhere); ValueError if unfit."""
        bad = ValueError(_("The model's saved training-photo index is damaged."))
        try:
            features = state["features"].float().numpy()
            labels = state["labels"].long().numpy()
            names = [str(n) for n in state["names"]]
            data = state["thumbs"].numpy().tobytes()
            offsets = state["offsets"].long().numpy()
            k, threshold = int(state["k"]), float(state["threshold"])
            keep = float(state.get("keep", DEFAULT_KEEP))
        except (KeyError, TypeError, AttributeError, ValueError, RuntimeError):
            raise bad from None
        n = len(labels)
        sane = (
            0 < n <= MAX_PHOTOS
            and features.shape == (n, n_features)
            and len(names) == n
            and offsets.shape == (n + 1,)
            and offsets[0] == 0
            and offsets[-1] == len(data)
            and bool(np.all(np.diff(offsets) >= 0))
            and labels.min() >= 0
            and labels.max() < n_classes
            and 1 <= k <= n
            and np.isfinite(threshold)
            and np.isfinite(features).all()
        )
        if not sane:
            raise bad
        thumbs = [data[a:b] for a, b in pairwise(offsets)]
        index = NeighbourIndex.from_state(
            {"features": features, "labels": labels, "k": k, "threshold": threshold}
        )
        return cls(index, names, thumbs, keep)


def _thumbnail(path: Path) -> bytes:
    try:
        image = open_rgb(path)
    except (ImageError, OSError):
        image = Image.new("RGB", (THUMB_SIZE, THUMB_SIZE), (128, 128, 128))
    image.thumbnail((THUMB_SIZE, THUMB_SIZE))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def build_neighbours(
    net: TransferNet,
    backbone: Backbone,
    photos: PhotoSet,
    config: TrainConfig,
    frozen_pretrained: bool,
    keep: float = DEFAULT_KEEP,
) -> Neighbours | None:
    """The index of the run's training split, calibrated on its held-out split; None when
    there is no held-out split to calibrate on."""
    # A frozen pretrained base is ImageNet's own: its features are in the cache.
    extracted = extract_features(net, backbone, photos, cache=frozen_pretrained)
    features = extracted.features.numpy()
    usable = photos.subset(extracted.keep)
    train_idx, val_idx = split_indices(usable, config)  # the same split as training used
    if not len(val_idx) or not len(train_idx):
        return None
    index = fit(features[train_idx], usable.labels[train_idx], features[val_idx], DEFAULT_K, keep)
    names = [usable.paths[i].name for i in train_idx]
    thumbs = [_thumbnail(usable.paths[i]) for i in train_idx]
    return Neighbours(index, names, thumbs, keep)


def save_neighbours(neighbours: Neighbours, run_dir: Path) -> None:
    save_atomic(neighbours.to_state(), Path(run_dir) / FILE)


def read_state(source: str | Path) -> Any:
    """The saved index's state: a run folder's `neighbours.pt`, or an exported model's part;
    None when the model was saved without one."""
    path = Path(source)
    if path.is_dir():
        file = path / FILE
        return load_weights_file(file) if file.is_file() else None
    return load_weights_file(path).get("neighbours")


def load_neighbours(
    source: str | Path, net: TransferNet, classes: Sequence[str]
) -> Neighbours | None:
    """The model's index (checked against the network's feature size), or None."""
    state = read_state(source)
    if state is None:
        return None
    return Neighbours.from_state(state, net.fc.in_features, len(classes))


class SaveNeighbours(Callback):
    """At the end of fine-tuning: build the index from the best weights and save it. A failure
    is logged, never fails the run: the model still predicts, without "neither"."""

    def __init__(
        self, photos: PhotoSet, backbone: Backbone, config: TrainConfig, frozen: bool
    ) -> None:
        self.photos, self.backbone, self.config, self.frozen = photos, backbone, config, frozen
        self.folder: Path | None = None  # the run's folder, set once the run exists

    def on_fit_end(self, trainer: Trainer) -> None:
        if self.folder is None or not any(
            (self.folder / f).is_file() for f in ("best.pt", "last.pt")
        ):
            return
        try:
            net, _spec, _history = load_transfer(self.folder)
            net.to(resolve(self.config.device))
            built = build_neighbours(net, self.backbone, self.photos, self.config, self.frozen)
            if built is not None:
                save_neighbours(built, self.folder)
        except (OSError, ValueError, RuntimeError):
            LOG.warning("run %s: no training-photo index", self.folder.name, exc_info=True)
