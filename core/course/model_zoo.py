"""001:257-275, "Model Zoos in Keras": the course's table of Keras's pretrained ImageNet models,
each beside torchvision's build of the same network where torchvision has one.

The two libraries count the same network's parameters differently, and the difference is
exact (tests/core/course/test_model_zoo.py builds each torchvision model and checks it):
Keras's count = torchvision's parameters
              + BatchNorm's moving means and variances (Keras counts them, as non-trainable)
              + the convolution biases Keras's ResNets keep before BatchNorm (torchvision drops
                them: BatchNorm's own shift makes them redundant)
              − the BatchNorm scales Keras's InceptionV3 leaves out (`scale=False`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ZooModel:
    """One row of 001's table, and torchvision's side of it (None: torchvision has no such
    model; the counts are then 0)."""

    name: str
    size_mb: int
    top1: float
    top5: float
    keras_params: int
    depth: int | None
    torchvision: str | None = None
    torchvision_params: int = 0
    batchnorm_statistics: int = 0  # moving means and variances
    conv_biases: int = 0  # Keras keeps them, torchvision does not
    scales_left_out: int = 0  # BatchNorm scales Keras does not have

    @property
    def explained(self) -> int:
        """Keras's count, rebuilt from torchvision's: equal to `keras_params` for every model
        torchvision has."""
        return (
            self.torchvision_params
            + self.batchnorm_statistics
            + self.conv_biases
            - self.scales_left_out
        )


SOURCE = "001:257-275"
KERAS_ZOO: tuple[ZooModel, ...] = (
    ZooModel("Xception", 88, 0.790, 0.945, 22_910_480, 126),
    ZooModel("VGG16", 528, 0.713, 0.901, 138_357_544, 23, "vgg16", 138_357_544),
    ZooModel("VGG19", 549, 0.713, 0.900, 143_667_240, 26, "vgg19", 143_667_240),
    ZooModel(
        "ResNet50", 98, 0.749, 0.921, 25_636_712, None, "resnet50", 25_557_032, 53_120, 26_560
    ),
    ZooModel(
        "ResNet101",
        171,
        0.764,
        0.928,
        44_707_176,
        None,
        "resnet101",
        44_549_160,
        105_344,
        52_672,
    ),
    ZooModel(
        "ResNet152",
        232,
        0.766,
        0.931,
        60_419_944,
        None,
        "resnet152",
        60_192_808,
        151_424,
        75_712,
    ),
    ZooModel("ResNet50V2", 98, 0.760, 0.930, 25_613_800, None),
    ZooModel("ResNet101V2", 171, 0.772, 0.938, 44_675_560, None),
    ZooModel("ResNet152V2", 232, 0.780, 0.942, 60_380_648, None),
    ZooModel(
        "InceptionV3",
        92,
        0.779,
        0.937,
        23_851_784,
        159,
        "inception_v3",
        23_834_568,
        34_432,
        0,
        17_216,
    ),
    ZooModel("InceptionResNetV2", 215, 0.803, 0.953, 55_873_736, 572),
    ZooModel("MobileNet", 16, 0.704, 0.895, 4_253_864, 88),
    ZooModel("MobileNetV2", 14, 0.713, 0.901, 3_538_984, 88, "mobilenet_v2", 3_504_872, 34_112),
    ZooModel("DenseNet121", 33, 0.750, 0.923, 8_062_504, 121, "densenet121", 7_978_856, 83_648),
    ZooModel("DenseNet169", 57, 0.762, 0.932, 14_307_880, 169, "densenet169", 14_149_480, 158_400),
    ZooModel("DenseNet201", 80, 0.773, 0.936, 20_242_984, 201, "densenet201", 20_013_928, 229_056),
    ZooModel("NASNetMobile", 23, 0.744, 0.919, 5_326_716, None),
    ZooModel("NASNetLarge", 343, 0.825, 0.960, 88_949_818, None),
)
