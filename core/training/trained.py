"""A trained run's model, ready to use: rebuilt from its spec and weights, with the class
names and the mean/std its images were normalised with in training.

The one loader for runs trained from a spec (the Inside page, evaluation, the tests); a
fine-tuned backbone loads through core.transfer.inference.load_model instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from core.data.datasets import get_info
from core.data.scaling import input_stats, stored_scaling
from core.identity.people import LOCAL, Actor
from core.model.build import build_model
from core.model.specs import ModelSpec
from core.training.store import check_use, load_checkpoint, model_spec, read_json

if TYPE_CHECKING:
    from core.model.network import SpecNet


@dataclass
class TrainedModel:
    """A run's model in eval mode and what it takes to show it an image."""

    run_dir: Path
    spec: ModelSpec
    model: SpecNet
    classes: list[str]
    dataset: str
    mean: tuple[float, ...]
    std: tuple[float, ...]

    @property
    def input_shape(self) -> tuple[int, int, int]:
        return self.spec.input_shape


def load_trained(run_dir: Path, which: str = "best", actor: Actor = LOCAL) -> TrainedModel:
    """The run's best (or last) model; raises ValueError, OSError or DatasetUnavailable, and
    NotAllowed when `actor` may not use the run (another student's)."""
    run_dir = Path(run_dir)
    check_use(run_dir, actor)
    checkpoint = load_checkpoint(run_dir, which)
    spec = model_spec(checkpoint)
    model = build_model(spec)
    model.load_state_dict(checkpoint["state_dict"])
    model.eval()
    config = read_json(run_dir / "config.json")
    dataset = config["dataset"]
    mean, std = input_stats(stored_scaling(config), get_info(dataset), spec.input_shape[0])
    return TrainedModel(
        run_dir=run_dir,
        spec=spec,
        model=model,
        classes=list(checkpoint["classes"]),
        dataset=dataset,
        mean=tuple(mean),
        std=tuple(std),
    )
