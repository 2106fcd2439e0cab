"""Evaluating a trained model: accuracy, per-class scores, confusion matrix, top losses."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.data.datasets import load_dataset
from core.data.scaling import stored_scaling
from core.device import device_of, inference_device
from core.i18n import _
from core.identity.people import LOCAL, Actor
from core.model.build import build_model
from core.training import records
from core.training.store import (
    check_use,
    load_checkpoint,
    load_weights_file,
    model_spec,
    write_json,
)

if TYPE_CHECKING:
    from PIL import Image
    from torch import nn

MAX_MISTAKES = 1000  # the worst ones; enough to browse, small enough for evaluation.json


@dataclass
class Evaluation:
    """Test results. `confusion[true][predicted]`; `mistakes` sorted by loss, worst first."""

    accuracy: float
    classes: list[str]
    per_class: list[dict]
    confusion: list[list[int]]
    mistakes: list[dict]
    split: str = "test"
    count: int = 0
    measured: dict | None = None  # records.provenance: by this server, on which weights

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _scores(confusion: list[list[int]], classes: list[str]) -> list[dict]:
    rows = []
    for k, name in enumerate(classes):
        true_positive = confusion[k][k]
        support = sum(confusion[k])
        predicted = sum(row[k] for row in confusion)
        precision = true_positive / predicted if predicted else 0.0
        recall = true_positive / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows.append(
            {"class": name, "precision": precision, "recall": recall, "f1": f1, "support": support}
        )
    return rows


def evaluate_model(
    model: nn.Module, dataset: Any, classes: list[str], batch_size: int = 256, tta: bool = False
) -> Evaluation:
    """Run `model` over `dataset` ((tensor, label) items) and score it; with `tta`, each
    image's probabilities are averaged with its mirror image's (test-time augmentation).

    A `core.training.data.SplitData` is batched directly (fast path) and its mistakes carry
    the index in the full split; any other Dataset goes through a DataLoader. A model that
    answers with a value (003:292) predicts the nearest class number, and its mistakes carry
    that value and the squared error in place of a probability and cross-entropy.
    """
    import torch

    from core.model import outputs  # lazy: it imports torch

    n = len(classes)
    confusion = [[0] * n for _ in range(n)]
    mistakes: list[dict] = []
    if hasattr(dataset, "batches"):
        batches, indices = dataset.batches(batch_size), list(map(int, dataset.indices))
    else:
        batches = torch.utils.data.DataLoader(dataset, batch_size=batch_size)
        indices = list(range(len(dataset)))
    device = device_of(model)
    logits_of = getattr(model, "logits", model)
    was_training = model.training
    model.eval()
    seen = 0
    value = outputs.gives_value(model)
    with torch.inference_mode():
        for x, y in batches:
            x, y = x.to(device), y.to(device)
            logits = logits_of(x).float()
            if value:  # 003:292's value: the nearest class number, its error squared
                answer = logits[:, 0]
                if tta:
                    answer = (answer + logits_of(x.flip(-1)).float()[:, 0]) / 2
                predicted = outputs.nearest_classes(answer, n)
                losses = (answer - y.float()) ** 2
                confidence = answer  # kept as "value": the answer itself
            elif tta:  # a horizontal flip is still the same class
                mirrored = outputs.probabilities(logits_of(x.flip(-1)).float())
                probabilities = (outputs.probabilities(logits) + mirrored) / 2
                picked = probabilities.gather(1, y[:, None])[:, 0]
                losses = -torch.log(picked.clamp_min(1e-12))
                confidence, predicted = probabilities.max(1)
            else:
                probabilities = outputs.probabilities(logits)
                losses = outputs.loss(logits, y, reduction="none")
                confidence, predicted = probabilities.max(1)
            for i, (t, p) in enumerate(zip(y.tolist(), predicted.tolist(), strict=True)):
                confusion[t][p] += 1
                if t != p:
                    mistakes.append(
                        {
                            "index": indices[seen + i],
                            "true": classes[t],
                            "predicted": classes[p],
                            ("value" if value else "confidence"): float(confidence[i]),
                            "loss": float(losses[i]),
                        }
                    )
            seen += len(y)
    model.train(was_training)
    mistakes.sort(key=lambda m: m["loss"], reverse=True)
    correct = sum(confusion[k][k] for k in range(n))
    return Evaluation(
        correct / max(1, seen),
        list(classes),
        _scores(confusion, classes),
        confusion,
        mistakes[:MAX_MISTAKES],
        count=seen,
    )


def evaluate_run(
    run_dir: Path, split: str = "test", limit: int | None = None, actor: Actor = LOCAL
) -> Evaluation:
    """Evaluate a run's best checkpoint on `split` of its dataset; writes evaluation.json
    with how it was measured (records.provenance: the SHA-256 of the weights it scored).
    In a class, `actor` may evaluate only a run she may see (core.training.store.check_use)."""
    from core.training.data import eval_split  # lazy: it imports torch

    run_dir = Path(run_dir)
    check_use(run_dir, actor)
    weights = records.current_weights(run_dir)
    if weights is None:
        load_checkpoint(run_dir, "best")  # raises, saying no epoch finished
        raise FileNotFoundError(run_dir / "best.pt")  # (one finished just now: try again)
    # Fingerprinted before loading: should the file change meanwhile, the fingerprint no
    # longer matches and the number is not taken for the new weights.
    fingerprint = records.fingerprint(weights)
    checkpoint = load_weights_file(weights)
    spec = model_spec(checkpoint)
    model = build_model(spec)
    model.load_state_dict(checkpoint["state_dict"])
    config = checkpoint["config"]
    scaling, classes = stored_scaling(config), config.get("classes")
    if classes is not None and not (
        isinstance(classes, list) and all(isinstance(name, str) for name in classes)
    ):
        raise ValueError(_("The run's classes are not a list of class names."))
    data = eval_split(
        config["dataset"], split, spec, config.get("augment"), limit, scaling, classes
    )
    if len(data) == 0:
        raise ValueError(
            _(
                "{dataset} has no {split} images to evaluate on (a photo set imported without "
                "a validation share). Import it again with a validation share on the Datasets "
                "page, or evaluate on the training images (--split train)."
            ).format(dataset=config["dataset"], split=split)
        )
    model = model.to(inference_device())
    tta = bool(config.get("tta", False))
    result = evaluate_model(model, data, list(checkpoint["classes"]), tta=tta)
    result.split = split
    dataset = config["dataset"]
    result.measured = records.provenance(weights, fingerprint, split, dataset, result.count, limit)
    write_json(run_dir / "evaluation.json", result.to_json())
    return result


def dataset_image(dataset_name: str, split: str, index: int) -> Image.Image:
    """The original image (PIL) at `index` of a split, e.g. to show a misclassified one."""

    image, _ = load_dataset(dataset_name, split, download=False)[index]
    return image
