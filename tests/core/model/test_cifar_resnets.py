"""003:360-372: the 20- and 56-layer CIFAR-10 networks, plain and residual, against the
paper's Table 6 (0.27M and 0.85M parameters) and a ResNet written here in plain PyTorch."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from core.model.build import build_model
from core.model.presets import get_preset
from core.model.summary import summarize


class Block(nn.Module):
    """He et al.'s CIFAR block, written out: two 3x3 conv + BN, the shortcut a strided 1x1
    conv + BN where the shape changes (option B), or none at all (plain)."""

    def __init__(self, cin: int, cout: int, stride: int, residual: bool) -> None:
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(cin, cout, 3, stride, 1, bias=False),
            nn.BatchNorm2d(cout),
            nn.ReLU(),
            nn.Conv2d(cout, cout, 3, 1, 1, bias=False),
            nn.BatchNorm2d(cout),
        )
        self.residual = residual
        changes = stride != 1 or cin != cout
        self.shortcut = (
            nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))
            if residual and changes
            else nn.Identity()
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.body(x)
        return torch.relu(out + self.shortcut(x) if self.residual else out)


def reference(depth: int, residual: bool) -> nn.Module:
    n = (depth - 2) // 6
    layers: list[nn.Module] = [nn.Conv2d(3, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU()]
    cin = 16
    for stage, cout in enumerate((16, 32, 64)):
        for index in range(n):
            layers.append(Block(cin, cout, 2 if stage and not index else 1, residual))
            cin = cout
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10)]
    return nn.Sequential(*layers)


def _count(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


@pytest.mark.parametrize(
    ("name", "depth", "residual", "paper"),
    [
        ("plain20", 20, False, 0.27),
        ("resnet20", 20, True, 0.27),
        ("plain56", 56, False, 0.85),
        ("resnet56", 56, True, 0.86),  # the paper's 0.85M is option A: 2,752 fewer
    ],
)
def test_parameters_match_pytorch_and_the_papers_table(name, depth, residual, paper) -> None:
    spec = get_preset(name)
    ours = _count(build_model(spec))
    assert ours == _count(reference(depth, residual)) == summarize(spec).trainable_params
    assert round(ours / 1e6, 2) == paper
    weighted = [layer for layer in spec.layers if layer.type in ("conv2d", "residual_block")]
    assert len(weighted) == (depth - 1 if not residual else 1 + (depth - 2) // 2)
    x = torch.randn(2, 3, 32, 32)
    assert tuple(build_model(spec).eval()(x).shape) == (2, 10)


def test_the_shortcuts_are_all_that_differ() -> None:
    """Option B's two projections (16*32 + 2*32, 32*64 + 2*64) are the only extra weights;
    a plain net has exactly the parameters of the paper's option-A ResNet."""
    for depth in (20, 56):
        plain = _count(build_model(get_preset(f"plain{depth}")))
        resnet = _count(build_model(get_preset(f"resnet{depth}")))
        assert resnet - plain == 16 * 32 + 2 * 32 + 32 * 64 + 2 * 64 == 2_752
    assert _count(build_model(get_preset("plain20"))) == 269_722
