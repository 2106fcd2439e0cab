"""Augmentation pipelines: specs -> `torchvision.transforms.v2`, seeded previews, code export.

One `Pipeline` (an ordered tuple of specs, see `core.augment.steps`) feeds the preview, the
exported code and training, so what the student previews is exactly what trains:

    pipeline = Pipeline.from_json(text)
    transform = build_transform(pipeline)          # PIL image -> float tensor (C, H, W)
    tiles = preview(pipeline, image, n=8, seed=0)   # the same transform, parameters recorded

Random parameters are drawn the torchvision way (`make_params`, then a deterministic
`transform`); the preview makes those two calls itself, in the order `forward` does, so it
can label each tile with what was drawn while consuming the random stream identically.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from PIL import Image

from core.augment.pipeline import Pipeline
from core.augment.specs import COLOUR, LAB_TRANSFORMS, NOISE, AugmentError, Call, Expr
from core.augment.steps import Normalize, SamplewiseNormalize
from core.i18n import _, ngettext
from core.images import ImageError, open_rgb
from core.source import definition_source

if TYPE_CHECKING:
    from torch import Tensor

MAX_TILES = 64
# torch's random generator is global; previews from two sessions must not interleave.
_RNG_LOCK = threading.Lock()


def _parts(pipeline: Pipeline, train: bool) -> list[tuple[int | None, Call]]:
    """The Compose's transforms, each with the index of the step it comes from."""
    parts: list[tuple[int | None, Call]] = [
        (None, Call.of("ToImage")),
        (None, Call.of("ToDtype", Expr("torch.float32"), scale=True)),
    ]
    for index, step in enumerate(pipeline.steps):
        parts += [(index, call) for call in step.calls(train)]
    return parts


def build_transform(pipeline: Pipeline, *, train: bool = True) -> Any:
    """A `v2.Compose`: PIL image -> float32 tensor (C, H, W) in 0..1, then the steps.

    With train=False random steps are dropped and size-setting ones become deterministic
    (random crop -> centre crop, random resized crop -> resize), so shapes still match.
    """
    from torchvision.transforms import v2

    return v2.Compose([call.build() for _, call in _parts(pipeline, train)])


def export_code(pipeline: Pipeline) -> str:
    """Runnable Python that builds the same `train_transform` and `eval_transform`."""
    lines = [
        '"""Augmentation pipeline exported from CNN Lab (torchvision.transforms.v2)."""',
        "",
        "import torch",
        "from torchvision.transforms import v2",
        "",
        "# The pipeline as JSON, to load back into the lab:",
        f"# {pipeline.to_json(indent=None)}",
    ]
    used = {call.name for _, call in _parts(pipeline, True)} & LAB_TRANSFORMS
    lines += [part for name in sorted(used) for part in ("", "", _lab_source(name))]
    for name, train in (("train_transform", True), ("eval_transform", False)):
        lines += ["", f"{name} = v2.Compose(", "    ["]
        for index, call in _parts(pipeline, train):
            if index is not None:
                step = pipeline.steps[index]
                lines.append(f"        # {index + 1}. {step.title}: {step.settings()}")
            lines.append(f"        {call.code()},")
        lines += ["    ]", ")"]
    lines += [
        "",
        'if __name__ == "__main__":',
        "    import sys",
        "",
        "    from PIL import Image",
        "",
        "    torch.manual_seed(0)  # the same seed gives the same augmented image",
        '    x = train_transform(Image.open(sys.argv[1]).convert("RGB"))',
        "    print(tuple(x.shape), x.dtype, float(x.min()), float(x.max()))",
    ]
    return "\n".join(lines) + "\n"


def _lab_source(name: str) -> str:
    """The source of a core.augment.lab_transforms class, read without importing torch."""
    return definition_source(Path(__file__).with_name("lab_transforms.py"), name)


@dataclass(frozen=True)
class PreviewTile:
    """One augmented version of the image and what was drawn to make it.

    `params` maps "1.rotation" (step number and type) to the values drawn for that step
    with "applied" saying whether its probability fired; `labels` puts them in words (in the
    session's language: a cache of tiles must be keyed on the language too).
    `tensor` is what training would see; `image` is it as a picture (un-normalised).
    `torch.manual_seed(seed); build_transform(pipeline)(original)` reproduces `tensor`.
    """

    image: Image.Image
    params: dict[str, dict[str, Any]]
    labels: tuple[str, ...]
    seed: int
    tensor: Tensor


def tile_seed(seed: int, index: int) -> int:
    """Tile `index`'s own seed: independent of the others, and a new `seed` changes all."""
    return int(np.random.SeedSequence([seed, index]).generate_state(1)[0])


def _apply_recorded(transform: Any, x: Any) -> tuple[Any, dict[str, Any]]:
    """Run one v2 transform as its `forward` would, returning what `make_params` drew."""
    import torch
    from torchvision.transforms import v2
    from torchvision.transforms.v2._transform import _RandomApplyTransform  # flips' forward

    forward = type(transform).forward
    if forward is v2.RandomApply.forward:
        if torch.rand(1) >= transform.p:
            return x, {"applied": False}
        record: dict[str, Any] = {"applied": True}
        for inner in transform.transforms:
            x, inner_record = _apply_recorded(inner, x)
            record.update(inner_record)
        return x, record
    if forward is _RandomApplyTransform.forward:
        transform.check_inputs([x])
        if torch.rand(1) >= transform.p:
            return x, {"applied": False}
    elif forward is v2.Transform.forward:
        transform.check_inputs([x])
    else:  # a forward this function does not know: run it as is (exact, but unlabelled)
        return transform(x), {"applied": True}
    params = transform.make_params([x])
    return transform.transform(x, params), {"applied": True, **params}


