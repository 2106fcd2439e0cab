"""ONNX export, run by onnxruntime: the same outputs as PyTorch within 1e-4 for every preset,
a trained course CNN and a fine-tuned backbone, with class names and preprocessing inside."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from core.model.build import build_model
from core.model.layers.activations import ReLU
from core.portable.onnx_export import export_model, export_onnx, read_metadata
from tests.core.big_presets import (
    ALONE,
    ALONE_MODELS,
    BIG_PRESETS,
    CHAINED,
    DEFAULT_PRESETS,
    default_model,
)
from tests.core.small_models import one_layer_model

ort = pytest.importorskip("onnxruntime")


def _run(path, x: torch.Tensor) -> np.ndarray:
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return session.run(None, {"image": x.numpy()})[0]


class EveryLayersOutput(torch.nn.Module):
    """A built model whose output is each layer's output side by side (flattened): checked
    thus, a layer exported wrong shows however the layers after it squash the difference."""

    def __init__(self, net: torch.nn.Module) -> None:
        super().__init__()
        self.net = net

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat([out.flatten(1) for _, out in self.net.layer_outputs(x)], dim=1)


def _same_outputs(spec, path, scale: float = 1.0, every_layer: bool = False) -> np.ndarray:
    """`spec`'s model (seeded) exported to `path` gives PyTorch's outputs within 1e-4, on
    inputs drawn at `scale` (with `every_layer`, each layer's); returns those outputs."""
    torch.manual_seed(0)
    model = build_model(spec).eval()
    if every_layer:
        model = EveryLayersOutput(model)
    out = export_model(model, spec.input_shape, path, {"classes": ["a"]})
    x = torch.randn(3, *spec.input_shape) * scale  # exported with a batch of 2: it is dynamic
    with torch.no_grad():
        expected = model(x).numpy()
    got = _run(out, x)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, atol=1e-4, rtol=0)
    assert read_metadata(out) == {"classes": ["a"]}
    return expected


@pytest.mark.parametrize(
    "name",
    [pytest.param(name, marks=pytest.mark.slow) for name in (*BIG_PRESETS, *ALONE_MODELS)]
    + [*DEFAULT_PRESETS, CHAINED],
)
def test_every_preset_and_layer_type_gives_pytorchs_outputs(name, tmp_path) -> None:
    """Each preset whole (the big ones with --slow), and each layer type that no default
    preset has: all in one model, and alone each with --slow (tests/core/big_presets.py)."""
    _same_outputs(default_model(name), tmp_path / "model.onnx", every_layer=name == CHAINED)


def test_the_chained_model_holds_every_layer_type_no_default_preset_has() -> None:
    from core.model.registry import layer_types

    chained = {type(layer) for layer in default_model(CHAINED).layers}
    assert {layer_types()[type_name] for type_name in ALONE} <= chained
    assert len(ALONE) >= 10  # LRN, two blocks, depthwise, average pooling, five activations


def test_relu6_exports(tmp_path) -> None:
    """MobileNetV2's ReLU capped at 6 (ReLU's max_value), on inputs large enough to reach it."""
    outputs = _same_outputs(one_layer_model(ReLU(max_value=6.0)), tmp_path / "six.onnx", 100)
    assert outputs.max() == 6.0 and outputs.min() == 0.0


def test_a_trained_run_exports_with_its_classes_and_preprocessing(tmp_path, monkeypatch) -> None:
    from core.runs.run import TrainingRun
    from core.training.config import TrainConfig
    from core.training.trained import load_trained
    from tests.core.short_runs import SPEC, finished

    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path / "home"))
    run = finished(TrainingRun(SPEC, TrainConfig(epochs=1, train_limit=200), name="digits"))
    out = export_onnx(run.run_dir, tmp_path / "digits.onnx")
    trained = load_trained(run.run_dir)
    x = torch.rand(4, 1, 28, 28)
    with torch.no_grad():
        expected = trained.model(x).numpy()
    np.testing.assert_allclose(_run(out, x), expected, atol=1e-4, rtol=0)
    meta = read_metadata(out)
    assert meta["classes"] == trained.classes and meta["run"] == "digits"
    assert meta["classes"][0] == "0 - zero" and len(meta["classes"]) == 10
    assert meta["preprocessing"]["mean"] == pytest.approx([0.1307], abs=1e-3)
    assert meta["preprocessing"]["size"] == [28, 28]

    # An exporter that fails (an operator ONNX lacks) is said in a sentence, not a traceback:
    # the handler named an exception torch 2.14 does not have, so it raised AttributeError.
    from core.portable import onnx_export

    def unsupported(*_args: object) -> None:
        raise RuntimeError("aten::some_op is not supported by the ONNX exporter")

    monkeypatch.setattr(onnx_export, "export_model", unsupported)
    with pytest.raises(ValueError, match="could not be exported to ONNX: aten::some_op"):
        export_onnx(run.run_dir, tmp_path / "again.onnx")


def test_a_fine_tuned_backbone_exports_as_probabilities(shared_datasets, tmp_path, monkeypatch):
    from core.transfer.net import load_transfer
    from tests.core.transfer_photos import head_run

    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path / "home"))
    run, _photos, _config = head_run(shared_datasets, tmp_path / "photos", 4, epochs=1)
    out = export_onnx(run.run_dir, tmp_path / "monkey.onnx")
    net, _spec, _history = load_transfer(run.run_dir)
    x = torch.randn(2, 3, 224, 224)
    with torch.no_grad():
        expected = torch.softmax(net(x), dim=1).numpy()
    np.testing.assert_allclose(_run(out, x), expected, atol=1e-4, rtol=0)
    meta = read_metadata(out)
    assert meta["classes"] == ["human", "monkey"]
    assert meta["preprocessing"]["center_crop"] == 224
    assert meta["preprocessing"]["mean"] == [0.5, 0.5, 0.5]  # EfficientNet-Lite: x*2-1


def test_the_cli_exports_and_refuses_a_folder_that_is_no_run(tmp_path, capsys) -> None:
    from core.cli.main import main

    (tmp_path / "empty").mkdir()
    assert main(["export-onnx", str(tmp_path / "empty")]) == 2
    assert "is not a run folder" in capsys.readouterr().err
