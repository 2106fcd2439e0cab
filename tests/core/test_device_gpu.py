"""On a machine with an NVIDIA GPU (skipped elsewhere, CI included): training in mixed
precision on CUDA, then the same weights on the CPU; fine-tuning, Grad-CAM, the "neither"
check and Inside on CUDA. Run there with `CNNLAB_DEVICE=cuda python -m pytest tests/core`."""

from __future__ import annotations

import pytest
import torch

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")


def test_training_on_cuda_gives_weights_the_cpu_reads(tmp_path, monkeypatch):
    from core.device import amp_dtype
    from core.runs.run import TrainingRun
    from core.training.config import TrainConfig
    from core.training.evaluate import evaluate_run
    from core.training.store import load_checkpoint
    from core.training.trained import load_trained
    from tests.core.short_runs import SPEC, finished

    config = TrainConfig(epochs=2, train_limit=2000, device="auto")
    run = finished(TrainingRun(SPEC, config, root=tmp_path))
    assert run.status == "finished", run.error
    assert run.device.startswith("cuda (") and amp_dtype(torch.device("cuda")) is not None
    assert run.snapshot().best_val_acc > 0.8  # mixed precision still learns
    checkpoint = load_checkpoint(run.run_dir)
    assert all(t.device.type == "cpu" for t in checkpoint["state_dict"].values())
    on_gpu = evaluate_run(run.run_dir, limit=1000).accuracy  # CNNLAB_DEVICE: auto -> cuda
    monkeypatch.setenv("CNNLAB_DEVICE", "cpu")
    on_cpu = evaluate_run(run.run_dir, limit=1000).accuracy
    assert on_gpu == pytest.approx(on_cpu, abs=0.003)  # same weights, float rounding apart
    cpu_model = load_trained(run.run_dir).model
    assert next(cpu_model.parameters()).device.type == "cpu"


def test_a_gpu_run_continues_on_the_cpu(tmp_path) -> None:
    import dataclasses

    from core.runs.run import TrainingRun
    from core.training.config import TrainConfig
    from core.training.store import load_checkpoint
    from tests.core.short_runs import SPEC, finished

    run = finished(TrainingRun(SPEC, TrainConfig(epochs=1, train_limit=500), root=tmp_path))
    checkpoint = load_checkpoint(run.run_dir, "last")
    config = dataclasses.replace(TrainConfig.from_json(checkpoint["config"]), epochs=2)
    config = dataclasses.replace(config, device="cpu")
    resume = {
        "history": checkpoint["history"],
        "optimizer": checkpoint["optimizer"],  # Adam's moments were on the GPU
    }
    from core.model.build import build_model

    model = build_model(SPEC)
    model.load_state_dict(checkpoint["state_dict"])
    again = finished(TrainingRun(SPEC, config, root=tmp_path, resume={**resume, "model": model}))
    assert again.status == "finished", again.error
    assert again.device.startswith("cpu") and len(again.snapshot().epochs) == 2


def test_inside_probes_and_grad_cam_run_on_cuda(tmp_path) -> None:
    from core.explain.heatmap import grad_cam
    from core.explain.probes import (
        capture,
        filter_drivers,
        module_input,
        probe_layers,
        top_k,
    )
    from core.model.build import build_model
    from core.model.presets import get_preset

    model = build_model(get_preset("mnist_32_64")).cuda()
    x = torch.randn(1, 1, 28, 28)  # on the CPU, as the pages make it
    outputs = capture(model, x, probe_layers(model))
    assert outputs and all(o.device.type == "cpu" for o in outputs.values())
    assert len(top_k(model, x)) == 5
    later = [m for _n, m in model.named_modules() if isinstance(m, torch.nn.Conv2d)][1]
    drivers = filter_drivers(later, module_input(model, x, later))
    assert len(drivers) == later.out_channels
    cam = grad_cam(model, x, later, 3)
    assert cam.shape == (28, 28) and 0 <= cam.min() <= cam.max() <= 1


def test_fine_tuning_and_neither_on_cuda(shared_datasets, tmp_path, monkeypatch) -> None:
    from core.paths import ASSETS_DIR
    from core.transfer.inference import load_model, predict_files
    from tests.core.transfer_photos import head_run

    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path / "home"))
    run, _photos, _config = head_run(shared_datasets, tmp_path / "photos", 10, epochs=2)
    assert run.device.startswith("cuda")
    model = load_model(run.run_dir)
    assert next(model.net.parameters()).device.type == "cuda" and model.neighbours is not None
    [cup] = predict_files(model, [ASSETS_DIR / "samples" / "coffee.jpg"])
    assert cup["unknown"] is True
