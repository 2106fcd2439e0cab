"""Small models around one layer, for checks that go layer type by layer type."""

from __future__ import annotations

from core.errors import ShapeError
from core.model.layers.conv import Conv2D
from core.model.layers.dense import Flatten
from core.model.specs import LayerSpec, ModelSpec


def one_layer_model(layer: LayerSpec) -> ModelSpec:
    """A small model with this layer, fed the input it needs (a flat vector for Dense)."""
    try:
        layer.infer((4, 10, 10))
    except ShapeError:  # a layer that needs a flat input, like Dense
        return ModelSpec((3, 12, 12), (Flatten(), layer))
    return ModelSpec((3, 12, 12), (Conv2D(filters=4, kernel_size=3), layer))


def chained_model(layers: list[LayerSpec]) -> ModelSpec:
    """One model with every layer of `layers` in turn after a convolution (each takes an
    image): one export checks them all, where a model each costs an export each."""
    return ModelSpec((3, 16, 16), (Conv2D(filters=4, kernel_size=3), *layers))
