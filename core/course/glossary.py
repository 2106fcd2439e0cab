"""The course's terms in Korean and English (용어집): a one-line meaning in each language and
the formula where there is one. The Korean words are the ones Korean CNN courses use; Keras
and PyTorch names stay in English, as the course keeps them (Conv2D, Dense, "Param #")."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    key: str  # an anchor, e.g. "learning-rate"
    korean: str
    english: str
    meaning_ko: str
    meaning_en: str
    formula: str = ""  # plain text (no LaTeX), as the pages print formulas

    def meaning(self, language: str) -> str:
        return self.meaning_ko if language == "ko" else self.meaning_en


TERMS: tuple[Term, ...] = (
    Term(
        "convolution",
        "컨볼루션 (합성곱)",
        "convolution (Conv2D)",
        "커널을 이미지 위로 밀면서 겹치는 값끼리 곱해 더한 값으로 특성 맵을 만든다.",
        "Slide a kernel over the image; each output is the sum of the overlapping products.",
        "out[i, j] = Σ w·x + b;  size = ⌊(n + 2p − k) / s⌋ + 1",
    ),
    Term(
        "layer",
        "레이어 (층)",
        "layer",
        "입력을 받아 출력을 내는 한 단계. CNN은 컨볼루션·풀링·Dense 레이어를 차례로 쌓는다.",
        "One stage that turns its input into an output; a CNN stacks Conv2D, pooling and "
        "Dense layers.",
    ),
    Term(
        "kernel",
        "커널 (필터)",
        "kernel (filter)",
        "컨볼루션에 쓰는 작은 가중치 행렬. 필터 하나가 특성 맵 하나를 만든다.",
        "The small weight matrix of a convolution; each filter makes one feature map.",
        "Param # = (k·k·C_in + 1)·C_out",
    ),
    Term(
        "depthwise-convolution",
        "깊이별 컨볼루션 (depthwise)",
        "depthwise convolution (DepthwiseConv2D)",
        "채널마다 필터 하나로 따로 컨볼루션한다. 뒤에 1x1 컨볼루션을 두면 보통 컨볼루션의 "
        "일을 훨씬 적은 파라미터로 한다 (MobileNet).",
        "One filter per channel, each channel convolved on its own; a 1x1 convolution after "
        "it does a full convolution's work with far fewer parameters (MobileNet).",
        "Param # = k·k·C (+ C);  a full Conv2D: (k·k·C + 1)·F",
    ),
    Term(
        "feature-map",
        "특성 맵",
        "feature map",
        "필터 하나가 이미지 전체에서 반응한 결과. 레이어의 출력 채널 하나.",
        "One filter's response over the whole image: one output channel of a layer.",
    ),
    Term(
        "padding",
        "패딩",
        "padding",
        "가장자리에 0을 덧대어 출력 크기를 유지한다 ('same'). 'valid'는 덧대지 않는다.",
        "Zeros added around the border so the size is kept ('same'); 'valid' adds none.",
        "'same': p = (k − 1) / 2 for stride 1",
    ),
    Term(
        "stride",
        "스트라이드",
        "stride",
        "커널이 한 번에 움직이는 칸 수. 2이면 출력의 가로·세로가 약 절반이 된다.",
        "How many pixels the kernel moves per step; 2 roughly halves the height and width.",
        "size = ⌊(n + 2p − k) / s⌋ + 1",
    ),
    Term(
        "pooling",
        "풀링 (최대 풀링)",
        "pooling (MaxPooling2D)",
        "창마다 가장 큰 값(평균 풀링은 평균)만 남겨 특성 맵을 줄인다. 파라미터가 없다.",
        "Keep each window's largest value (average pooling: its mean); no parameters.",
        "2×2, stride 2: (H, W) → (H/2, W/2)",
    ),
    Term(
        "flatten",
        "평탄화 (Flatten)",
        "Flatten",
        "특성 맵을 한 줄의 벡터로 펴서 Dense 레이어에 넘긴다.",
        "Unroll the feature maps into one vector for the Dense layers.",
        "C × H × W values → one vector",
    ),
    Term(
        "dense",
        "완전 연결 레이어 (Dense)",
        "fully connected layer (Dense)",
        "모든 입력이 모든 출력과 가중치로 연결된 레이어.",
        "Every input is connected to every output by its own weight.",
        "Param # = (inputs + 1) × units",
    ),
    Term(
        "activation",
        "활성화 함수 (ReLU)",
        "activation function (ReLU)",
        "레이어의 출력에 비선형성을 더한다. ReLU는 음수를 0으로 만든다.",
        "Adds non-linearity to a layer's output; ReLU turns negatives into 0.",
        "ReLU(x) = max(0, x)",
    ),
    Term(
        "softmax",
        "소프트맥스",
        "softmax",
        "마지막 레이어의 점수를 합이 1인 클래스별 확률로 바꾼다.",
        "Turns the last layer's scores into class probabilities that sum to 1.",
        "softmax(z)ᵢ = e^zᵢ / Σⱼ e^zⱼ",
    ),
    Term(
        "loss",
        "손실 함수 (교차 엔트로피)",
        "loss (cross-entropy)",
        "예측이 정답에서 얼마나 먼지를 나타내는 값. 학습은 이 값을 줄인다.",
        "How far the prediction is from the answer; training makes it smaller.",
        "L = −Σ y·log(p)",
    ),
    Term(
        "mse",
        "평균 제곱 오차 (MSE)",
        "mean squared error (MSE)",
        "값으로 답하는 모델(003의 Value)의 손실: 출력과 정답 값의 차이를 제곱해 평균한다.",
        "The loss of a model that answers with a value (003's Value): the mean of the squared "
        "differences between its outputs and the true values.",
        "MSE = (1/N) Σ (y − ŷ)²",
    ),
    Term(
        "learning-rate",
        "학습률",
        "learning rate",
        "한 번의 업데이트에서 가중치를 기울기 방향으로 얼마나 움직일지 정한다.",
        "How far each update moves the weights along the gradient.",
        "w ← w − η · ∂L/∂w",
    ),
    Term(
        "epoch",
        "에포크",
        "epoch",
        "학습 데이터 전체를 한 번 다 보는 것.",
        "One pass over the whole training set.",
        "steps per epoch = ⌈images / batch size⌉",
    ),
    Term(
        "batch-size",
        "배치 크기",
        "batch size",
        "가중치를 한 번 업데이트할 때 함께 보는 이미지 수.",
        "How many images are seen together for one update of the weights.",
        "tensor shape (N, C, H, W): N = batch size",
    ),
    Term(
        "overfitting",
        "과적합",
        "overfitting",
        "학습 데이터는 외우지만 새 데이터에서는 틀린다: 학습 정확도는 오르고 검증 정확도는 멈춘다.",
        "The model memorises the training set: training accuracy rises, validation stalls.",
    ),
    Term(
        "dropout",
        "드롭아웃",
        "dropout",
        "학습 중 무작위로 뉴런 일부를 끈다. 과적합을 줄인다.",
        "Switches off a random share of the units during training, against overfitting.",
        "kept units × 1 / (1 − rate) in training",
    ),
    Term(
        "batch-normalization",
        "배치 정규화",
        "batch normalization",
        "배치의 평균과 분산으로 값을 정규화한 뒤 γ, β로 다시 조정한다.",
        "Normalises each channel with the batch's mean and variance, then scales by γ, β.",
        "y = γ · (x − μ) / √(σ² + ε) + β;  Param # = 4·C (2·C trainable)",
    ),
    Term(
        "augmentation",
        "데이터 증강",
        "data augmentation",
        "이미지를 조금씩 바꿔(이동, 회전, 반전) 학습 데이터를 늘린다.",
        "Enlarges the training set with changed copies (shifts, rotations, flips).",
    ),
    Term(
        "transfer-learning",
        "전이 학습",
        "transfer learning",
        "큰 데이터로 미리 학습한 네트워크를 가져와 새 문제에 맞게 다시 학습한다.",
        "Reuse a network pretrained on a large dataset for a new task.",
    ),
    Term(
        "fine-tuning",
        "파인 튜닝 (미세 조정)",
        "fine-tuning",
        "사전 학습된 레이어의 일부나 전부를 작은 학습률로 함께 학습한다.",
        "Train some or all pretrained layers too, with a small learning rate.",
    ),
    Term(
        "validation",
        "검증 데이터",
        "validation set",
        "학습에 쓰지 않고 에포크마다 과적합을 확인하는 데 쓰는 데이터.",
        "Images held out of training to check for overfitting after each epoch.",
    ),
    Term(
        "accuracy",
        "정확도",
        "accuracy",
        "맞힌 이미지 수를 전체 이미지 수로 나눈 값.",
        "Correct predictions divided by all predictions.",
        "accuracy = correct / total",
    ),
    Term(
        "parameter",
        "파라미터 (가중치와 편향)",
        "parameters (weights and biases)",
        "학습으로 정해지는 값. 요약 표의 Param # 열이 레이어마다 센다.",
        "The values training sets; the summary's Param # column counts them per layer.",
        "Conv2D: (k·k·C_in + 1)·C_out;  Dense: (inputs + 1)·units",
    ),
    Term(
        "hyperparameter",
        "하이퍼 파라미터",
        "hyperparameter",
        "학습 전에 사람이 정하는 값: 학습률, 배치 크기, 에포크, 필터 수 같은 것.",
        "A value chosen before training, not learned: learning rate, batch size, epochs, filters.",
    ),
    Term(
        "optimizer",
        "옵티마이저",
        "optimizer",
        "기울기로 가중치를 고치는 규칙: SGD, 모멘텀, RMSprop, Adam 등.",
        "The rule that updates the weights from the gradients: SGD, momentum, RMSprop, Adam.",
        "SGD: w ← w − η·∇L;  momentum: v ← βv − η·∇L, w ← w + v",
    ),
    Term(
        "lr-schedule",
        "학습률 스케줄",
        "learning-rate schedule",
        "학습하는 동안 학습률을 바꾸는 규칙: 거듭제곱, 지수, 구간별, 성능 기반, 1cycle.",
        "How the learning rate changes during training: power, exponential, piecewise, "
        "performance, 1cycle.",
        "exponential: η(t) = η0 · 0.1^(t/s);  power: η(t) = η0 / (1 + t/s)^c",
    ),
    Term(
        "regularization",
        "정규화 (규제)",
        "regularization",
        "과적합을 줄이려고 모델에 거는 제약: L1·L2, 드롭아웃, max-norm.",
        "Constraints that curb overfitting: L1 and L2 penalties, dropout, max-norm.",
        "L2: loss + λ·Σ w²;  L1: loss + λ·Σ |w|",
    ),
    Term(
        "one-hot",
        "원-핫 인코딩",
        "one-hot encoding",
        "클래스 번호를 그 자리만 1이고 나머지는 0인 벡터로 바꾼다. 소프트맥스 출력과 비교한다.",
        "A class number as a vector of 0s with a 1 at its place, compared with the softmax output.",
        "3 of 10 classes → [0, 0, 0, 1, 0, 0, 0, 0, 0, 0]",
    ),
)


def term(key: str) -> Term:
    """The term by its key; KeyError for an unknown one."""
    for item in TERMS:
        if item.key == key:
            return item
    raise KeyError(key)
