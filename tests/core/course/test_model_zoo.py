"""001's Keras model-zoo table, as the course prints it, and torchvision's count of each model
rebuilt into Keras's exactly."""

from __future__ import annotations

import re

import pytest
import torch
from torch import nn

from core.course.model_zoo import KERAS_ZOO, ZooModel
from tests.conftest import ROOT

COURSE = ROOT.parent / "shared" / "course"


def _course_rows() -> dict[str, list[str]]:
    found = list(COURSE.glob("001_*.txt"))
    if not found:  # as the other course tests: a checkout without ../shared skips them
        pytest.skip(f"needs the course documents at {COURSE}")
    [document] = found
    lines = document.read_text(encoding="utf-8").splitlines()[256:275]  # 001:257-275
    rows = [line.split("\t") for line in lines]
    return {cells[0]: cells for cells in rows if len(cells) == 6 and cells[0] != "Model"}


def test_the_table_is_the_courses() -> None:
    rows = _course_rows()
    assert list(rows) == [model.name for model in KERAS_ZOO]
    for model in KERAS_ZOO:
        _name, size, top1, top5, params, depth = rows[model.name]
        assert size == f"{model.size_mb} MB"
        assert (float(top1), float(top5)) == (model.top1, model.top5)
        assert int(params.replace(",", "")) == model.keras_params
        assert depth == (str(model.depth) if model.depth else "-")


def _torchvision_counts(model: ZooModel) -> tuple[int, int, int, int]:
    from torchvision import models

    options = {"aux_logits": False, "init_weights": False} if model.name == "InceptionV3" else {}
    with torch.device("meta"):  # counts only: no memory for 138M weights
        net = getattr(models, model.torchvision)(**options)
    params = sum(p.numel() for p in net.parameters())
    statistics = sum(b.numel() for name, b in net.named_buffers() if "running_" in name)
    unbiased = sum(
        c.out_channels for c in net.modules() if isinstance(c, nn.Conv2d) and c.bias is None
    )
    scales = sum(m.num_features for m in net.modules() if isinstance(m, nn.BatchNorm2d))
    return params, statistics, unbiased, scales


@pytest.mark.parametrize("model", [m for m in KERAS_ZOO if m.torchvision], ids=lambda m: m.name)
def test_keras_count_is_torchvisions_plus_what_keras_counts_or_keeps(model: ZooModel) -> None:
    params, statistics, unbiased, scales = _torchvision_counts(model)
    assert model.torchvision_params == params
    assert model.batchnorm_statistics == statistics
    assert model.conv_biases in (0, unbiased)  # Keras's ResNets: a bias on every convolution
    assert model.scales_left_out in (0, scales)  # Keras's InceptionV3: no BatchNorm scale
    assert model.explained == model.keras_params


def test_models_torchvision_lacks_say_so() -> None:
    missing = [m.name for m in KERAS_ZOO if not m.torchvision]
    assert "Xception" in missing and "NASNetLarge" in missing
    assert all(re.fullmatch(r"[A-Za-z0-9]+", name) for name in missing)
