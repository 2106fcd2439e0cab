"""The layer types the lab knows, by name; importing this module registers the built-in ones."""

from __future__ import annotations

import core.model.layers  # noqa: F401  (registers the built-in layers, in page order)
from core.errors import SpecError
from core.i18n import _
from core.model.specs import LAYER_TYPES, LayerSpec


def layer_types() -> dict[str, type[LayerSpec]]:
    """Every registered layer type, in the order the page offers them."""
    return LAYER_TYPES


def layer_class(type_name: str) -> type[LayerSpec]:
    if type_name not in LAYER_TYPES:
        known = ", ".join(sorted(LAYER_TYPES))
        raise SpecError(
            _("Unknown layer type {name}. Known types: {known}.").format(
                name=repr(type_name), known=known
            )
        )
    return LAYER_TYPES[type_name]
