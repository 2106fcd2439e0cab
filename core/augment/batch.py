"""Random crop with padding and flips for a whole uint8 batch at once.

The per-item torchvision v2 path costs ~0.5-1 ms per 32x32 image; the standard CIFAR recipe
(pad, random crop back to the same size, random flips) costs a few µs per image this way:

    plan = BatchAugment.plan(config.augment, (3, 32, 32))  # None: use the per-item path
    x = plan(images_uint8)  # (N, C, H, W) uint8, every image with its own offsets / flips

Each image draws what v2.RandomCrop / v2.RandomHorizontalFlip would (offsets uniform in
0..2*padding, a flip when rand < p) from torch's global generator, which `fit` seeds.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from core.augment.geometry import HorizontalFlip, RandomCrop, VerticalFlip
from core.augment.pipeline import Pipeline

# The spec's padding modes as torch.nn.functional.pad names (what `Crop` reproduces);
# "symmetric" (which repeats the edge pixel when it reflects) is left to torchvision.
PAD_MODES = {"constant": "constant", "edge": "replicate", "reflect": "reflect"}
# The v2 transform each supported step must build: anything else (e.g. a RandomApply
# probability wrapper) means semantics this module does not reproduce.
_V2_NAME = {
    RandomCrop: "RandomCrop",
    HorizontalFlip: "RandomHorizontalFlip",
    VerticalFlip: "RandomVerticalFlip",
}


@dataclass(frozen=True)
class Crop:
    """Pad by `padding` on every side, then cut a window of the original size."""

    padding: int
    mode: str  # a torch.nn.functional.pad mode


@dataclass(frozen=True)
class Flip:
    """Mirror along `dim` (-1: left/right, -2: top/bottom) with probability `p`."""

    p: float
    dim: int


Op = Crop | Flip


@dataclass(frozen=True)
class BatchAugment:
    """The pipeline's steps, in order, as batched tensor operations."""

    ops: tuple[Op, ...]

    @classmethod
    def plan(cls, augment: dict | None, shape: tuple[int, ...]) -> BatchAugment | None:
        """The batched form of pipeline JSON for (C, H, W) images, or None if it has none."""
        steps = Pipeline.from_dict(augment).steps if augment else ()
        height, width = shape[-2:]
        ops: list[Op] = []
        for step in steps:
            name = _V2_NAME.get(type(step))
            if name is None or [call.name for call in step.calls(train=True)] != [name]:
                return None
            if isinstance(step, RandomCrop):
                # A different size changes the shape; reflect needs padding < side (else
                # v2 raises, and so should we, by leaving it to the per-item path).
                mode = PAD_MODES.get(step.padding_mode)
                if step.size != height or step.size != width or mode is None:
                    return None
                if mode == "reflect" and step.padding >= min(height, width):
                    return None
                if step.padding:  # padding 0: v2 crops the whole image, i.e. nothing
                    ops.append(Crop(step.padding, mode))
            else:
                assert isinstance(step, HorizontalFlip | VerticalFlip)
                ops.append(Flip(step.p, -1 if isinstance(step, HorizontalFlip) else -2))
        return cls(tuple(ops))

    def draw(self, n: int, generator: torch.Generator | None = None) -> list[torch.Tensor]:
        """Per-image parameters of each op: (2, n) crop offsets (top, left) or (n,) flips."""
        drawn = []
        for op in self.ops:
            if isinstance(op, Crop):  # as v2.RandomCrop: randint(0, padded - size + 1)
                drawn.append(torch.randint(0, 2 * op.padding + 1, (2, n), generator=generator))
            else:  # as v2's flips: applied when rand < p
                drawn.append(torch.rand(n, generator=generator) < op.p)
        return drawn

    def apply(self, images: torch.Tensor, drawn: list[torch.Tensor]) -> torch.Tensor:
        """`images` (N, C, H, W) with the ops applied in order with the drawn parameters.

        Crops and flips only move pixels, and each moves rows and columns separately, so the
        whole pipeline is one source row per output row and one source column per output
        column (per image): a single gather from the unpadded batch, no padded copy.
        """
        if not self.ops:
            return images
        n, c, h, w = images.shape
        rows, rows_in = self._trace(drawn, n, h, axis=0)
        cols, cols_in = self._trace(drawn, n, w, axis=1)
        flat = (rows[:, :, None] * w + cols[:, None, :]).view(n, 1, h * w).expand(n, c, h * w)
        out = images.reshape(n, c, h * w).gather(2, flat).view(n, c, h, w)
        if rows_in is not None and cols_in is not None:  # constant padding: black outside
            out.masked_fill_(~(rows_in[:, None, :, None] & cols_in[:, None, None, :]), 0)
        return out

    def _trace(
        self, drawn: list[torch.Tensor], n: int, size: int, axis: int
    ) -> tuple[torch.Tensor, torch.Tensor | None]:
        """Each image's source index along `axis` for every output index (walking the ops
        backwards) and, with constant padding, whether that source lies inside the image."""
        index = torch.arange(size).expand(n, size)
        inside: torch.Tensor | None = None
        for op, params in zip(reversed(self.ops), reversed(drawn), strict=True):
            if isinstance(op, Flip):
                if op.dim == axis - 2:  # dims -2, -1 are axes 0 (rows), 1 (columns)
                    index = torch.where(params[:, None], size - 1 - index, index)
                continue
            # Output i of the crop is i + offset in the padded image: i + offset - padding here.
            index = index + params[axis][:, None] - op.padding
            if op.mode == "constant":
                ok = (index >= 0) & (index < size)
                inside = ok if inside is None else inside & ok
                index = index.clamp(0, size - 1)  # any valid place: masked black later
            elif op.mode == "replicate":
                index = index.clamp(0, size - 1)
            else:  # reflect without repeating the edge; padding < size, so one bounce is enough
                index = index.abs()
                index = torch.where(index > size - 1, 2 * (size - 1) - index, index)
        return index, inside

    def __call__(
        self, images: torch.Tensor, generator: torch.Generator | None = None
    ) -> torch.Tensor:
        return self.apply(images, self.draw(len(images), generator))
