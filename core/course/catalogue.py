"""Every hands-on exercise of the course documents (../shared/course), as data: the settings
that reproduce it and the figure the document reports (core.course.exercises uses them).

`kind` says where an exercise happens: "train" (the Train page, with `settings`), "page"
(a page that shows it, e.g. the convolution worked example), "photo" (Test a photo),
"transfer" (the Transfer page).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from core.data.scaling import DIVIDE_255, RAW, STANDARDIZE
from core.i18n import N_
from core.model.layers.dense import Dense
from core.model.presets import get_preset
from core.model.specs import ModelSpec
from core.pages import page
from core.training.reuse import reuse_spec

DOCUMENTS = {
    "000": "000_7a63fc8c84f9b367.txt",
    "001": "001_113cd921adae38f8.txt",
    "002": "002_b724643fab375633.txt",
    "003": "003_8e751310c9f61f21.txt",
    "004": "004_886c5d985a21ffb2.txt",
}
# 004's training code: MY_EPOCH = 10, MY_BATCHSIZE = 200, optimizer="adam", and
# `model.fit(x, y, ...)` with no validation split: every training image trains (004:320's
# "300/300" steps of 200 images), the test set is evaluated after.
COURSE_TRAINING = {"optimizer": "adam", "lr": 1e-3, "batch_size": 200, "schedule": "constant"}
ALL_IMAGES = {"val_fraction": 0.0}
RAW_PIXELS = {"scaling": RAW, **ALL_IMAGES}  # 004's MNIST code: fit on the uint8 arrays (004:250)
OVER_255 = {"scaling": DIVIDE_255, **ALL_IMAGES}  # 004's CIFAR-10 code: x = x / 255 (004:548)


@dataclass(frozen=True)
class Exercise:
    id: str
    document: str  # "004"
    section: str  # the section heading, in the document's words (shown as it is)
    title: str  # English, marked with N_; shown with _() (also `reported` and `note`)
    kind: str  # "train", "page", "photo" or "transfer"
    page: str  # the page that opens (its id in core.pages)
    settings: dict[str, Any] = field(default_factory=dict)  # Train page: preset, dataset, ...
    reported: str = ""  # what the document reports, as it writes it
    reported_accuracy: float | None = None  # the accuracy to put a run beside
    reported_metric: str = "test"  # which accuracy that is: "test", "val" or "train" (004:565)
    note: str = ""
    # The settings the document does not give, which the lab chose (the card says so).
    lab_choices: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        page(self.page)  # a page the lab has: a KeyError names the known ones
        unknown = set(self.lab_choices) - set(self.settings)
        assert not unknown, f"{self.id}: lab_choices {unknown} are not among its settings"

    @property
    def file(self) -> str:
        return DOCUMENTS[self.document]


KERAS_BATCH = 32  # model.fit's default batch size, where a document gives none
# 001:340 and 001:345: model A learns the eight other classes, model B sandal (0) vs shirt (1).
MODEL_B_CLASSES = ["Sandal", "Shirt"]
MODEL_A_CLASSES = [
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sneaker", "Bag", "Ankle boot"
]  # fmt: skip


# 001:347: "200 labeled images" of the two classes; Keras's default batch.
MODEL_B_DATA = {
    "dataset": "fashion_mnist",
    "classes": MODEL_B_CLASSES,
    "per_class": 100,
    "batch_size": KERAS_BATCH,
}


def _model_a() -> ModelSpec:
    """001 does not print model A: 001's own Fashion-MNIST MLP (its Dropout example) with
    eight outputs."""
    mlp = get_preset("dropout_mlp")
    output = Dense(units=len(MODEL_A_CLASSES), activation="softmax")
    return dataclasses.replace(mlp.replace_layers([*mlp.layers[:-1], output]), name="model_a")


def _model_b(freeze: bool) -> ModelSpec:
    """Model A's layers, locked (model B on A) or not (B alone), and Dense(1, sigmoid)."""
    return dataclasses.replace(reuse_spec(_model_a(), units=1, freeze=freeze), name="model_b")


