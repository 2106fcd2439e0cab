"""Transfer learning: a pretrained base, a new head, and the course's three strategies.

    net = build_transfer("efficientnet_lite0", n_classes=2, strategy="head")
    net.fc                      # Linear(1280, 2): fc = nn.Linear(num_features, n_classes)
    summarize_transfer(net)     # every block, frozen or not, with trainable counts

Strategies (the course's words):
- "full":    train the entire model (fine-tuning);
- "partial": train the last N blocks and the head, freeze the rest;
- "head":    freeze the convolutional base, train only the new head (feature extraction).
Frozen blocks stay in eval mode, so their batch-norm statistics do not drift either.

A fine-tuned model is saved as `{"backbone", "strategy", "blocks", "classes", "state_dict",
"history"}` so that `load_transfer` can rebuild it (as nanoGPT keeps `model_args`).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import torch
from torch import nn

from core.i18n import N_, _, ngettext
from core.training.store import load_checkpoint, load_weights_file
from core.transfer.backbones import backbone_parts, get_backbone, imagenet_classes

STRATEGIES: dict[str, str] = {  # English, marked with N_; shown with _()
    "head": N_("Feature extraction: freeze the convolutional base, train only the new head."),
    "partial": N_("Train the last N blocks and the new head; freeze the rest."),
    "full": N_("Fine-tuning: train the entire model, starting from the pretrained weights."),
}
FORMAT = "cnnlab-transfer/1"


class TransferNet(nn.Module):
    """`features` (named blocks, the last one pools to a vector), then `fc`: the course's
    head, `Linear(num_ftrs, n_classes)`, with nothing else unless `dropout` is set."""

    def __init__(
        self, blocks: OrderedDict[str, nn.Module], fc: nn.Linear, dropout: float = 0.0
    ) -> None:
        super().__init__()
        self.features = nn.Sequential(blocks)
        self.dropout = nn.Dropout(dropout)
        self.fc = fc
        self.on_features = False  # True: inputs are cached feature vectors, only the head runs

    def logits(self, x: torch.Tensor) -> torch.Tensor:
        if not self.on_features:
            x = self.features(x)
        return self.fc(self.dropout(x))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.logits(x)

    def train(self, mode: bool = True) -> TransferNet:
        """Trainable parts follow `mode`; frozen blocks always run in eval mode."""
        super().train(mode)
        for block in self.features:
            if not any(p.requires_grad for p in block.parameters()):
                block.eval()
        return self

    def block_names(self) -> list[str]:
        return [name for name, _block in self.features.named_children()]

    def feature_layers(self) -> list[tuple[str, nn.Module]]:
        """The blocks a student looks inside (core.explain.probes.probe_layers reads this)."""
        return [(f"features.{n}", b) for n, b in self.features.named_children()]

    def cam_layer(self) -> nn.Module:
        """The last block before pooling: the finest map that still knows where things are."""
        return self.features[len(self.features) - 2]

    def param_blocks(self) -> list[str]:
        """Blocks with weights (the pooling block has none): what 'last N' counts."""
        return [n for n, b in self.features.named_children() if any(True for _p in b.parameters())]


@dataclass(frozen=True)
class TransferSpec:
    """What rebuilds a fine-tuned model; plays the role of ModelSpec in the training engine."""

    backbone: str
    classes: tuple[str, ...]
    strategy: str = "head"
    blocks: int = 2  # "partial": how many of the last blocks train
    pretrained: bool = True
    two_phase: int = 0  # > 0: train the head this many epochs first, then unfreeze
    kind: str = field(default="transfer", init=False)

    @property
    def name(self) -> str:
        start = "pretrained" if self.pretrained else "random"
        return f"{self.backbone} {self.strategy} ({start})"

    @property
    def input_shape(self) -> tuple[int, int, int]:
        size = get_backbone(self.backbone).input_size
        return (3, size, size)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["classes"] = list(self.classes)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TransferSpec:
        data = {k: v for k, v in data.items() if k != "kind"}
        return cls(**{**data, "classes": tuple(data["classes"])})


def apply_strategy(net: TransferNet, strategy: str, blocks: int = 2) -> TransferNet:
    """Set requires_grad per the strategy; the head `fc` always trains."""
    if strategy not in STRATEGIES:
        raise ValueError(
            _("strategy must be one of {names}, not {strategy!r}").format(
                names=", ".join(STRATEGIES), strategy=strategy
            )
        )
    names = net.param_blocks()
    if strategy == "full":
        trainable = set(names)
    elif strategy == "partial":
        if not 1 <= blocks <= len(names):
            raise ValueError(
                _("blocks must be between 1 and {most}, not {blocks}").format(
                    most=len(names), blocks=blocks
                )
            )
        trainable = set(names[-blocks:])
    else:
        trainable = set()
    for name, block in net.features.named_children():
        block.requires_grad_(name in trainable)
    net.fc.requires_grad_(True)
    return net


def build_transfer(
    backbone: str,
    n_classes: int | None = None,
    strategy: str = "head",
    blocks: int = 2,
    pretrained: bool = True,
) -> TransferNet:
    """The backbone with a new head of `n_classes` outputs (None: keep ImageNet's head)."""
    parts, imagenet_fc = backbone_parts(backbone, pretrained)
    if n_classes is None:
        fc = imagenet_fc
    else:
        num_features = imagenet_fc.in_features
        fc = nn.Linear(num_features, n_classes)  # the course's head replacement
        _same_start(fc)
    return apply_strategy(TransferNet(parts, fc), strategy, blocks)


def _same_start(fc: nn.Linear) -> None:
    """PyTorch's default init from a private seeded generator: every strategy starts from
    the same head, and the global generator (other runs' dropout) is left alone."""
    generator = torch.Generator().manual_seed(0)
    bound = 1 / fc.in_features**0.5
    with torch.no_grad():
        fc.weight.uniform_(-bound, bound, generator=generator)
        fc.bias.uniform_(-bound, bound, generator=generator)


def build_from_spec(spec: TransferSpec) -> TransferNet:
    return build_transfer(
        spec.backbone, len(spec.classes), spec.strategy, spec.blocks, spec.pretrained
    )


@dataclass(frozen=True)
class BlockRow:
    name: str
    kind: str
    out_shape: tuple[int, ...]
    params: int
    trainable: int

    @property
    def frozen(self) -> bool:
        return self.params > 0 and self.trainable == 0


def summarize_transfer(net: TransferNet, size: int = 224) -> list[BlockRow]:
    """One row per block and the head: output shape (for a `size` x `size` photo),
    parameters and trainable parameters."""
    rows, x = [], torch.zeros(1, 3, size, size)
    was_training = net.training
    net.eval()
    with torch.inference_mode():
        for name, block in net.features.named_children():
            x = block(x)
            rows.append(_row(name, block, tuple(x.shape[1:])))
        rows.append(_row("fc", net.fc, (net.fc.out_features,)))
    net.train(was_training)
    return rows


def _row(name: str, module: nn.Module, shape: tuple[int, ...]) -> BlockRow:
    params = sum(p.numel() for p in module.parameters())
    trainable = sum(p.numel() for p in module.parameters() if p.requires_grad)
    kind = type(module).__name__ if not isinstance(module, nn.Sequential) else "blocks"
    return BlockRow(name, kind, shape, params, trainable)


def unfreeze(net: TransferNet, strategy: str, blocks: int) -> list[nn.Parameter]:
    """Phase two: apply `strategy`; returns the parameters that were frozen until now."""
    before = {id(p) for p in net.parameters() if p.requires_grad}
    apply_strategy(net, strategy, blocks)
    return [p for p in net.parameters() if p.requires_grad and id(p) not in before]


def export_dict(spec: TransferSpec, net: TransferNet, history: list[dict]) -> dict[str, Any]:
    """The saved fine-tuned model: enough to rebuild it and say how it was trained."""
    return {
        "format": FORMAT,
        "backbone": spec.backbone,
        "strategy": spec.strategy,
        "blocks": spec.blocks,
        "pretrained": spec.pretrained,
        "classes": list(spec.classes),
        "state_dict": net.state_dict(),
        "history": list(history),
    }


def load_transfer(source: str | Path) -> tuple[TransferNet, TransferSpec, list[dict]]:
    """(model in eval mode, spec, history) from an exported .pt file or a run folder."""
    path = Path(source)
    if path.is_dir():
        checkpoint = load_checkpoint(path, "best")
        if checkpoint.get("spec", {}).get("kind") != "transfer":
            raise ValueError(
                _("{name} is not a fine-tuned (transfer learning) run.").format(name=path.name)
            )
        try:
            spec = TransferSpec.from_json(checkpoint["spec"])
        except (KeyError, TypeError) as error:
            raise ValueError(
                _("{name}'s checkpoint lacks part of its spec ({error}).").format(
                    name=path.name, error=error
                )
            ) from None
    else:
        checkpoint = load_weights_file(path)
        if checkpoint.get("format") != FORMAT:
            raise ValueError(
                _("{name} is not a fine-tuned model saved by CNN Lab.").format(name=path.name)
            )
        try:
            spec = TransferSpec(
                checkpoint["backbone"],
                tuple(checkpoint["classes"]),
                checkpoint["strategy"],
                checkpoint.get("blocks", 2),
                checkpoint.get("pretrained", True),
            )
        except (KeyError, TypeError) as error:
            raise ValueError(
                _("{name} lacks part of a fine-tuned model ({error}).").format(
                    name=path.name, error=error
                )
            ) from None
    if not isinstance(checkpoint.get("state_dict"), dict):
        raise ValueError(_("{name} holds no weights (state_dict).").format(name=path.name))
    # Pretrained weights are about to be replaced by the saved ones: skip loading them.
    net = build_transfer(spec.backbone, len(spec.classes), spec.strategy, spec.blocks, False)
    try:
        net.load_state_dict(checkpoint["state_dict"])
    except RuntimeError as error:  # another architecture's or class count's weights
        # PyTorch's first line only says "Error(s) in loading"; the next one says which.
        lines = [line.strip() for line in str(error).splitlines() if line.strip()]
        first = (lines[1] if len(lines) > 1 else lines[0] if lines else "")[:120] + "…"
        raise ValueError(
            ngettext(
                "{name}: its saved weights do not fit its model ({backbone}, {n} class): {detail}",
                "{name}: its saved weights do not fit its model ({backbone}, {n} classes): "
                "{detail}",
                len(spec.classes),
            ).format(name=path.name, backbone=spec.backbone, n=len(spec.classes), detail=first)
        ) from None
    return net.eval(), spec, list(checkpoint.get("history", []))


def imagenet_model(backbone: str) -> tuple[TransferNet, list[str]]:
    """The backbone with its own ImageNet head (1000 classes), in eval mode."""
    return build_transfer(backbone, None).eval(), list(imagenet_classes())
