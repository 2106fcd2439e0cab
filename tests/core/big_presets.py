"""The presets whose export and Keras checks run only with the slow tests (`bash
scripts/test.sh --slow`): ResNet-101 and -152 repeat ResNet-50's bottleneck block and VGG16
has AlexNet's kinds of layer, so the default run already covers their code paths; building
them costs 10 to 30 s each (VGG16's ONNX file is 553 MB; Keras takes 20 s more for the three).
Plain-56 and ResNet-56 are Plain-20 and ResNet-20 with 36 more of the same layers, and
ResNet-34 is ResNet-18's basic blocks, 8 more of them (6 s of export)."""

BIG_PRESETS = ("resnet34", "resnet101", "resnet152", "vgg16", "plain56", "resnet56")

# ONNX exports are the slowest part of the default run (3 to 10 s each for the large ones),
# and the exporter goes layer by layer: AlexNet, ResNet-50 and MobileNetV2 export whole with
# the slow tests, and each layer type that no other preset has (LRN, the bottleneck and
# inverted residual blocks, depthwise convolution) exports alone in the default run
# (tests/core/portable/test_onnx.py).
BIG_FOR_ONNX = (*BIG_PRESETS, "alexnet", "resnet50", "mobilenet_v2")
