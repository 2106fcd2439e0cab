"""One table from layer type name to its spec class; registering a name twice raises."""

from __future__ import annotations

from typing import Any

from core.errors import SpecError
from core.model.specs import LayerSpec

LAYER_TYPES: dict[str, type[LayerSpec]] = {}


def register(cls: type[LayerSpec]) -> type[LayerSpec]:
    """Class decorator that adds a layer spec to the registry under `cls.type`."""
    if cls.type in LAYER_TYPES:
        raise ValueError(f"layer type {cls.type!r} is registered twice")
    LAYER_TYPES[cls.type] = cls
    return cls


def layer_types() -> dict[str, type[LayerSpec]]:
    """Every registered layer type, in the order the page offers them."""
    import core.model.layers  # noqa: F401  (registers the built-in layers)

    return LAYER_TYPES


def layer_class(type_name: str) -> type[LayerSpec]:
    types = layer_types()
    if type_name not in types:
        known = ", ".join(sorted(types))
        raise SpecError(f"Unknown layer type {type_name!r}. Known types: {known}.")
    return types[type_name]


def layer_from_json(data: Any) -> LayerSpec:
    """A layer spec from `{"type": ..., "params": {...}}`; malformed input raises SpecError."""
    if not isinstance(data, dict) or not isinstance(data.get("type"), str):
        raise SpecError('A layer must be an object like {"type": "conv2d", "params": {...}}.')
    if set(data) - {"type", "params"}:
        raise SpecError(
            f"Unknown keys in a layer: {', '.join(sorted(set(data) - {'type', 'params'}))}."
        )
    cls = layer_class(data["type"])
    params = data.get("params", {})
    if not isinstance(params, dict):
        raise SpecError(f"{cls.keras_name} 'params' must be an object.")
    fields = cls.__dataclass_fields__
    unknown = [name for name in params if name not in fields]
    if unknown:
        valid = ", ".join(name for name in fields)
        raise SpecError(f"{cls.keras_name} has no parameter {unknown[0]!r}. Valid: {valid}.")
    try:
        return cls(**params)
    except TypeError as error:  # a required parameter is missing
        raise SpecError(f"{cls.keras_name}: {error}.") from None
