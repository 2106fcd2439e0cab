"""Shape inference: the output size formula and every layer's shape, without torch."""

from __future__ import annotations

import math
from dataclasses import dataclass

from core.errors import ArchitectureError, ShapeError
from core.i18n import _, ngettext
from core.model.specs import LayerInfo, LayerSpec, ModelSpec, Shape


def conv_output_size(n: int, k: int, s: int = 1, p: int = 0, d: int = 1) -> int:
    """PyTorch's size rule for Conv2d and pooling: floor((n + 2p - d(k-1) - 1)/s) + 1."""
    return (n + 2 * p - d * (k - 1) - 1) // s + 1


def size_formula(n: int, k: int, s: int, p: int, d: int = 1) -> str:
    """The size rule with the actual numbers: floor((28 + 2*2 - 5) / 1) + 1 = 28."""
    out = conv_output_size(n, k, s, p, d)
    if d == 1:
        return f"floor(({n} + 2*{p} - {k}) / {s}) + 1 = {out}"
    return f"floor(({n} + 2*{p} - {d}*({k}-1) - 1) / {s}) + 1 = {out}"


def spatial_formula(h: int, w: int, k: int, s: int, p: int, d: int = 1) -> str:
    """`out = ...` for the height, and for the width too when it differs."""
    height = size_formula(h, k, s, p, d)
    if w != h:
        return _("out = {height}; width: {width}").format(
            height=height, width=size_formula(w, k, s, p, d)
        )
    return f"out = {height}"


def padding_to_fit(n: int, window: int) -> int:
    """The smallest symmetric padding that lets a window of this size fit at least once."""
    return max(0, math.ceil((window - n) / 2))


def require_image(spec: LayerSpec, in_shape: Shape) -> tuple[int, int, int]:
    """The (C, H, W) input of an image layer, or a ShapeError explaining why it is flat."""
    if len(in_shape) != 3:
        raise ShapeError(
            ngettext(
                "{layer} needs an image-shaped input (channels, height, width), but the "
                "previous layer gives a flat vector of {values} value.",
                "{layer} needs an image-shaped input (channels, height, width), but the "
                "previous layer gives a flat vector of {values} values.",
                in_shape[0],
            ).format(layer=spec.keras_name, values=in_shape[0]),
            suggestion=_("move this {layer} before the Flatten layer, or remove it.").format(
                layer=spec.keras_name
            ),
        )
    return in_shape


def require_flat(spec: LayerSpec, in_shape: Shape) -> int:
    """The length of a flat input, or a ShapeError saying to flatten first."""
    if len(in_shape) != 1:
        channels, height, width = in_shape
        raise ShapeError(
            # In words, not as "64x4x4": the builder shows shapes in PyTorch's or Keras's order.
            ngettext(
                "{layer} needs a flat vector, but receives {channels} feature map of "
                "{height}x{width}.",
                "{layer} needs a flat vector, but receives {channels} feature maps of "
                "{height}x{width}.",
                channels,
            ).format(layer=spec.keras_name, channels=channels, height=height, width=width),
            suggestion=_(
                "add a Flatten layer (or GlobalAveragePooling2D) before this {layer}."
            ).format(layer=spec.keras_name),
        )
    return in_shape[0]


def layer_names(spec: ModelSpec, first_suffix: int = 0) -> list[str]:
    """Keras's unique names: conv2d, max_pooling2d, conv2d_1, dense, dense_1, ...

    `first_suffix=1` gives the names runs saved before CNN Lab followed Keras (conv2d_1 for
    the first Conv2D); core.model.network reads such old checkpoints with them.
    """
    counts: dict[str, int] = {}
    names = []
    for layer in spec.layers:
        stem = layer.name_stem
        number = counts.get(stem, first_suffix)
        counts[stem] = number + 1
        names.append(f"{stem}_{number}" if number else stem)
    return names


def layer_label(index: int, layer: LayerSpec) -> str:
    """How errors and pages name a layer: "Layer 3 (Dense)", in the session's language."""
    return _("Layer {number} ({layer})").format(number=index + 1, layer=layer.keras_name)


@dataclass(frozen=True)
class InferredLayer:
    """One layer of a model with its name, input shape and what it computes."""

    index: int
    name: str
    spec: LayerSpec
    in_shape: Shape
    info: LayerInfo


def infer_shapes(spec: ModelSpec) -> list[InferredLayer]:
    """Every layer's input and output shape; raises ShapeError naming the first bad layer."""
    shape: Shape = spec.input_shape
    inferred = []
    for index, (name, layer) in enumerate(zip(layer_names(spec), spec.layers, strict=True)):
        try:
            info = layer.infer(shape)
        except ArchitectureError as error:
            raise error.at(index, layer_label(index, layer)) from None
        inferred.append(InferredLayer(index, name, layer, shape, info))
        shape = info.out_shape
    return inferred


def output_shape(spec: ModelSpec) -> Shape:
    layers = infer_shapes(spec)
    return layers[-1].info.out_shape if layers else spec.input_shape
