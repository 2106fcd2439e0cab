"""How much memory a model needs, from its summary alone, and the check that refuses a model
too large for this machine before anything is allocated.

Training keeps every layer's output for the backward pass, so memory grows with the batch:

    weights, their gradients and two optimiser states:   4 x parameters x 4 bytes
    layer outputs kept for backward, and their gradients: 2 x batch x values per image x 4 bytes

The layer outputs counted come within about 1.5x of what PyTorch really keeps for backward
(tests/core/model/test_memory.py measures it); its workspace comes on top, so a model over the
estimate cannot fit.
The limit is half of this machine's memory (its container's, when it has a limit), or
`CNNLAB_MAX_MODEL_MB` megabytes when that is set.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

from core.errors import SpecError
from core.i18n import _, ngettext
from core.model.summary import ModelSummary

BYTES = 4  # float32
# A residual block keeps about this many maps of its output's size: two convolutions, two
# BatchNorms, the ReLUs and the sum. A bottleneck's first six maps have a quarter of its
# output channels (1x1 and 3x3 convolutions, BatchNorms, ReLUs): 6/4 + 4 more at full width.
# MobileNetV2's block keeps six maps of its widened channels (t = 6 times its input's, at the
# input's size before a stride 2) and two at its output: 20 to 60 of its output's size, 30 on
# average over MobileNetV2 (0.96 of what autograd keeps: tests/core/model/test_memory.py).
INSIDE_BLOCK = {"ResidualBlock": 7, "BottleneckBlock": 6, "InvertedResidualBlock": 30}
FALLBACK_MEMORY = 8 * 2**30  # when the machine's memory cannot be read


def values_per_image(summary: ModelSummary) -> int:
    """Numbers every layer outputs for one image (input, built-in activations and blocks in)."""
    total = math.prod(summary.input_shape)
    for row in summary.rows:
        maps = INSIDE_BLOCK.get(row.keras_type, 1) + (1 if row.activation else 0)
        total += maps * math.prod(row.output_shape)
    return total


def memory_needed(summary: ModelSummary, batch_size: int = 1, training: bool = True) -> int:
    """Bytes to train on (or, `training` False, to run) batches of `batch_size` images."""
    if training:
        return 4 * summary.total_params * BYTES + 2 * batch_size * values_per_image(summary) * BYTES
    return summary.total_params * BYTES + batch_size * values_per_image(summary) * BYTES


def _machine_memory() -> int:
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):  # no sysconf (Windows)
        total = FALLBACK_MEMORY
    for limit_file in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        try:
            text = Path(limit_file).read_text().strip()
        except OSError:
            continue
        if text.isdigit() and 0 < int(text) < total:
            total = int(text)
    return total


def memory_limit() -> int:
    """The most bytes one model may need: `CNNLAB_MAX_MODEL_MB`, else half the memory."""
    configured = os.environ.get("CNNLAB_MAX_MODEL_MB", "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured) * 2**20
    return _machine_memory() // 2


def _size(n: float) -> str:
    return f"{n / 2**30:,.1f} GiB" if n >= 2**30 else f"{n / 2**20:,.0f} MiB"


def check_memory(
    summary: ModelSummary, batch_size: int = 1, training: bool = True, limit: int | None = None
) -> None:
    """Raise SpecError, before anything is allocated, when the model cannot fit in memory."""
    limit = memory_limit() if limit is None else limit
    needed = memory_needed(summary, batch_size, training)
    if needed <= limit:
        return
    per_image = memory_needed(summary, 2, training) - memory_needed(summary, 1, training)
    fits = (limit - memory_needed(summary, 0, training)) // per_image
    if training:
        message = _(
            "Training this model with batches of {batch} needs about {needed} of memory "
            "({values} values per image in the layers' outputs); this machine allows {limit} "
            "per model."
        )
    else:
        message = ngettext(
            "Running this model on {batch} image needs about {needed} of memory ({values} "
            "values per image in the layers' outputs); this machine allows {limit} per model.",
            "Running this model on {batch} images needs about {needed} of memory ({values} "
            "values per image in the layers' outputs); this machine allows {limit} per model.",
            batch_size,
        )
    suggestion = (
        _(
            "use a batch size of at most {fits}, or fewer filters, a smaller input, or a stride "
            "or pooling early to shrink the feature maps."
        )
        if training and fits >= 1
        else _(
            "use fewer filters, a smaller input, or a stride or pooling early to shrink the "
            "feature maps."
        )
    )
    raise SpecError(
        message.format(
            batch=batch_size,
            needed=_size(needed),
            values=f"{values_per_image(summary):,}",
            limit=_size(limit),
        ),
        suggestion=suggestion.format(fits=fits),
    )