def _train(epochs: int, **settings: Any) -> dict[str, Any]:
    """004's recipe for `epochs`, with the lab's validation share and scaling unless
    `settings` say otherwise (named even so: Set it up puts back what another card changed)."""
    lab = {"train_limit": None, "val_fraction": 0.1, "scaling": STANDARDIZE}
    lab |= {"classes": None, "per_class": None, "unfreeze_after": None}
    return {**COURSE_TRAINING, "epochs": epochs, **lab, **settings}


EXERCISES: tuple[Exercise, ...] = (
    Exercise(
        "004-convolution",
        "004",
        "Convolution",
        N_("A 3x3 kernel over the 5x5 image: the first output is 4"),
        "page",
        "convolution",
        reported=N_("Convolved feature: 4 (first window)"),
    ),
    Exercise(
        "004-max-pooling",
        "004",
        "Max-pooling",
        N_("2x2 max pooling with stride 2 over the 4x4 map: 2 3 / 4 2"),
        "page",
        "pooling",
        reported="[[2, 3], [4, 2]]",
    ),
    Exercise(
        "004-mnist-1-filter",
        "004",
        "Model 구현",
        N_("MNIST CNN with 1 filter per Conv2D (Adam, batch 200, 10 epochs)"),
        "train",
        "training",
        _train(10, preset="mnist_1filter", dataset="mnist", **RAW_PIXELS),
        reported=N_("test accuracy 0.9488 (loss 0.1568) after 10 epochs"),
        reported_accuracy=0.9488,
    ),
    Exercise(
        "004-mnist-32-64",
        "004",
        "채널 숫자 증가",
        N_("MNIST CNN with 32 and 64 filters (Adam, batch 200, 7 epochs)"),
        "train",
        "training",
        _train(7, preset="mnist_32_64", dataset="mnist", **RAW_PIXELS),
        reported=N_("test accuracy 0.9864 after 7 epochs (train 0.9941)"),
        reported_accuracy=0.9864,
    ),
    Exercise(
        "004-cifar10-cnn",
        "004",
        "모델 구현",  # 004:494, where its code is ("모델 설계" above it only lists the blocks)
        N_("CIFAR-10 CNN: three Conv2D + MaxPooling2D blocks (Adam, batch 200, 10 epochs)"),
        "train",
        "training",
        _train(10, preset="cifar10_cnn", dataset="cifar10", **OVER_255),
        reported=N_("training accuracy 0.7757 at epoch 10 (loss 0.6459)"),
        reported_accuracy=0.7757,
        reported_metric="train",
        note=N_(
            "The document reports training accuracy; compare it with the run's last "
            "training accuracy, and look at validation to see the overfitting."
        ),
    ),
    Exercise(
        "004-cifar10-bn-dropout",
        "004",
        "모델 변경",
        N_("The CIFAR-10 CNN with BatchNormalization and Dropout(0.25) (Adam, batch 200)"),
        "train",
        "training",
        _train(10, preset="cifar10_cnn_bn_dropout", dataset="cifar10", **OVER_255),
        note=N_("The document asks to train it again and compare with the first CIFAR-10 CNN."),
    ),
    Exercise(
        "004-fashion-mnist",
        "004",
        "Mini Project",
        N_("Mini project: the MNIST CNN (32/64 filters) on Fashion-MNIST"),
        "train",
        "training",
        _train(7, preset="mnist_32_64", dataset="fashion_mnist", **RAW_PIXELS),
        note=N_(
            "The document names only the data: the lab trains 004's MNIST CNN (32 and 64 "
            "filters) on it as 004 trains MNIST."
        ),
        lab_choices=("preset", "epochs"),
    ),
    Exercise(
        "004-early-stopping",
        "004",
        "학습 최적화",  # 004:662-666: "검증 데이터 오류를 잘 활용한다. ➤ 학습 조기 종료!"
        N_("Early stopping: stop when the validation error stops improving"),
        "train",
        "training",
        _train(20, preset="cifar10_cnn", dataset="cifar10", early_stopping=2, scaling=DIVIDE_255),
        note=N_(
            "The document gives no patience or epochs: the lab uses 004's CIFAR-10 CNN, which "
            "overfits, for up to 20 epochs with patience 2 (the run stops once the validation "
            "loss has not improved for 2 epochs, and keeps the best weights)."
        ),
        lab_choices=("epochs", "early_stopping", "val_fraction"),
    ),
    Exercise(
        "004-k-fold",
        "004",
        "K-fold 테스트",  # 004:671: training, validation and test (Raschka's figure)
        N_("K-fold testing: k runs, each validating on a different part of the data"),
        "train",
        "training",
        _train(3, preset="mnist_fast", dataset="mnist", train_limit=5000),
        note=N_(
            "Open the Race tab and compare K-fold cross-validation: the mean and spread of the "
            "k accuracies are shown. The document gives no model or k: the lab uses the fast "
            "MNIST CNN on 5,000 images and k = 5."
        ),
        lab_choices=("preset", "dataset", "epochs", "train_limit"),
    ),
    Exercise(
        "000-feature-extractor",
        "000",
        "Model Summation",
        N_("CNN_sum: a feature extractor and a classifier, each with its own trainable flag"),
        "train",
        "training",
        _train(10, preset="feature_extractor_classifier", dataset="cifar10", batch_size=64),
        note=N_("Untick a block's trainable flag on Build a CNN to freeze it (fine tuning)."),
        lab_choices=("epochs", "batch_size"),
    ),
    Exercise(
        "000-augmentation",
        "000",
        "Keras ImageGenerator",
        N_("ImageDataGenerator: rotation 2, zoom 0.1, shifts 0.1, horizontal flip"),
        "page",
        "augmentation",
        note=N_(
            "Set it up fills the Augmentation lab's pipeline with Keras's affine step "
            "(rotation, shifts and a zoom per axis, edge pixels repeated, as Keras does) and "
            "a horizontal flip; the exported code carries the step's class."
        ),
    ),
    Exercise(
        "000-resize-crop-flip",
        "000",
        "CNN – Data Augmentation",  # 000:325-334
        N_("Resize(56), RandomCrop(56, padding=6), RandomHorizontalFlip()"),
        "page",
        "augmentation",
        settings={"pipeline": "resize_crop_flip"},
        note=N_(
            "Set it up fills the Augmentation lab's pipeline with these three steps. "
            "torchvision's Resize(56) scales the shorter side to 56; the lab's Resize makes "
            "56×56, the same for square images such as the datasets'."
        ),
    ),
    Exercise(
        "000-resnet18-transfer",
        "000",
        "Transfer Learning",
        N_("ResNet18 with a new fc (2 classes) and the three freezing strategies"),
        "transfer",
        "transfer",
        # 000:473 `Adam(net.parameters(), ...)`: the whole network trains, not only the fc.
        {"course_recipe": True, "strategy": "full"},
        reported=N_("Best val Acc: 1.000000 (100% validation accuracy from epoch 3 on)"),
        reported_accuracy=1.0,
        reported_metric="val",
        note=N_(
            "The course's recipe is Adam lr 1e-5 with StepLR(3, 0.5) for 10 epochs. ResNet18's "
            "weights download from the internet; offline, EfficientNet-Lite0 takes its place."
        ),
    ),
    Exercise(
        "000-own-cnn-vs-transfer",
        "000",
        "[Weakly To Do]",  # 000:515-516: "직접 설계한 모델과 Transfer Learning의 성능을 ..."
        N_("Your own CNN against transfer learning, on CIFAR-10"),
        "transfer",
        "transfer",
        {"photos": "cifar10", "strategy": "head"},
        note=N_(
            "Set it up opens transfer learning on CIFAR-10 (100 training images per class). "
            "Train your own CNN with 004's CIFAR-10 card, then compare the two runs' best "
            "validation accuracies on Runs & evaluation, and how many images each saw."
        ),
    ),
    Exercise(
        "002-mobilenet-fashion-mnist",
        "002",
        "MobileNet으로 Fashion MNIST 분류 모델 만들기",
        N_(
            "A pretrained MobileNet on Fashion-MNIST: keep the features, a new 10-class "
            "output layer"
        ),
        "transfer",
        "transfer",
        {"photos": "fashion_mnist", "strategy": "head"},
        note=N_(
            "MobileNet's weights download from the internet; offline, EfficientNet-Lite0 "
            "takes its place with the same new head (100 training images per class)."
        ),
    ),
    Exercise(
        "002-fashion-mnist-cnn",
        "002",
        "Step 1. 예시 노트북을 실행해보며 CNN 모델로 Fashion MNIST 튜닝하기",  # 002:243
        N_("Step 1: a CNN on Fashion-MNIST, trained and evaluated"),
        "train",
        "training",
        _train(7, preset="mnist_32_64", dataset="fashion_mnist"),
        note=N_(
            "The document's notebook is on the internet and its model is not printed: the lab "
            "uses 004's MNIST CNN (32 and 64 filters) with 004's recipe."
        ),
        lab_choices=("preset", "epochs"),
    ),
    Exercise(
        "002-mobilenet-pretrained-vs-empty",
        "002",
        "Step 2. MobileNet의 Fashion MNIST 분류 문제 transfer learning",  # 002:247-249
        N_("Step 2: MobileNet with its pretrained weights and as an empty model, compared"),
        "transfer",
        "transfer",
        {"photos": "fashion_mnist", "strategy": "full"},
        note=N_(
            "Open the Scratch vs pretrained tab: the same network trained from random weights "
            "and from ImageNet's, their test accuracy and loss side by side. Offline, "
            "EfficientNet-Lite0 takes MobileNet's place."
        ),
    ),
    Exercise(
        "001-imagenet-top3",
        "001",
        "실습과제 19-1",
        N_("A pretrained ImageNet CNN names a photo: its top-3 classes"),
        "photo",
        "test_photo",
        reported="cat.jpg: tabby 0.50, Egyptian_cat 0.22, tiger_cat 0.21 (ResNet50)",
        note=N_(
            "001 uses ResNet50; offline the lab uses EfficientNet-Lite0 (ImageNet, 1000 classes)."
        ),
    ),
    Exercise(
        "001-optimizers",
        "001",
        "Faster Optimizers",
        N_("Momentum, Nesterov, AdaGrad, RMSprop, Adam, Adamax, Nadam side by side"),
        "train",
        "training",
        _train(3, preset="mnist_fast", dataset="mnist", train_limit=5000),
        note=N_("Open the Race tab and race the optimizers on the same model and data."),
        lab_choices=("preset", "dataset", "epochs", "train_limit"),
    ),
    Exercise(
        "001-lr-schedules",
        "001",
        "Learning Rate Scheduling",
        N_("Power, exponential, piecewise, performance and 1cycle scheduling"),
        "train",
        "training",
        _train(6, preset="mnist_fast", dataset="mnist", train_limit=5000, schedule="1cycle"),
        note=N_(
            "Each schedule's preview follows 001's formula; the Race tab runs several at once."
        ),
        lab_choices=("preset", "dataset", "epochs", "train_limit"),
    ),
    Exercise(
        "001-model-a",
        "001",
        "실습과제 19-2",  # 001:338-343: model A, Fashion-MNIST without sandals and shirts
        N_("Model A: Fashion-MNIST without sandals and shirts (eight classes)"),
        "train",
        "training",
        _train(
            10,
            dataset="fashion_mnist",
            classes=MODEL_A_CLASSES,
            spec=_model_a().to_json(),
            batch_size=KERAS_BATCH,
        ),
        reported=N_("more than 90% accuracy on the eight classes (001:342)"),
        note=N_(
            "001 does not print model A: the lab uses 001's MLP (ELU, he_normal, Dropout) "
            "with eight outputs. Train it, then set up model B on A."
        ),
        lab_choices=("epochs", "batch_size", "optimizer"),
    ),
    Exercise(
        "001-model-b",
        "001",
        "실습과제 19-2",  # 001:345-349: model B alone, 97.2%
        N_("Model B alone: sandals vs shirts from 200 images, model A's architecture"),
        "train",
        "training",
        _train(20, spec=_model_b(freeze=False).to_json(), **MODEL_B_DATA),
        reported=N_("97.2% accuracy (001:348)"),
        reported_accuracy=0.972,
        lab_choices=("epochs", "batch_size", "optimizer"),
    ),
    Exercise(
        "001-model-b-on-a",
        "001",
        "실습과제 19-2",  # 001:352-396: reuse A's layers, lock, unlock, lower the rate
        N_("Model B on model A: A's layers locked for 4 epochs, then unlocked at lr / 10"),
        "train",
        "training",
        _train(
            20,
            spec=_model_b(freeze=True).to_json(),
            reuse="001-model-a",
            unfreeze_after=4,
            **MODEL_B_DATA,
        ),
        reported=N_("test accuracy 99.25% (001:393-396: [0.06887910133600235, 0.9925])"),
        reported_accuracy=0.9925,
        note=N_(
            "Set it up starts from your newest finished run of model A. 001 gives no epochs: "
            "the lab locks A's layers for 4 epochs, then unlocks them and trains 16 more at a "
            "tenth of the rate, as 001:387-389 says. 001 warns its 99.25% was squeezed out "
            "of the data: expect less."
        ),
        lab_choices=("epochs", "unfreeze_after", "batch_size", "optimizer"),
    ),
    Exercise(
        "001-cats-vs-dogs",
        "001",
        "실습과제 19-3",  # 001:441-566: MobileNet, cats vs dogs, TRAIN_SAMPLES = 500
        N_("A pretrained MobileNet tells cats from dogs (500 training photos)"),
        "transfer",
        "transfer",
        {"photos": "cifar10", "classes": ["cat", "dog"], "per_class": 250, "strategy": "head"},
        reported="dog.jpg: [[8.214172e-04 9.991786e-01]] {'cat': 0, 'dog': 1}",
        note=N_(
            "001 fine-tunes MobileNet on 500 of Kaggle's cat and dog photos (online). "
            "Offline the lab uses CIFAR-10's cats and dogs, 250 of each (small 32×32 "
            "photos, enlarged), and EfficientNet-Lite0 in MobileNet's place. Then ask Test a "
            "photo about a cat or a dog of your own."
        ),
    ),
    Exercise(
        "001-mobilenet-v2",
        "001",
        "from tensorflow.keras.applications.mobilenet_v2 import MobileNetV2",  # 001:481
        N_("MobileNetV2, block by block: depthwise convolutions and inverted residuals"),
        "page",
        "builder",
        {"model": "mobilenet_v2"},
        reported=N_("MobileNetV2: 3,538,984 parameters (001:270, Keras's model zoo)"),
        note=N_(
            "Set it up loads MobileNetV2 on Build a CNN: click a block's row to see its "
            "depthwise 3×3 convolution cost 3*3*C weights where a full one costs 3*3*C*C."
        ),
    ),
    Exercise(
        "001-dropout",
        "001",
        "Dropout",
        N_("The dropout MLP: Dropout(0.2), ELU and he_normal on Fashion-MNIST"),
        "train",
        "training",
        _train(10, preset="dropout_mlp", dataset="fashion_mnist", batch_size=32),
        note=N_(
            "001 gives the model (28×28 inputs) but no data or training: the lab trains it on "
            "Fashion-MNIST, 001's data for transfer learning, with Keras's default batch of 32."
        ),
        lab_choices=("dataset", "epochs", "batch_size", "optimizer"),
    ),
    Exercise(
        "003-convolution",
        "003",
        "컨볼루션이 뭔데요?",  # 003:80: 004's 5x5 image and 3x3 kernel again
        N_("What is a convolution? The 3x3 kernel over the 5x5 image, step by step"),
        "page",
        "convolution",
        reported=N_("Convolved feature: 4 (first window), as 004's"),
    ),
    Exercise(
        "003-padding",
        "003",
        "영상이 작아져버렸네.. 왼쪽 끝이랑 오른쪽 끝 픽셀은 안보나요?",  # 003:100
        N_("Padding: a 32×32×3 image, two borders of zeros, three 5×5×3 filters"),
        "page",
        "convolution",
        reported=N_("36×36×3 padded input, 32×32×3 output (003:106)"),
        note=N_("Under the stepper: A real image through one layer, with the document's numbers."),
    ),
    Exercise(
        "003-vgg16-block5",
        "003",
        "레이어 가중치를 고정하기",  # 003:515-527: trainable from block5_conv1 on
        N_("VGG16 locked up to block5_conv1: only block 5 and the top learn"),
        "page",
        "builder",
        {"model": "vgg16", "locked_blocks": ["block1", "block2", "block3", "block4"]},
        reported=N_("layer.trainable = True from block5_conv1 on, False before it"),
        note=N_(
            "Set it up loads VGG16 on Build a CNN with blocks 1 to 4 unticked: the summary's "
            "Non-trainable params are those blocks' 7,635,264 weights and biases."
        ),
    ),
    Exercise(
        "003-plain-vs-resnet",
        "003",
        "◆ 망을 깊게 하면 결과가 더 좋아질까?: Degration",  # 003:360-372, He et al. Figure 1
        N_("Plain-20, Plain-56, ResNet-20 and ResNet-56 raced on CIFAR-10: degradation"),
        "train",
        "training",
        _train(
            5,
            preset="plain20",
            dataset="cifar10",
            train_limit=10_000,
            race={"kind": "Models", "choices": ["plain20", "plain56", "resnet20", "resnet56"]},
        ),
        reported=N_(
            "the 56-layer plain net has a higher training error than the 20-layer one, so "
            "a higher test error too (003:370, Figure 1)"
        ),
        note=N_(
            "Set it up opens the Race tab with the four networks. The paper trains for "
            "64,000 steps on a GPU; on a laptop CPU the lab races 10,000 images for 5 "
            "epochs: compare the training loss of the two plain nets, then the ResNets'."
        ),
        lab_choices=("epochs", "train_limit", "optimizer", "batch_size"),
    ),
    Exercise(
        "003-value",
        "003",
        "뉴럿넷에게 답을 회신받는 3가지 방법",  # 003:290-304, the document's spelling
        N_("Answering with a value: MNIST's digit as a number (MSE) beside softmax's category"),
        "train",
        "training",
        _train(
            3,
            preset="mnist_value",
            dataset="mnist",
            race={"kind": "Models", "choices": ["mnist_value", "mnist_fast"]},
        ),
        reported=N_('Value: "take the output as it is" (003:304)'),
        note=N_(
            "003 names the three ways (value, O/X, category) but trains no value model: the lab "
            "gives the fast MNIST CNN a Dense(1) with no activation, trained with the mean "
            "squared error towards each digit's number. Set it up also puts the same CNN "
            "answering with softmax's category beside it on the Race tab: start the race and "
            "compare their accuracy."
        ),
        lab_choices=("preset", "dataset", "epochs", "optimizer", "batch_size"),
    ),
    Exercise(
        "003-resnet",
        "003",
        "모델 구조",
        N_("ResNet-18, 34 and 50 from the table: read their summaries"),
        "page",
        "builder",
    ),
)


