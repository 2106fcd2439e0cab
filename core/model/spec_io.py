"""Reading model specs from untrusted JSON: size-limited, parsed, validated, never executed."""

from __future__ import annotations

import json
from pathlib import Path

from core.errors import SpecError
from core.model.specs import ModelSpec

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
    return ModelSpec.from_json(parsed)


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
