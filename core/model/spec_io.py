"""Model specs from and to JSON, the one place that parses them: untrusted input is
size-limited, parsed, validated and never executed."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from core.errors import SpecError
from core.i18n import _
from core.model.registry import layer_class
from core.model.specs import MAX_LAYERS, LayerSpec, ModelSpec

MAX_SPEC_BYTES = 1_000_000
LAYER_EXAMPLE = '{"type": "conv2d", "params": {...}}'


def spec_from_bytes(data: bytes, source: str | None = None) -> ModelSpec:
    """A ModelSpec from JSON bytes (`source`: the file's name, for the messages); anything
    wrong raises SpecError with a clear message."""
    source = _("the file") if source is None else source
    if len(data) > MAX_SPEC_BYTES:
        raise SpecError(
            _("{source} is larger than {size} kB; it is not a spec.").format(
                source=source, size=MAX_SPEC_BYTES // 1000
            )
        )
    try:
        parsed = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise SpecError(
            _("{source} is not a text file; a spec is a JSON file.").format(source=source)
        ) from None
    except (json.JSONDecodeError, RecursionError) as error:
        raise SpecError(
            _("{source} is not valid JSON ({problem}).").format(
                source=source, problem=str(error)[:120]
            )
        ) from None
    return spec_from_json(parsed)


def load_spec_file(path: str | Path) -> ModelSpec:
    """A ModelSpec from a JSON file on disk."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_SPEC_BYTES:
            raise SpecError(
                _("{source} is larger than {size} kB; it is not a spec.").format(
                    source=path.name, size=MAX_SPEC_BYTES // 1000
                )
            )
        data = path.read_bytes()
    except OSError as error:
        raise SpecError(
            _("Cannot read {path}: {problem}.").format(path=path, problem=error.strerror or error)
        ) from None
    return spec_from_bytes(data, path.name)


def spec_to_bytes(spec: ModelSpec) -> bytes:
    return (json.dumps(spec.to_json(), indent=2) + "\n").encode("utf-8")


def layer_from_json(data: Any) -> LayerSpec:
    """A layer spec from `{"type": ..., "params": {...}}`; malformed input raises SpecError."""
    if not isinstance(data, dict) or not isinstance(data.get("type"), str):
        raise SpecError(
            _("A layer must be an object like {example}.").format(example=LAYER_EXAMPLE)
        )
    if set(data) - {"type", "params"}:
        unknown_keys = ", ".join(sorted(set(data) - {"type", "params"}))
        raise SpecError(_("Unknown keys in a layer: {keys}.").format(keys=unknown_keys))
    cls = layer_class(data["type"])
    params = data.get("params", {})
    if not isinstance(params, dict):
        raise SpecError(_("{layer} 'params' must be an object.").format(layer=cls.keras_name))
    # The parameters a student may set: not the class's own constants (keras_name, limits).
    fields = [f.name for f in dataclasses.fields(cls) if f.init]
    unknown = [name for name in params if name not in fields]
    if unknown:
        valid = ", ".join(fields)
        raise SpecError(
            _("{layer} has no parameter {name}. Valid: {valid}.").format(
                layer=cls.keras_name, name=repr(unknown[0]), valid=valid
            )
        )
    try:
        return cls(**params)
    except TypeError as error:  # a required parameter is missing
        raise SpecError(f"{cls.keras_name}: {error}.") from None


def spec_from_json(data: Any) -> ModelSpec:
    """Read a spec from parsed JSON; anything malformed raises SpecError, never more."""
    if not isinstance(data, dict):
        raise SpecError(_("A model spec must be a JSON object with 'input_shape' and 'layers'."))
    unknown = set(data) - {"name", "input_shape", "layers"}
    if unknown:
        raise SpecError(
            _("Unknown keys in the model spec: {keys}.").format(keys=", ".join(sorted(unknown)))
        )
    layers = data.get("layers", [])
    if not isinstance(layers, list):
        raise SpecError(_("'layers' must be a list."))
    if len(layers) > MAX_LAYERS:
        raise SpecError(
            _("The model has {count} layers; CNN Lab allows at most {limit}.").format(
                count=len(layers), limit=MAX_LAYERS
            )
        )
    shape = data.get("input_shape")
    if not isinstance(shape, list):
        raise SpecError(_("'input_shape' must be a list [channels, height, width]."))
    name = data.get("name", "model")
    if not isinstance(name, str) or len(name) > 64:
        raise SpecError(_("'name' must be a text of at most {limit} characters.").format(limit=64))
    parsed = []
    for index, layer in enumerate(layers):
        try:
            parsed.append(layer_from_json(layer))
        except SpecError as error:
            raise error.at(index, _("Layer {number}").format(number=index + 1)) from None
    return ModelSpec(input_shape=tuple(shape), layers=tuple(parsed), name=name)
