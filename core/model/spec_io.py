"""Model specs from and to JSON, the one place that parses them: untrusted input is
size-limited, parsed, validated and never executed."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from core.errors import SpecError
from core.model.registry import layer_class
from core.model.specs import MAX_LAYERS, LayerSpec, ModelSpec

MAX_SPEC_BYTES = 1_000_000


def spec_from_bytes(data: bytes, source: str = "the file") -> ModelSpec:
    """A ModelSpec from JSON bytes; anything wrong raises SpecError with a clear message."""
    if len(data) > MAX_SPEC_BYTES:
        raise SpecError(f"{source} is larger than {MAX_SPEC_BYTES // 1000} kB; it is not a spec.")
    try:
        parsed = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise SpecError(f"{source} is not a text file; a spec is a JSON file.") from None
    except (json.JSONDecodeError, RecursionError) as error:
        raise SpecError(f"{source} is not valid JSON ({str(error)[:120]}).") from None
    return spec_from_json(parsed)


def load_spec_file(path: str | Path) -> ModelSpec:
    """A ModelSpec from a JSON file on disk."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_SPEC_BYTES:
            raise SpecError(f"{path.name} is larger than {MAX_SPEC_BYTES // 1000} kB; not a spec.")
        data = path.read_bytes()
    except OSError as error:
        raise SpecError(f"Cannot read {path}: {error.strerror or error}.") from None
    return spec_from_bytes(data, path.name)


def spec_to_bytes(spec: ModelSpec) -> bytes:
    return (json.dumps(spec.to_json(), indent=2) + "\n").encode("utf-8")


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
    # The parameters a student may set: not the class's own constants (keras_name, limits).
    fields = [f.name for f in dataclasses.fields(cls) if f.init]
    unknown = [name for name in params if name not in fields]
    if unknown:
        valid = ", ".join(fields)
        raise SpecError(f"{cls.keras_name} has no parameter {unknown[0]!r}. Valid: {valid}.")
    try:
        return cls(**params)
    except TypeError as error:  # a required parameter is missing
        raise SpecError(f"{cls.keras_name}: {error}.") from None


def spec_from_json(data: Any) -> ModelSpec:
    """Read a spec from parsed JSON; anything malformed raises SpecError, never more."""
    if not isinstance(data, dict):
        raise SpecError("A model spec must be a JSON object with 'input_shape' and 'layers'.")
    unknown = set(data) - {"name", "input_shape", "layers"}
    if unknown:
        raise SpecError(f"Unknown keys in the model spec: {', '.join(sorted(unknown))}.")
    layers = data.get("layers", [])
    if not isinstance(layers, list):
        raise SpecError("'layers' must be a list.")
    if len(layers) > MAX_LAYERS:
        raise SpecError(f"The model has {len(layers)} layers; CNN Lab allows at most {MAX_LAYERS}.")
    shape = data.get("input_shape")
    if not isinstance(shape, list):
        raise SpecError("'input_shape' must be a list [channels, height, width].")
    name = data.get("name", "model")
    if not isinstance(name, str) or len(name) > 64:
        raise SpecError("'name' must be a text of at most 64 characters.")
    parsed = []
    for index, layer in enumerate(layers):
        try:
            parsed.append(layer_from_json(layer))
        except SpecError as error:
            raise error.at(index, f"Layer {index + 1}") from None
    return ModelSpec(input_shape=tuple(shape), layers=tuple(parsed), name=name)
