"""The built-in layer types; importing this package registers them in page order."""

from core.model.layers import conv, dense, activations, lrn, residual, mobilenet  # noqa: F401, I001  (page order)
