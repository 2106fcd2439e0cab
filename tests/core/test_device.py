"""Device selection (CUDA, MPS, CPU), mixed precision's choices, and checkpoints that move
between devices. This machine has no GPU: what needs one is checked on a GPU machine by
bench/bench_device.py; here a GPU's presence is simulated only where nothing runs on it."""

from __future__ import annotations

import io
import zipfile

import pytest
import torch

from core import device
from core.training.config import ConfigError, TrainConfig


@pytest.fixture
def no_gpu(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(device, "_has_mps", lambda: False)


def test_auto_picks_cuda_then_mps_then_the_cpu(no_gpu, monkeypatch) -> None:
    assert device.resolve("auto").type == "cpu" and device.available() == ["cpu"]
    monkeypatch.setattr(device, "_has_mps", lambda: True)
    assert device.resolve("auto").type == "mps"
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert device.resolve("auto").type == "cuda" and device.available() == ["cpu", "cuda", "mps"]


def test_a_device_this_computer_lacks_is_refused_with_what_to_choose(no_gpu) -> None:
    with pytest.raises(device.DeviceUnavailable, match="no CUDA device; choose auto or cpu"):
        device.resolve("cuda")
    with pytest.raises(device.DeviceUnavailable, match="must be one of auto, cpu, cuda, mps"):
        device.resolve("tpu")
    with pytest.raises(ConfigError, match="device must be one of"):
        TrainConfig(device="tpu")
    assert TrainConfig(device="cuda").device == "cuda"  # a config may come from a GPU machine


def test_inference_follows_cnnlab_device_and_falls_back_to_the_cpu(no_gpu, monkeypatch) -> None:
    monkeypatch.setenv("CNNLAB_DEVICE", "cuda")  # set up for a GPU this server lost
    assert device.inference_device().type == "cpu"
    monkeypatch.setenv("CNNLAB_DEVICE", "cpu")
    assert device.inference_device().type == "cpu"


def test_mixed_precision_only_on_cuda_bfloat16_when_it_can(monkeypatch) -> None:
    assert device.amp_dtype(torch.device("cpu")) is None
    assert device.amp_dtype(torch.device("mps")) is None
    assert device.grad_scaler(torch.device("cpu")) is None
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *a, **k: True)
    assert device.amp_dtype(torch.device("cuda")) == torch.bfloat16
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *a, **k: False)
    assert device.amp_dtype(torch.device("cuda")) == torch.float16  # needs a loss scaler
    x = torch.randn(2, 3)
    with device.autocast(torch.device("cpu")):
        assert (x @ x.T).dtype == torch.float32  # a no-op off CUDA


def test_asking_for_a_missing_gpu_fails_the_run_with_the_reason(no_gpu, tmp_path) -> None:
    from core.runs.run import TrainingRun
    from tests.core.short_runs import SPEC, finished

    config = TrainConfig(epochs=1, train_limit=100, device="cuda")
    run = finished(TrainingRun(SPEC, config, root=tmp_path))
    assert run.status == "failed"
    assert run.error == "This computer has no CUDA device; choose auto or cpu."


def _as_if_saved_on_cuda(data: bytes) -> bytes:
    """The same checkpoint with every storage's location rewritten to 'cuda:0' (what a GPU
    machine writes); pickle protocol 2 has no frame lengths to fix."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename.endswith("data.pkl"):
                content = content.replace(b"X\x03\x00\x00\x00cpu", b"X\x06\x00\x00\x00cuda:0")
            target.writestr(info, content)
    return out.getvalue()


def test_a_checkpoint_written_on_a_gpu_opens_on_this_cpu(no_gpu, tmp_path) -> None:
    from core.training.store import load_weights_file

    weights = {"state_dict": {"w": torch.arange(6.0).reshape(2, 3)}, "history": []}
    buffer = io.BytesIO()
    torch.save(weights, buffer)
    path = tmp_path / "best.pt"
    path.write_bytes(_as_if_saved_on_cuda(buffer.getvalue()))
    with pytest.raises(RuntimeError, match="CUDA"):  # really a GPU file: a plain load fails
        torch.load(path, weights_only=True)
    loaded = load_weights_file(path)
    assert loaded["state_dict"]["w"].device.type == "cpu"
    assert torch.equal(loaded["state_dict"]["w"], weights["state_dict"]["w"])


def test_a_run_records_where_it_trained(tmp_path) -> None:
    import json

    from core.runs.run import TrainingRun
    from tests.core.short_runs import SPEC, finished

    run = finished(TrainingRun(SPEC, TrainConfig(epochs=1, train_limit=100), root=tmp_path))
    status = json.loads((run.run_dir / "status.json").read_text())
    assert status["timings"]["device"] == run.device == device.describe(device.resolve("auto"))
    assert json.loads((run.run_dir / "config.json").read_text())["device"] == "auto"


def test_models_and_inputs_meet_on_the_models_device() -> None:
    from core.explain.probes import capture, probe_layers, top_k
    from core.model.build import build_model
    from core.model.presets import get_preset

    model = build_model(get_preset("mnist_fast"))
    assert device.device_of(model).type == "cpu"
    assert device.device_of(torch.nn.ReLU()).type == "cpu"  # no weights: the CPU
    x = torch.randn(1, 1, 28, 28)
    outputs = capture(model, x, probe_layers(model))
    assert all(o.device.type == "cpu" for o in outputs.values()) and len(top_k(model, x)) == 5


def test_mixed_precision_is_for_photo_sized_inputs() -> None:
    """On 28x28 digits bfloat16 was slower on an H200 (bench/bench_device.py)."""
    from core.model.presets import get_preset
    from core.training.loop import _photo_sized
    from core.transfer.net import TransferSpec

    assert not _photo_sized(get_preset("mnist_32_64")) and not _photo_sized(
        get_preset("cifar10_cnn")
    )
    assert _photo_sized(get_preset("resnet18"))
    assert _photo_sized(TransferSpec("efficientnet_lite0", ("human", "monkey")))