# The English words for the documents' Korean headings (an English page shows no Korean).
SECTIONS_IN_ENGLISH = {
    "Model 구현": N_("Building the model"),
    "채널 숫자 증가": N_("More channels"),
    "모델 구현": N_("Implementing the model"),
    "모델 변경": N_("Changing the model"),
    "MobileNet으로 Fashion MNIST 분류 모델 만들기": N_("A Fashion-MNIST classifier with MobileNet"),
    "실습과제 19-1": N_("Exercise 19-1"),
    "실습과제 19-2": N_("Exercise 19-2"),
    "실습과제 19-3": N_("Exercise 19-3"),
    "모델 구조": N_("The model's structure"),
    "레이어 가중치를 고정하기": N_("Locking the layers' weights"),
    "컨볼루션이 뭔데요?": N_("What is a convolution?"),
    "뉴럿넷에게 답을 회신받는 3가지 방법": N_("Three ways to get an answer back from a neural net"),
    "◆ 망을 깊게 하면 결과가 더 좋아질까?: Degration": N_(
        "◆ Does a deeper network do better? Degradation"
    ),
    "학습 최적화": N_("Optimising training"),
    "K-fold 테스트": N_("K-fold testing"),
    "[Weakly To Do]": N_("[Weekly to do]"),
    "Step 1. 예시 노트북을 실행해보며 CNN 모델로 Fashion MNIST 튜닝하기": N_(
        "Step 1. Tuning a CNN on Fashion MNIST with the example notebook"
    ),
    "Step 2. MobileNet의 Fashion MNIST 분류 문제 transfer learning": N_(
        "Step 2. Transfer learning with MobileNet on Fashion MNIST"
    ),
    "영상이 작아져버렸네.. 왼쪽 끝이랑 오른쪽 끝 픽셀은 안보나요?": N_(
        "The image got smaller: are the edge pixels never seen?"
    ),
}
