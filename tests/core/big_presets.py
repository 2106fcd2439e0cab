"""The presets whose ONNX export and Keras checks run only with the slow tests (`bash
scripts/test.sh --slow`), and the layer types the default run checks instead, each alone
(Keras) or all chained in one model (ONNX).

Exports go layer by layer, so the default run covers every layer type once: in a preset
that stays, or in a small model (`ALONE`: LRN, the bottleneck and inverted residual
blocks, depthwise convolution, average pooling and the activations no preset uses). The big
presets cost 3 to 30 s each (VGG16's ONNX file is 553 MB): ResNet-101 and -152 repeat
ResNet-50's bottleneck block, VGG16 has AlexNet's kinds of layer, Plain-56 and ResNet-56 are
Plain-20 and ResNet-20 with 36 more of the same layers, ResNet-34 is ResNet-18's basic blocks
with 8 more; AlexNet, ResNet-50 and MobileNetV2 take 5 to 10 s of export each."""

from core.model.presets import PRESETS, get_preset
from core.model.registry import layer_types
from tests.core.small_models import chained_model, one_layer_model

BIG_PRESETS = (
    "resnet34",
    "resnet101",
    "resnet152",
    "vgg16",
    "plain56",
    "resnet56",
    "alexnet",
    "resnet50",
    "mobilenet_v2",
)
DEFAULT_PRESETS = [name for name in PRESETS if name not in BIG_PRESETS]
_TYPE_NAME = {cls: type_name for type_name, cls in layer_types().items()}
ALONE = sorted(
    set(layer_types())
    - {_TYPE_NAME[type(layer)] for name in DEFAULT_PRESETS for layer in get_preset(name).layers}
)
ALONE_PREFIX = "alone:"
# What the default run checks: the presets, then `alone:<layer type>` for each of ALONE.
ALONE_MODELS = [ALONE_PREFIX + type_name for type_name in ALONE]
DEFAULT_MODELS = DEFAULT_PRESETS + ALONE_MODELS
# Every type of ALONE in one model, one after another: ONNX's default run exports it once
# (an export costs about a second, so ten small models cost ten) and compares each layer's
# output (tests/core/portable/test_onnx.py), so no layer hides behind the ones after it.
CHAINED = ALONE_PREFIX + "chained"


def default_model(name: str):
    """A preset of DEFAULT_MODELS, `alone:<layer type>` (a small model around that layer) or
    CHAINED."""
    if name == CHAINED:
        return chained_model([layer_types()[type_name]() for type_name in ALONE])
    if name.startswith(ALONE_PREFIX):
        return one_layer_model(layer_types()[name.removeprefix(ALONE_PREFIX)]())
    return get_preset(name)
