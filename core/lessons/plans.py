"""The five lesson plans, one per course document (../shared/course), in the documents'
order of ideas. Each step opens a page with the document's settings; its question's answer
is computed by the lab on that page (the builder's arithmetic, the stepper's sum)."""

from __future__ import annotations

from core.i18n import N_
from core.lessons.plan import Lesson, Question, Step

_SHAPE = N_("the image's shape: neighbouring pixels stay neighbours")

LESSON_004 = Lesson(
    "004",
    N_("Convolutional neural networks, from one window to CIFAR-10"),
    N_(
        "Students compute a convolution and a max-pooling by hand, read a CNN's summary "
        "layer by layer, and train the document's MNIST and CIFAR-10 CNNs."
    ),
    (
        Step(
            N_("Convolution: one window at a time"),
            "convolution",
            N_(
                "Step the 3x3 kernel over the 5x5 image: each window's products are added "
                "into one number of the convolved feature. Keep the image's shape in mind: "
                "an MLP flattens 28x28 into 784 and loses it."
            ),
            10,
            exercise="004-convolution",
            question=Question(
                N_("The 3x3 kernel on the first window of the 5x5 image: what number comes out?"),
                "number",
                "4",
                explain=N_("1·1 + 1·0 + 1·1 + 0·0 + 1·1 + 1·0 + 0·1 + 0·0 + 1·1 = 4"),
            ),
            figure=N_("Convolved feature: 4 (first window)"),
            source="004:37",
        ),
        Step(
            N_("Max-pooling: the largest value of each window"),
            "pooling",
            N_(
                "2x2 windows at stride 2 halve the map: 4x4 becomes 2x2, and only the "
                "largest value of each window goes on."
            ),
            8,
            exercise="004-max-pooling",
            question=Question(
                N_("2x2 max pooling, stride 2, on the 4x4 map: the bottom-left output?"),
                "number",
                "4",
                explain=N_("max(3, 0, 2, 4) = 4"),
            ),
            figure="[[2, 3], [4, 2]]",
            source="004:107",
        ),
        Step(
            N_("Read the 1-filter MNIST CNN's summary"),
            "builder",
            N_(
                "Output Shape and Param # layer by layer, with the formula under each "
                "number: where are most of the 60,062 parameters?"
            ),
            8,
            settings={"model": "mnist_1filter"},
            question=Question(
                N_("The first Conv2D: one 5x5 filter on a 1-channel image. Its Param #?"),
                "number",
                "26",
                explain=N_("(5·5·1 + 1)·1 = 26: 25 weights and a bias"),
            ),
            figure="Total params: 60,062",
            source="004:225",
        ),
        Step(
            N_("Train it on MNIST"),
            "training",
            N_(
                "Adam, batch 200, 10 epochs as in the document: watch the loss fall and the "
                "accuracy rise, epoch by epoch."
            ),
            12,
            exercise="004-mnist-1-filter",
            question=Question(
                N_("One filter per Conv2D: what test accuracy after 10 epochs?"),
                "choice",
                N_("about 95%"),
                options=(N_("about 50%"), N_("about 80%"), N_("about 95%"), N_("about 99%")),
                explain=N_("The document measured 0.9488; the lab's run sits beside it."),
            ),
            figure=N_("test accuracy 0.9488 (loss 0.1568) after 10 epochs"),
            source="004:272",
        ),
        Step(
            N_("More channels: 32 and 64 filters"),
            "builder",
            N_(
                "The same network with the channels as designed: the Dense layer after "
                "Flatten now holds almost all 3,199,106 parameters."
            ),
            8,
            settings={"model": "mnist_32_64"},
            question=Question(
                N_("After Flatten (7x7x64), how many parameters has Dense(1000)?"),
                "number",
                "3137000",
                explain=N_("7·7·64 = 3,136 inputs; 3,136·1,000 + 1,000 = 3,137,000"),
            ),
            figure="Total params: 3,199,106",
            source="004:313",
        ),
        Step(
            N_("The CIFAR-10 CNN and overfitting"),
            "training",
            N_(
                "Colour photos of 10 classes: three Conv2D + MaxPooling2D blocks. Compare "
                "training and validation accuracy as the epochs go by."
            ),
            12,
            exercise="004-cifar10-cnn",
            question=Question(
                N_("Training accuracy keeps rising. What does validation accuracy do?"),
                "choice",
                N_("it stays lower and levels off: overfitting"),
                options=(
                    N_("it rises just as fast"),
                    N_("it stays lower and levels off: overfitting"),
                    N_("it is always higher"),
                ),
                explain=N_("The gap between the two curves is the overfitting 004 warns of."),
            ),
            figure=N_("training accuracy 0.7757 at epoch 10 (loss 0.6459)"),
            source="004:565",
        ),
    ),
)

