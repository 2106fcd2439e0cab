"""Where the tensors live: an NVIDIA GPU (CUDA) when there is one, Apple silicon (MPS) on a
Mac, else the CPU.

    device = resolve("auto")             # a run's `device` setting
    with autocast(device): ...           # mixed precision on CUDA, a no-op elsewhere
    x = x.to(device_of(model))           # inputs go where the model's weights are

Inference (Test a photo, Inside, evaluation, feature extraction) uses `inference_device()`:
the `CNNLAB_DEVICE` environment variable (auto, cpu, cuda or mps), auto by default.
Checkpoints are always read onto the CPU first (`map_location="cpu"`), so a model trained on
a GPU opens on a laptop and the other way round.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

from core.i18n import _

if TYPE_CHECKING:  # torch costs seconds to import: the functions import it when called
    import torch
    from torch import nn

DEVICES = ("auto", "cpu", "cuda", "mps")


class DeviceUnavailable(ValueError):
    """A device was asked for that this computer does not have."""


def _has_mps() -> bool:
    import torch

    backend = getattr(torch.backends, "mps", None)
    return bool(backend is not None and backend.is_available())


def available() -> list[str]:
    """The devices this computer can train on, the CPU first."""
    import torch

    found = ["cpu"]
    if torch.cuda.is_available():
        found.append("cuda")
    if _has_mps():
        found.append("mps")
    return found


def resolve(name: str = "auto") -> torch.device:
    """The device for a setting: "auto" picks CUDA, then MPS, then the CPU."""
    import torch

    if name not in DEVICES:
        raise DeviceUnavailable(
            _("device must be one of {names}; not {value}.").format(
                names=", ".join(DEVICES), value=repr(name)
            )
        )
    if name == "auto":
        found = available()
        return torch.device("cuda" if "cuda" in found else "mps" if "mps" in found else "cpu")
    if name not in available():
        raise DeviceUnavailable(
            _("This computer has no {device} device; choose auto or cpu.").format(
                device=name.upper()
            )
        )
    return torch.device(name)


def inference_device() -> torch.device:
    """The device for predictions and looking inside models: CNNLAB_DEVICE, else auto."""
    import torch

    try:
        return resolve(os.environ.get("CNNLAB_DEVICE", "auto") or "auto")
    except DeviceUnavailable:
        return torch.device("cpu")  # a server set up for a GPU it lost still answers


def describe(device: torch.device) -> str:
    """The device in words, for a run's settings: "cuda (NVIDIA H200)", "cpu (2 cores)"."""
    import torch

    if device.type == "cuda":
        return f"cuda ({torch.cuda.get_device_name(device)})"
    if device.type == "mps":
        return "mps (Apple silicon)"
    return _("cpu ({cores} cores)").format(cores=os.cpu_count() or 1)


def device_of(model: nn.Module) -> torch.device:
    """Where a model's weights are (the CPU for a model without any)."""
    import torch

    for parameter in model.parameters():
        return parameter.device
    return torch.device("cpu")


def amp_dtype(device: torch.device) -> torch.dtype | None:
    """The mixed-precision type that helps on `device`: bfloat16 on a CUDA GPU that has it
    (no loss scaling needed), else float16; None (full precision) off CUDA, where autocast
    saves nothing on a CPU and MPS support is partial."""
    import torch

    if device.type != "cuda":
        return None
    return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16


@contextlib.contextmanager
def autocast(device: torch.device, enabled: bool = True) -> Iterator[None]:
    """Mixed precision for the forward pass and the loss on CUDA; nothing elsewhere."""
    import torch

    dtype = amp_dtype(device) if enabled else None
    if dtype is None:
        yield
        return
    with torch.autocast(device.type, dtype=dtype):
        yield


def grad_scaler(device: torch.device, enabled: bool = True) -> torch.amp.GradScaler | None:
    """A loss scaler when training in float16 (small gradients would underflow to zero)."""
    import torch

    if enabled and amp_dtype(device) == torch.float16:
        return torch.amp.GradScaler(device.type)
    return None
