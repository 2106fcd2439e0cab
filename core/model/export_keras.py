"""Keras code for a spec, as the course writes it: `Sequential()`, `model.add(...)`,
`model.summary()`. Channels last, as Keras works; the summary it prints has the same
Output Shape (in Keras's order) and Param # as the lab's (tests run it under real Keras).

Where Keras and PyTorch differ the code says so: BatchNormalization gets PyTorch's epsilon
and momentum; a PyTorch padding Keras cannot name becomes a ZeroPadding2D layer; the
weights start from Keras's own initialisers unless the spec names one.
"""

from __future__ import annotations

from pathlib import Path

from core.model.layers.activations import ELU, LeakyReLU, ReLU
from core.model.layers.conv import AveragePooling2D, Conv2D, MaxPooling2D
from core.model.layers.dense import Dense, Dropout
from core.model.layers.lrn import LocalResponseNormalization
from core.model.layers.mobilenet import DepthwiseConv2D, InvertedResidualBlock
from core.model.layers.residual import BottleneckBlock, ResidualBlock
from core.model.shapes import InferredLayer, conv_output_size, infer_shapes
from core.model.specs import ModelSpec, format_keras_shape
from core.source import definition_source

CUSTOM = (
    "LocalResponseNormalization",
    "ResidualBlock",
    "BottleneckBlock",
    "InvertedResidualBlock",
)
KERAS_ACTIVATION_LAYERS = {
    "ReLU": "layers.ReLU()",
    "Sigmoid": 'layers.Activation("sigmoid")',
    "Tanh": 'layers.Activation("tanh")',
    "Softmax": "layers.Softmax()",
}


def _source(name: str) -> str:
    """A function or class of core.model.keras_blocks, read as text (Keras is not imported)."""
    return definition_source(Path(__file__).with_name("keras_blocks.py"), name)