LESSON_003 = Lesson(
    "003",
    N_("PyTorch practice: convolution, ResNet and the transfer-learning cases"),
    N_(
        "Students size feature maps with padding and pooling, read ResNet-18's table, and "
        "choose a transfer-learning strategy from the data's size and similarity."
    ),
    (
        Step(
            N_("Convolution with padding"),
            "convolution",
            N_("Set padding to 1: the feature map keeps the image's size."),
            8,
            exercise="004-convolution",
            question=Question(
                N_("A 5x5 image, a 3x3 kernel, stride 1, padding 1: how wide is the output?"),
                "number",
                "5",
                explain=N_("(5 + 2·1 − 3) / 1 + 1 = 5"),
            ),
            source="003:80",
        ),
        Step(
            N_("What pooling does to the size"),
            "pooling",
            N_("Subsampling keeps the strongest answers and quarters the number of values."),
            6,
            exercise="004-max-pooling",
            question=Question(
                N_("2x2 max pooling at stride 2 on a 32x32 feature map: how wide is the output?"),
                "number",
                "16",
                explain=N_("(32 − 2) / 2 + 1 = 16"),
            ),
            source="003:327",
        ),
        Step(
            N_("ResNet-18's structure"),
            "builder",
            N_(
                "conv1, a max pool, four stages of residual blocks, average pooling and one "
                "fc: each row's output size beside the document's table."
            ),
            10,
            exercise="003-resnet",
            settings={"model": "resnet18"},
            question=Question(
                N_("conv1: 7x7, 64 filters, stride 2, padding 3 on 224x224. Output width?"),
                "number",
                "112",
                explain=N_("⌊(224 + 2·3 − 7) / 2⌋ + 1 = 112"),
            ),
            figure="conv1 112×112, 7×7, 64, stride 2",
            source="003:408",
        ),
        Step(
            N_("Transfer learning: which case are we in?"),
            "transfer",
            N_(
                "The four cases by the data's size and its similarity to ImageNet, and the "
                "strategy each calls for; our monkey-or-human photos are few and similar."
            ),
            10,
            question=Question(
                N_("Little data, similar to ImageNet: what do we train?"),
                "choice",
                N_("only a new classifier on the frozen convolutional base"),
                options=(
                    N_("the entire model"),
                    N_("only a new classifier on the frozen convolutional base"),
                    N_("a new model from scratch"),
                ),
                explain=N_("003's case 4 (Small & similar): the base's features already fit."),
            ),
            source="003:508",
        ),
    ),
)

LESSON_002 = Lesson(
    "002",
    N_("CNN and transfer learning week: Fashion-MNIST and MobileNet"),
    N_(
        "Students meet Fashion-MNIST and its splits, see why a convolution suits images, and "
        "put a new output layer on a pretrained MobileNet."
    ),
    (
        Step(
            N_("Fashion-MNIST"),
            "datasets",
            N_("Ten kinds of clothing in 28x28 grey images: samples per class and a batch."),
            6,
            settings={"dataset": "fashion_mnist"},
            question=Question(
                N_("How many classes does Fashion-MNIST have?"),
                "number",
                "10",
                explain=N_("T-shirt/top to ankle boot: the lab counts the labels, 0 to 9."),
            ),
            source="002:69",
        ),
        Step(
            N_("Train? Validation? Test?"),
            "datasets",
            N_("The training images fit the weights; the other two splits judge them."),
            6,
            settings={"dataset": "fashion_mnist"},
            question=Question(
                N_("Which split chooses the settings without spoiling the final score?"),
                "choice",
                N_("validation"),
                options=(N_("training"), N_("validation"), N_("test")),
                explain=N_("The test set is looked at once, at the end."),
            ),
            source="002:40",
        ),
        Step(
            N_("Why a convolution for images"),
            "convolution",
            N_("The kernel sees a small neighbourhood and slides: the same weights everywhere."),
            8,
            exercise="004-convolution",
            question=Question(
                N_("What does a convolution keep that flattening loses?"),
                "choice",
                _SHAPE,
                options=(_SHAPE, N_("the colours"), N_("the labels")),
            ),
            source="002:88",
        ),
        Step(
            N_("MobileNet on Fashion-MNIST"),
            "transfer",
            N_("Keep the pretrained features, replace the output layer with 10 classes."),
            12,
            exercise="002-mobilenet-fashion-mnist",
            question=Question(
                N_("Keeping the features and training a new output layer is called..."),
                "choice",
                N_("feature extraction"),
                options=(
                    N_("feature extraction"),
                    N_("training from scratch"),
                    N_("data augmentation"),
                ),
            ),
            source="002:149",
        ),
    ),
)

