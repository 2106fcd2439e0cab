"""The presets whose export and Keras checks run only with the slow tests (`bash
scripts/test.sh --slow`): ResNet-101 and -152 repeat ResNet-50's bottleneck block and VGG16
has AlexNet's kinds of layer, so the default run already covers their code paths; building
them costs 10 to 30 s each (VGG16's ONNX file is 553 MB; Keras takes 20 s more for the three).
Plain-56 and ResNet-56 are Plain-20 and ResNet-20 with 36 more of the same layers, and
ResNet-34 is ResNet-18's basic blocks, 8 more of them (6 s of export)."""

BIG_PRESETS = ("resnet34", "resnet101", "resnet152", "vgg16", "plain56", "resnet56")