def _padding(n: int, window: int, stride: int, padding: int | str) -> str | int:
    """Keras's name for a PyTorch padding, or the number when Keras has no name for it."""
    if padding in ("same", "valid"):
        return padding
    if padding == 0:
        return "valid"
    if conv_output_size(n, window, stride, int(padding)) == -(-n // stride):
        return "same"  # the same output size as Keras's 'same' (its split may differ by one)
    return int(padding)


def _after_padding(pad: str | int, line: str) -> list[str]:
    """`line`, after a ZeroPadding2D when Keras has no name for the padding (a number)."""
    return [f"layers.ZeroPadding2D({pad})", line] if isinstance(pad, int) else [line]


def _options(layer: InferredLayer, **options: object) -> str:
    spec = layer.spec
    if not spec.trainable:
        options["trainable"] = False
    return ", ".join(f"{key}={value!r}" for key, value in options.items() if value is not None)


def _initializer(name: str) -> str | None:
    """Keras's kernel_initializer argument: left out for the default (Keras's own)."""
    return None if name == "default" else name


def _activation(name: str | None) -> str | None:
    return "leaky_relu_001" if name == "leaky_relu" else name


def _lines(layer: InferredLayer) -> list[str]:
    """The `layers.X(...)` expressions of one summary row (two with a ZeroPadding2D)."""
    spec, n = layer.spec, layer.in_shape[-1]
    kind = spec.keras_name
    if isinstance(spec, Conv2D):
        pad = _padding(n, spec.window, spec.stride, spec.padding)
        options = _options(
            layer,
            strides=(spec.stride, spec.stride) if spec.stride != 1 else None,
            padding=pad if isinstance(pad, str) else "valid",
            dilation_rate=spec.dilation if spec.dilation != 1 else None,
            activation=_activation(spec.activation),
            use_bias=None if spec.use_bias else False,
            kernel_initializer=_initializer(spec.kernel_initializer),
        )
        conv = f"layers.Conv2D({spec.filters}, ({spec.kernel_size}, {spec.kernel_size}), {options})"
        return _after_padding(pad, conv)
    if isinstance(spec, MaxPooling2D | AveragePooling2D):
        pad = _padding(n, spec.pool_size, spec.step, spec.padding)
        options = _options(
            layer,
            pool_size=(spec.pool_size, spec.pool_size),
            strides=(spec.step, spec.step),
            padding=pad if isinstance(pad, str) else "valid",
        )
        pool = f"layers.{kind}({options})"
        return _after_padding(pad, pool)
    if isinstance(spec, Dense):
        options = _options(
            layer,
            activation=_activation(spec.activation),
            use_bias=None if spec.use_bias else False,
            kernel_initializer=_initializer(spec.kernel_initializer),
        )
        return [f"layers.Dense({spec.units}{', ' + options if options else ''})"]
    if kind == "BatchNormalization":  # PyTorch's settings, so both train alike
        return [f"layers.BatchNormalization({_options(layer, epsilon=1e-5, momentum=0.9)})"]
    if isinstance(spec, Dropout):
        return [f"layers.Dropout({_options(layer, rate=spec.rate)})"]
    if kind in ("Flatten", "GlobalAveragePooling2D"):
        return [f"layers.{kind}({_options(layer)})"]
    if isinstance(spec, DepthwiseConv2D):
        pad = _padding(n, spec.kernel_size, spec.stride, spec.padding)
        options = _options(
            layer,
            strides=(spec.stride, spec.stride) if spec.stride != 1 else None,
            padding=pad if isinstance(pad, str) else "valid",
            use_bias=None if spec.use_bias else False,
        )
        conv = f"layers.DepthwiseConv2D(({spec.kernel_size}, {spec.kernel_size}), {options})"
        return _after_padding(pad, conv)
    if isinstance(spec, ReLU) and spec.max_value is not None:
        return [f"layers.ReLU({_options(layer, max_value=float(spec.max_value))})"]
    if isinstance(spec, LeakyReLU):
        return [f"layers.LeakyReLU({_options(layer, negative_slope=spec.negative_slope)})"]
    if isinstance(spec, ELU):
        return [f"layers.ELU({_options(layer, alpha=spec.alpha)})"]
    if kind in KERAS_ACTIVATION_LAYERS:
        return [KERAS_ACTIVATION_LAYERS[kind]]
    if isinstance(spec, LocalResponseNormalization):
        options = _options(layer, size=spec.size, alpha=spec.alpha, beta=spec.beta, k=spec.k)
        return [f"LocalResponseNormalization({options})"]
    if isinstance(spec, ResidualBlock | BottleneckBlock):
        return [f"{kind}({_options(layer, filters=spec.filters, stride=spec.stride)})"]
    if isinstance(spec, InvertedResidualBlock):
        options = _options(
            layer, filters=spec.filters, expansion=spec.expansion, stride=spec.stride
        )
        return [f"{kind}({options})"]
    raise NotImplementedError(f"No Keras code for {kind}.")  # a new layer type: add it above


def export_keras_code(spec: ModelSpec) -> str:
    """Runnable Keras 3 code for the spec, ending with `model.summary()` as the course does."""
    layers = infer_shapes(spec)
    channels, height, width = spec.input_shape
    body = [f"model.add(keras.Input(shape=({height}, {width}, {channels})))"]
    for layer in layers:
        for line in _lines(layer):
            body.append(f"model.add({line})  # -> {format_keras_shape(layer.info.out_shape)}")
    used = [name for name in CUSTOM if any(lay.spec.keras_name == name for lay in layers)]
    helpers = ["batch_norm"] if set(CUSTOM[1:]) & set(used) else []
    leaky = any(getattr(lay.spec, "activation", None) == "leaky_relu" for lay in layers)
    parts = [
        f'"""Keras code for the CNN Lab model {spec.name!r}, exported from its spec."""',
        "",
        "import keras",
        "from keras import layers, ops",
        "",
    ]
    if leaky:
        parts += [
            "",
            "def leaky_relu_001(x):",
            '    """PyTorch\'s LeakyReLU slope (Keras\'s default is 0.2)."""',
            "    return keras.activations.leaky_relu(x, negative_slope=0.01)",
            "",
        ]
    parts += [part for name in (*helpers, *used) for part in ("", _source(name), "")]
    parts += ["", "model = keras.Sequential()", *body, "model.summary()", ""]
    code = "\n".join(parts).replace("'leaky_relu_001'", "leaky_relu_001")
    return code.replace("import keras\nfrom keras import layers, ops", _imports(code))


def _imports(code: str) -> str:
    return "import keras\nfrom keras import layers" + (", ops" if "ops." in code else "")