LESSON_001 = Lesson(
    "001",
    N_("Training deep nets: pretrained models, optimizers, schedules, dropout"),
    N_(
        "Students ask a pretrained ImageNet CNN about a photo, size AlexNet's first layer, "
        "race the optimizers and schedules, and train with dropout."
    ),
    (
        Step(
            N_("A pretrained CNN names a photo"),
            "test_photo",
            N_("The top-3 classes with their probabilities, and where the model looked."),
            8,
            exercise="001-imagenet-top3",
            question=Question(
                N_("How many classes does an ImageNet classifier choose from?"),
                "number",
                "1000",
                explain=N_("The softmax has one output per ImageNet class: 1,000."),
            ),
            figure="cat.jpg: tabby 0.50, Egyptian_cat 0.22, tiger_cat 0.21 (ResNet50)",
            source="001:124",
        ),
        Step(
            N_("AlexNet's first layer"),
            "builder",
            N_("001's table, row by row: CONV1, MAX POOL1, NORM1, ... FC8."),
            8,
            settings={"model": "alexnet"},
            question=Question(
                N_("CONV1: 96 filters of 11x11 at stride 4 on 227x227x3. Output width?"),
                "number",
                "55",
                explain=N_("(227 − 11) / 4 + 1 = 55"),
            ),
            figure="[55x55x96] CONV1: 96 11x11 filters at stride 4, pad 0",
            source="001:211",
        ),
        Step(
            N_("Faster optimizers"),
            "training",
            N_("Race Momentum, Nesterov, AdaGrad, RMSprop, Adam, Adamax and Nadam."),
            12,
            exercise="001-optimizers",
            question=Question(
                N_("Which keeps running means of the gradients and of their squares?"),
                "choice",
                "Adam",
                options=("Momentum", "AdaGrad", "RMSprop", "Adam"),
                explain=N_("Adam: momentum's mean (β1) and RMSprop's mean of squares (β2)."),
            ),
            source="001:609",
        ),
        Step(
            N_("Learning-rate scheduling"),
            "training",
            N_("Each schedule's curve before training, then the runs side by side."),
            10,
            exercise="001-lr-schedules",
            question=Question(
                N_("Exponential scheduling, η(t) = η0·0.1^(t/s): the rate after s steps?"),
                "choice",
                "η0 / 10",
                options=("η0", "η0 / 2", "η0 / 10", "0"),
                explain="η0·0.1^(s/s) = η0·0.1",
            ),
            source="001:642",
        ),
        Step(
            N_("Dropout"),
            "training",
            N_("The dropout MLP on Fashion-MNIST: Dropout(0.2) after each layer."),
            10,
            exercise="001-dropout",
            question=Question(
                N_("What does Dropout(rate=0.2) do while training?"),
                "choice",
                N_("drops each input with probability 0.2 at each step"),
                options=(
                    N_("drops each input with probability 0.2 at each step"),
                    N_("deletes a fifth of the weights for good"),
                    N_("works the same at test time"),
                ),
                explain=N_("At test time every unit is kept."),
            ),
            source="001:709",
        ),
    ),
)

LESSON_000 = Lesson(
    "000",
    N_("CIFAR-10, model summation, augmentation and transfer learning"),
    N_(
        "Students look at CIFAR-10, freeze half of a two-part model, augment photos as "
        "ImageDataGenerator does, and fine-tune ResNet18 on monkeys and humans."
    ),
    (
        Step(
            N_("CIFAR-10"),
            "datasets",
            N_("32x32 RGB images of 10 classes: samples, counts, mean and std."),
            6,
            settings={"dataset": "cifar10"},
            question=Question(
                N_("How many training images does CIFAR-10 have?"),
                "number",
                "50000",
                explain=N_("5,000 per class, 10 classes: 50,000 (and 10,000 for testing)."),
            ),
            figure=N_("50,000 for training / 10,000 for testing"),
            source="000:40",
        ),
        Step(
            N_("Model summation: a feature extractor and a classifier"),
            "builder",
            N_("Two blocks, each with a trainable flag: untick one to freeze it."),
            8,
            settings={"model": "feature_extractor_classifier"},
            question=Question(
                N_("The feature extractor's trainable flag is off. What learns?"),
                "choice",
                N_("only the classifier"),
                options=(N_("only the classifier"), N_("only the feature extractor"), N_("both")),
            ),
            source="000:72",
        ),
        Step(
            N_("Data augmentation"),
            "augmentation",
            N_("Rotation, zoom, shifts and flips: the same photo, drawn again and again."),
            8,
            exercise="000-augmentation",
            question=Question(
                N_("Why augment the training images?"),
                "choice",
                N_("more varied data without collecting more"),
                options=(
                    N_("more varied data without collecting more"),
                    N_("smaller files"),
                    N_("labels for free"),
                ),
            ),
            source="000:136",
        ),
        Step(
            N_("Transfer learning with ResNet18"),
            "transfer",
            N_("A new fc with 2 outputs, and the three strategies side by side."),
            15,
            exercise="000-resnet18-transfer",
            question=Question(
                N_("Strategy 3 freezes the convolutional base. What learns?"),
                "choice",
                N_("the new classifier (fc)"),
                options=(N_("the new classifier (fc)"), N_("every layer"), N_("no layer")),
            ),
            figure=N_("Best val Acc: 1.000000 (100% validation accuracy from epoch 3 on)"),
            source="000:512",
        ),
        Step(
            N_("Monkey or human? Ask the model"),
            "test_photo",
            N_("A photo the model has never seen: its answer and where it looked."),
            5,
        ),
    ),
)

LESSONS: dict[str, Lesson] = {
    lesson.id: lesson for lesson in (LESSON_000, LESSON_001, LESSON_002, LESSON_003, LESSON_004)
}
