"""The errors an architecture can raise: they name the layer, say why, and suggest a fix."""

from __future__ import annotations

from core.i18n import _


class ArchitectureError(ValueError):
    """A model spec that cannot be built.

    `layer_index` is 0-based (None when the problem is the model as a whole); `layer_label`
    is how the page names the layer, e.g. "layer 3 (Dense)".
    """

    def __init__(
        self,
        message: str,
        *,
        layer_index: int | None = None,
        layer_label: str = "",
        suggestion: str = "",
    ) -> None:
        self.message = message
        self.layer_index = layer_index
        self.layer_label = layer_label
        self.suggestion = suggestion
        super().__init__(self.describe())

    def describe(self) -> str:
        """The full sentence the page and the CLI show (in the language of the moment)."""
        text = self.message
        if self.suggestion:
            text = _("{message} Suggestion: {suggestion}").format(
                message=text, suggestion=self.suggestion
            )
        return f"{self.layer_label}: {text}" if self.layer_label else text

    def at(self, index: int, label: str) -> ArchitectureError:
        """The same error, placed at layer `index` (used when a layer's own check fails)."""
        return type(self)(
            self.message, layer_index=index, layer_label=label, suggestion=self.suggestion
        )


class SpecError(ArchitectureError):
    """A parameter value or JSON document that is not a valid spec."""


class ShapeError(ArchitectureError):
    """Layers whose shapes do not fit together (e.g. an output smaller than 1x1)."""
