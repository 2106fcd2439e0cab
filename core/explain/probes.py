"""Inside a network: feature maps, activation statistics and filters.

Everything works on any `nn.Module` through forward hooks on chosen modules, so the same
code serves a `SpecNet` from the builder and a pretrained backbone:

    >>> layers = probe_layers(model)                  # [(name, module), ...]
    >>> maps = capture(model, x, layers)              # {name: output tensor}
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import numpy as np
import torch
from torch import nn

from core.device import device_of
from core.i18n import _
from core.model import outputs
from core.model.shared import evaluating, scores_of

Layers = Sequence[tuple[str, nn.Module]]
# Containers opened one level when a model has no layer list of its own (EfficientNet's
# `_blocks` is a ModuleList of 16 blocks: each block is one layer for the student).
_CONTAINERS = (nn.Sequential, nn.ModuleList)
RELUS = (nn.ReLU, nn.ReLU6)
SATURATING = (nn.Sigmoid, nn.Tanh, nn.Softmax)


@runtime_checkable
class _Rows(Protocol):
    """A model with summary rows (a SpecNet, core.model.network): their module names."""

    layer_names: list[str]


@runtime_checkable
class _RowsWithActivations(_Rows, Protocol):
    """A SpecNet: its rows, and the activation module that follows a row, by name."""

    activation_of: dict[str, str]


@runtime_checkable
class _NamesItsLayers(Protocol):
    """A backbone wrapper (core.transfer.net.TransferNet) that names the blocks to look in."""

    def feature_layers(self) -> list[tuple[str, nn.Module]]: ...


def probe_layers(model: nn.Module) -> list[tuple[str, nn.Module]]:
    """The modules whose outputs a student looks at, in forward order.

    A SpecNet: one per summary row, its activation module when it has one (so the output
    is `layer_outputs`'). A model with `feature_layers()` (a backbone wrapper) says its own;
    any other: its children, with Sequential/ModuleList containers opened one level.
    """
    if isinstance(model, _RowsWithActivations):
        named = dict(model.named_children())
        return [(name, named[model.activation_of.get(name, name)]) for name in model.layer_names]
    if isinstance(model, _NamesItsLayers):
        return list(model.feature_layers())
    layers: list[tuple[str, nn.Module]] = []
    for name, child in model.named_children():
        if isinstance(child, _CONTAINERS):
            layers += [(f"{name}.{sub}", module) for sub, module in child.named_children()]
        else:
            layers.append((name, child))
    return layers


def capture(model: nn.Module, x: torch.Tensor, layers: Layers) -> dict[str, torch.Tensor]:
    """One forward pass of `x` with a hook on every layer: {name: its output}, in order.

    Outputs are cloned because a later in-place activation would change them. A module
    that is called twice keeps its first output; one that is never called is left out.
    """
    outputs: dict[str, torch.Tensor] = {}

    def keeper(name: str) -> Any:
        def hook(_module: nn.Module, _inputs: Any, output: Any) -> None:
            if isinstance(output, torch.Tensor) and name not in outputs:
                outputs[name] = output.detach().to("cpu", copy=True)

        return hook

    x = x.to(device_of(model))
    with evaluating(model):
        handles = [module.register_forward_hook(keeper(name)) for name, module in layers]
        try:
            with torch.no_grad():
                model(x)
        finally:
            for handle in handles:
                handle.remove()
    order = [name for name, _module in layers]
    return {name: outputs[name] for name in order if name in outputs}


def module_input(model: nn.Module, x: torch.Tensor, module: nn.Module) -> torch.Tensor:
    """What `module` receives when the model runs on `x` (its first positional input)."""
    seen: list[torch.Tensor] = []
    x = x.to(device_of(model))
    with evaluating(model):
        handle = module.register_forward_pre_hook(
            lambda _m, inputs: (
                seen.append(inputs[0].detach().to("cpu", copy=True)) if not seen else None
            )
        )
        try:
            with torch.no_grad():
                model(x)
        finally:
            handle.remove()
    if not seen:
        raise ValueError(_("That module is not used when the model runs on this input."))
    return seen[0]


@dataclass(frozen=True)
class LayerStats:
    """One layer's outputs over a batch of images (shape is per image)."""

    name: str
    kind: str
    shape: tuple[int, ...]
    mean: float
    std: float
    zero_fraction: float  # exact zeros: what ReLU makes of every negative input
    dead_channels: int  # channels (or units) that are zero for every image and position
    channels: int
    saturated_fraction: float | None  # sigmoid/tanh/softmax outputs pinned near their ends


def _saturated(module: nn.Module, out: torch.Tensor) -> float | None:
    if isinstance(module, nn.Tanh):
        return float((out.abs() > 0.99).float().mean())
    if isinstance(module, (nn.Sigmoid, nn.Softmax)):
        return float(((out < 0.01) | (out > 0.99)).float().mean())
    return None


def layer_stats(outputs: dict[str, torch.Tensor], layers: Layers) -> list[LayerStats]:
    """Mean, spread, zero fraction, dead channels and saturation of each captured layer."""
    modules = dict(layers)
    rows = []
    for name, out in outputs.items():
        out = out.float()
        channels = out.shape[1] if out.ndim > 1 else 1
        per_channel = out.transpose(0, 1).reshape(channels, -1) if out.ndim > 1 else out[None]
        rows.append(
            LayerStats(
                name,
                type(modules[name]).__name__,
                tuple(out.shape[1:]),
                float(out.mean()),
                float(out.std()) if out.numel() > 1 else 0.0,
                float((out == 0).float().mean()),
                int((per_channel == 0).all(dim=1).sum()),
                channels,
                _saturated(modules[name], out),
            )
        )
    return rows


def first_conv(model: nn.Module) -> tuple[str, nn.Conv2d] | None:
    """The first nn.Conv2d in registration order (the one that sees the pixels)."""
    return next(((n, m) for n, m in model.named_modules() if isinstance(m, nn.Conv2d)), None)


def kernel_images(weight: torch.Tensor) -> np.ndarray:
    """Filters (F, C, k, k) as images (F, k, k, C) in [0, 1], each scaled on its own.

    A kernel's pattern is what it looks for; its overall size is the bias's business,
    so every filter is min-max scaled separately (0.5 everywhere for a constant one).
    """
    w = weight.detach().float().cpu().permute(0, 2, 3, 1)
    low = w.amin(dim=(1, 2, 3), keepdim=True)
    span = w.amax(dim=(1, 2, 3), keepdim=True) - low
    scaled = torch.where(span > 0, (w - low) / span.clamp_min(1e-12), torch.full_like(w, 0.5))
    return scaled.numpy()


@dataclass(frozen=True)
class FilterDriver:
    """Where a filter responds most on an image, and which input channel drives that."""

    filter: int
    row: int
    col: int
    response: float  # the conv's output there, before any activation
    channel: int  # the input channel contributing most to that response
    contribution: float  # its part of the response (the parts and the bias sum to it)


def channel_contributions(conv: nn.Module, conv_in: torch.Tensor) -> torch.Tensor:
    """(C_in, F, H', W'): each input channel's part of the conv's output on one image.

    A convolution is linear in its input: out = bias + sum_c conv(x with only channel c).
    Running the module itself on the C one-channel inputs handles its own padding, stride,
    dilation and groups (EfficientNet pads inside its conv's forward).
    """
    x = conv_in[:1].float().to(device_of(conv))
    channels = x.shape[1]
    with torch.no_grad():
        base = conv(torch.zeros_like(x))  # the bias alone
        parts = []
        for start in range(0, channels, 32):  # bounded memory for wide layers
            eye = torch.eye(channels, device=x.device)[start : start + 32].view(-1, channels, 1, 1)
            parts.append(conv(eye * x) - base)
    return torch.cat(parts).cpu()


def filter_drivers(conv: nn.Module, conv_in: torch.Tensor) -> list[FilterDriver]:
    """For every filter of `conv`: its peak response on the image and the channel behind it."""
    with torch.no_grad():
        out = conv(conv_in[:1].float().to(device_of(conv)))[0].cpu()
    parts = channel_contributions(conv, conv_in)
    width = out.shape[-1]
    drivers = []
    for f in range(out.shape[0]):
        flat = int(out[f].argmax())
        row, col = divmod(flat, width)
        at_peak = parts[:, f, row, col]
        channel = int(at_peak.argmax())
        drivers.append(
            FilterDriver(f, row, col, float(out[f, row, col]), channel, float(at_peak[channel]))
        )
    return drivers


def top_k(model: nn.Module, x: torch.Tensor, k: int = 5) -> list[tuple[int, float]]:
    """The k most probable classes of one image: [(class index, probability)], best first."""
    with evaluating(model), torch.no_grad():
        scores = scores_of(model)(x[:1].to(device_of(model))).float().cpu()
    probabilities = outputs.probabilities(scores)[0]
    values, indices = probabilities.topk(min(k, probabilities.numel()))
    return [(int(i), float(v)) for i, v in zip(indices, values, strict=True)]


def value_of(model: nn.Module, x: torch.Tensor) -> float:
    """The answer of a model that answers with a value (003:292), for one image."""
    with evaluating(model), torch.no_grad():
        return float(scores_of(model)(x[:1].to(device_of(model))).float().cpu()[0, 0])


_POOLS = (nn.Conv2d, nn.MaxPool2d, nn.AvgPool2d)
_NEUTRAL = (
    nn.BatchNorm2d,
    nn.Dropout,
    nn.Dropout2d,
    *RELUS,
    nn.LeakyReLU,
    nn.ELU,
    nn.Sigmoid,
    nn.Tanh,
    nn.Identity,
)


def _first(value: Any) -> int:
    return int(value[0] if isinstance(value, tuple) else value)


def receptive_fields(model: nn.Module, image_size: int) -> dict[str, int | None]:
    """SpecNet rows -> how many input pixels (per side) one output value sees.

    rf grows by (k - 1) * dilation * jump at each conv or pool, and jump (the input pixels
    between neighbouring outputs) multiplies by the stride. Flatten, Dense and global
    pooling see the whole image; after a layer this does not model (a residual block) the
    value is None.
    """
    if not isinstance(model, _Rows):
        return {}
    rf, jump, known = 1, 1, True
    fields: dict[str, int | None] = {}
    for name in model.layer_names:
        module = model.get_submodule(name)
        if isinstance(module, _POOLS):
            k, s, d = (_first(getattr(module, a, 1)) for a in ("kernel_size", "stride", "dilation"))
            rf, jump = rf + (k - 1) * d * jump, jump * s
        elif isinstance(module, (nn.Flatten, nn.Linear, nn.AdaptiveAvgPool2d, nn.Softmax)):
            rf = image_size
        elif not isinstance(module, _NEUTRAL) and any(True for _child in module.children()):
            known = False  # a block with its own branches
        fields[name] = min(rf, image_size) if known else None
    return fields
