"""A trained run as an ONNX file, to open anywhere: Netron draws it, onnxruntime runs it.

    export_onnx(run_dir, "model.onnx")     # a course CNN or a fine-tuned backbone
    read_metadata("model.onnx")            # {"classes": [...], "preprocessing": {...}}

The graph takes `image`, a batch of preprocessed images (N, C, H, W), and gives
`probabilities` (N, classes), or (N, 1) for a one-output sigmoid model, as the course's
Keras models do; a model that answers with a value (003:292, `Dense(1)`) gives `value` (N, 1),
the output as it is, and says so in `cnnlab.answer`. The class names and the preprocessing
(size, scaling, mean and std) travel in the file's metadata (`cnnlab.classes`,
`cnnlab.preprocessing`), so a program elsewhere knows how to feed it without CNN Lab.
"""

from __future__ import annotations

import json
import logging
import warnings
from pathlib import Path
from typing import Any

import torch
from torch import nn

from core.atomic import atomic_path
from core.i18n import _
from core.identity.people import LOCAL, Actor
from core.model.answers import VALUE
from core.training.store import check_use, read_json

OPSET = 18
LOG = logging.getLogger(__name__)


class WithSoftmax(nn.Module):
    """A fine-tuned network's scores turned into probabilities, like the course's models."""

    def __init__(self, net: nn.Module) -> None:
        super().__init__()
        self.net = net

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        return torch.softmax(self.net(image), dim=1)


def export_model(
    model: nn.Module,
    input_shape: tuple[int, ...],
    out: str | Path,
    metadata: dict[str, Any],
    output_name: str = "probabilities",
) -> Path:
    """Write `model` (in eval mode) as ONNX with a dynamic batch size and `metadata`."""
    import onnx  # lazy: only exports need it

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    model = model.eval()
    example = torch.zeros(2, *input_shape)
    with warnings.catch_warnings(), atomic_path(out) as temp:
        warnings.simplefilter("ignore")  # the exporter's notes reach no student
        # The TorchScript exporter (dynamo=False): the same graph for these models, checked by
        # onnxruntime against PyTorch in the tests, in 0.1-0.4 s where torch.export's took
        # 2-9 s a course model (resnet20: 0.23 s against 5.5 s, measured here).
        torch.onnx.export(
            model,
            (example,),
            str(temp),
            dynamo=False,
            input_names=["image"],
            output_names=[output_name],
            dynamic_axes={"image": {0: "batch"}, output_name: {0: "batch"}},
            opset_version=OPSET,
            verbose=False,
        )
        proto = onnx.load(str(temp))
        proto.producer_name = "CNN Lab"
        for key, value in metadata.items():
            entry = proto.metadata_props.add()
            entry.key, entry.value = f"cnnlab.{key}", json.dumps(value, ensure_ascii=False)
        onnx.save(proto, str(temp))
    return out


def read_metadata(path: str | Path) -> dict[str, Any]:
    """The `cnnlab.*` metadata of an exported file, parsed."""
    import onnx

    proto = onnx.load(str(path), load_external_data=False)
    prefix = "cnnlab."
    return {
        p.key[len(prefix) :]: json.loads(p.value)
        for p in proto.metadata_props
        if p.key.startswith(prefix)
    }


def _transfer(run_dir: Path) -> tuple[nn.Module, tuple[int, ...], dict[str, Any]]:
    from core.transfer.backbones import get_backbone
    from core.transfer.net import load_transfer

    net, spec, _history = load_transfer(run_dir)
    backbone = get_backbone(spec.backbone)
    preprocessing = {
        "layout": "NCHW, RGB",
        "resize_shorter_side": backbone.resize,
        "center_crop": backbone.input_size,
        "scale": "pixel / 255",
        "mean": list(backbone.mean),
        "std": list(backbone.std),
    }
    model = WithSoftmax(net)
    return model, spec.input_shape, {"classes": list(spec.classes), "preprocessing": preprocessing}


def _course_model(run_dir: Path) -> tuple[nn.Module, tuple[int, ...], dict[str, Any]]:
    from core.training.trained import load_trained

    trained = load_trained(run_dir)
    channels, height, width = trained.spec.input_shape
    preprocessing = {
        "layout": "NCHW, RGB" if channels == 3 else "NCHW, grey",
        "size": [height, width],
        "scale": "pixel / 255",
        "mean": list(trained.mean),
        "std": list(trained.std),
    }
    answer = trained.model.answer  # a SpecNet: value, O/X or category (core.model.answers)
    metadata = {"classes": trained.classes, "preprocessing": preprocessing, "answer": answer}
    return trained.model, trained.spec.input_shape, metadata


def export_onnx(run_dir: str | Path, out: str | Path, actor: Actor = LOCAL) -> Path:
    """Export a run's best weights as ONNX; ValueError (with the reason) when it cannot be,
    NotAllowed when `actor` may not use the run (another student's)."""
    run_dir = Path(run_dir)
    check_use(run_dir, actor)
    try:
        kind = read_json(run_dir / "spec.json").get("kind")
    except (OSError, ValueError, AttributeError):
        raise ValueError(_("{name} is not a run folder.").format(name=run_dir.name)) from None
    model, shape, metadata = (_transfer if kind == "transfer" else _course_model)(run_dir)
    metadata |= {"run": read_json(run_dir / "status.json").get("name", run_dir.name)}
    output_name = "value" if metadata.get("answer") == VALUE else "probabilities"
    try:
        return export_model(model, shape, out, metadata, output_name)
    except (RuntimeError, TypeError) as error:  # torch's UnsupportedOperatorException too
        LOG.warning("ONNX export of %s failed", run_dir.name, exc_info=True)
        raise ValueError(
            _("This model could not be exported to ONNX: {error}").format(error=str(error)[:200])
        ) from None
