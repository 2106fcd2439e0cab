"""LocalResponseNormalization: AlexNet's NORM layers (PyTorch nn.LocalResponseNorm).

Each value is divided by (k + alpha/n * sum of squares over n neighbouring channels)^beta, so
a strong response dims its neighbours ("lateral inhibition"). It has nothing to learn.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from core.i18n import _
from core.model.shapes import require_image
from core.model.specs import LayerInfo, LayerSpec, Shape, register

if TYPE_CHECKING:
    from torch import nn


@register
@dataclass(frozen=True, kw_only=True)
class LocalResponseNormalization(LayerSpec):
    """AlexNet's settings by default: n = 5 channels, alpha = 1e-4, beta = 0.75, k = 2."""

    type: ClassVar[str] = "lrn"
    keras_name: ClassVar[str] = "LocalResponseNormalization"
    torch_name: ClassVar[str] = "nn.LocalResponseNorm"
    name_stem: ClassVar[str] = "local_response_normalization"
    limits: ClassVar[dict[str, tuple[float, float]]] = {
        "size": (1, 64),
        "alpha": (0.0, 1.0),
        "beta": (0.0, 4.0),
        "k": (0.0, 100.0),
    }

    size: int = 5
    alpha: float = 1e-4
    beta: float = 0.75
    k: float = 2.0

    def infer(self, in_shape: Shape) -> LayerInfo:
        require_image(self, in_shape)
        shape_formula = _(
            "same shape; x / ({k} + {alpha}/{size} * sum of x² over {size} channels)^{beta}"
        ).format(k=f"{self.k:g}", alpha=f"{self.alpha:g}", size=self.size, beta=f"{self.beta:g}")
        return LayerInfo(in_shape, 0, 0, shape_formula, _("0 (nothing to learn)"))

    def code(self, in_shape: Shape) -> str:
        settings = f"alpha={self.alpha!r}, beta={self.beta!r}, k={self.k!r}"
        return f"nn.LocalResponseNorm({self.size}, {settings})"

    def build(self, in_shape: Shape) -> nn.Module:
        from torch import nn

        return nn.LocalResponseNorm(self.size, alpha=self.alpha, beta=self.beta, k=self.k)

    def describe(self) -> str:
        return f"n={self.size}, alpha={self.alpha:g}, beta={self.beta:g}, k={self.k:g}"