def to_picture(tensor: Tensor, pipeline: Pipeline) -> Image.Image:
    """A float tensor as a picture: normalise steps undone (in reverse), clipped to 0..1."""
    import torch

    x = tensor.detach().clone().float()
    for step in reversed(pipeline.steps):
        if isinstance(step, Normalize):
            mean = torch.tensor(step.mean).view(-1, 1, 1)
            std = torch.tensor(step.std).view(-1, 1, 1)
            x = x * std + mean
    if any(isinstance(step, SamplewiseNormalize) for step in pipeline.steps):
        x = (x - x.min()) / (x.max() - x.min()).clamp(min=1e-6)  # its own scale, to be seen
    array = (x.clamp(0, 1) * 255).round().to(torch.uint8).permute(1, 2, 0).numpy()
    if array.shape[2] == 1:
        return Image.fromarray(array[:, :, 0], mode="L")
    return Image.fromarray(array[:, :, :3], mode="RGB")


def _channels(image: Image.Image) -> int:
    return 1 if image.mode in ("1", "L", "I", "I;16", "F") else 3


def _check_fits(pipeline: Pipeline, image: Image.Image) -> None:
    channels = _channels(image)
    for index, step in enumerate(pipeline.steps, start=1):
        if isinstance(step, Normalize) and len(step.mean) not in (1, channels):
            raise AugmentError(
                ngettext(
                    "Step {index} (normalise) has {means} means but the image has {channels} "
                    "channel: give 1 or {channels} values.",
                    "Step {index} (normalise) has {means} means but the image has {channels} "
                    "channels: give 1 or {channels} values.",
                    channels,
                ).format(index=index, means=len(step.mean), channels=channels)
            )


def preview(pipeline: Pipeline, image: Image.Image, n: int = 8, seed: int = 0) -> list[PreviewTile]:
    """N augmented versions of `image`, each labelled with the parameters actually drawn."""
    import torch

    if not 1 <= n <= MAX_TILES:
        raise AugmentError(
            _("Ask for between 1 and {most} tiles, not {n}.").format(most=MAX_TILES, n=n)
        )
    _check_fits(pipeline, image)
    compose = build_transform(pipeline)
    owners = [index for index, _call in _parts(pipeline, True)]
    tiles = []
    with _RNG_LOCK, torch.random.fork_rng(devices=[]):  # leave the caller's RNG untouched
        for tile in range(n):
            tile_rng = tile_seed(seed, tile)
            torch.manual_seed(tile_rng)
            x: Any = image
            records: dict[str, dict[str, Any]] = {}
            labels = []
            for owner, transform in zip(owners, compose.transforms, strict=True):
                try:
                    x, raw = _apply_recorded(transform, x)
                except (ValueError, RuntimeError, TypeError, IndexError) as error:
                    reason = str(error)[:200]
                    if owner is None:
                        message = _("(conversion) failed: {reason}").format(reason=reason)
                    else:
                        message = _("Step {index} ({title}) failed: {reason}").format(
                            index=owner + 1, title=_(pipeline.steps[owner].title), reason=reason
                        )
                    raise AugmentError(message) from None
                if owner is None:
                    continue
                step = pipeline.steps[owner]
                key = f"{owner + 1}.{step.type}"
                if raw["applied"]:
                    drawn = step.drawn(raw)
                    labels.append(step.describe(drawn))
                else:
                    drawn = {}
                    labels.append(
                        _("{name}: skipped (p={p:g})").format(
                            name=_(step.short), p=getattr(step, "p", 1.0)
                        )
                    )
                records[key] = {"applied": raw["applied"], **drawn}
            tensor = x.as_subclass(torch.Tensor)
            picture = to_picture(tensor, pipeline)
            tiles.append(PreviewTile(picture, records, tuple(labels), tile_rng, tensor))
    return tiles


def load_image(data: bytes, max_side: int = 256) -> Image.Image:
    """Decode an uploaded file into RGB, shrunk to `max_side` for a snappy preview.

    Corrupt files, non-images and decompression bombs raise AugmentError.
    """

    try:
        image = open_rgb(data, max_side=max(max_side, 1))
    except ImageError as error:
        raise AugmentError(_("This file {error}.").format(error=error)) from None
    return shrink(image, max_side)


def shrink(image: Image.Image, max_side: int = 256) -> Image.Image:
    """The image scaled down (aspect kept) so its longer side is at most `max_side`."""
    if max(image.size) <= max_side:
        return image
    scale = max_side / max(image.size)
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.resize(size, Image.Resampling.LANCZOS)


def advice(pipeline: Pipeline) -> list[str]:
    """Friendly warnings about an order of steps that probably is not what was meant, in the
    session's language."""
    notes = []
    normalised_at = None
    for index, step in enumerate(pipeline.steps, start=1):
        if isinstance(step, Normalize):
            normalised_at = normalised_at or index
        elif normalised_at and step.group in (COLOUR, NOISE):
            notes.append(
                _(
                    "Step {index} ({title}) comes after normalise (step {normalised}): it sees "
                    "values around 0 instead of 0..1. Put normalise last."
                ).format(index=index, title=_(step.title), normalised=normalised_at)
            )
    sizes = [i for i, step in enumerate(pipeline.steps, start=1) if step.sets_size]
    if len(sizes) > 1:
        notes.append(
            _("Steps {steps} all set the image size; the last one wins.").format(
                steps=", ".join(map(str, sizes))
            )
        )
    return notes
