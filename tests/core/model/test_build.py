"""build_model, summarize and export_code agree with each other and with PyTorch itself."""

import pytest
import torch
from torch import nn

from core.errors import SpecError
from core.model.build import MAX_PARAMS, build_model
from core.model.export import export_code
from core.model.layers.dense import Dense, Flatten
from core.model.layers.mobilenet import DepthwiseConv2D
from core.model.presets import PRESETS, get_preset
from core.model.registry import layer_types
from core.model.shapes import layer_names
from core.model.specs import ModelSpec
from core.model.summary import summarize
from tests.core.small_models import one_layer_model


def _module_of(model: nn.Module, name: str) -> nn.Module:
    return model.get_submodule(name)


def _exported(spec: ModelSpec) -> nn.Module:
    namespace: dict = {}
    exec(compile(export_code(spec), "<exported>", "exec"), namespace)
    return namespace["CNN"]()


def _statistics(module: nn.Module) -> int:
    """BatchNorm's running mean and variance (not its batch counter)."""
    return sum(
        b.numel() for n, b in module.named_buffers() if n.split(".")[-1].startswith("running")
    )


def check_against_torch(spec: ModelSpec) -> None:
    """Every row's shape and Param # against the real module, and the exported code too."""
    torch.manual_seed(0)
    summary = summarize(spec)
    model = build_model(spec).eval()
    x = torch.randn(2, *spec.input_shape)
    with torch.no_grad():
        outputs = dict(model.layer_outputs(x))
    for row in summary.rows:
        assert tuple(outputs[row.name].shape) == (2, *row.output_shape), row.name
        module = _module_of(model, row.name)
        # Keras's Param # = PyTorch's parameters + BatchNorm's running mean and variance.
        weights = sum(p.numel() for p in module.parameters())
        assert weights + _statistics(module) == row.params, row.name
        assert row.trainable_params == (weights if row.trainable else 0), row.name
    assert sum(p.numel() for p in model.parameters()) + _statistics(model) == summary.total_params
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    assert trainable == summary.trainable_params

    exported = _exported(spec).eval()
    assert list(exported.state_dict()) == list(model.state_dict())
    exported.load_state_dict(model.state_dict())
    assert [p.requires_grad for p in exported.parameters()] == [
        p.requires_grad for p in model.parameters()
    ]
    with torch.no_grad():
        torch.testing.assert_close(exported(x), model(x))


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_matches_torch(name: str) -> None:
    check_against_torch(get_preset(name))


@pytest.mark.parametrize("type_name", list(layer_types()))
def test_every_layer_type_matches_torch(type_name: str) -> None:
    check_against_torch(one_layer_model(layer_types()[type_name]()))


def _count_macs(model: nn.Module, input_shape: tuple[int, ...]) -> int:
    """Multiply-adds of every Conv2d and Linear, counted from the real forward pass."""
    total = 0

    def hook(module: nn.Module, inputs: tuple, output: torch.Tensor) -> None:
        nonlocal total
        if isinstance(module, nn.Conv2d):
            per_output = module.in_channels // module.groups * module.weight[0, 0].numel()
            total += output[0].numel() * per_output
        else:
            total += module.in_features * module.out_features

    handles = [
        m.register_forward_hook(hook)
        for m in model.modules()
        if isinstance(m, (nn.Conv2d, nn.Linear))
    ]
    with torch.no_grad():
        model.eval()(torch.zeros(1, *input_shape))
    for handle in handles:
        handle.remove()
    return total


@pytest.mark.parametrize("name", ["mnist_32_64", "cifar10_cnn_bn_dropout", "alexnet", "resnet18"])
def test_flops_match_a_count_on_the_real_forward_pass(name: str) -> None:
    spec = get_preset(name)
    assert summarize(spec).flops == _count_macs(build_model(spec), spec.input_shape)


def _is_the_same_network(model: nn.Module, reference: nn.Module, softmax: bool = False) -> None:
    """Same tensors in the same order: copying torchvision's over gives the very same outputs
    on a 224x224 image (`softmax`: ours ends in softmax, as Keras's does; torchvision's in
    logits)."""
    ours, theirs = model.state_dict(), reference.state_dict()
    assert [v.shape for v in ours.values()] == [v.shape for v in theirs.values()]
    model.load_state_dict(dict(zip(ours, theirs.values(), strict=True)))
    x = torch.randn(1, 3, 224, 224)
    with torch.no_grad():
        expected = torch.softmax(reference(x), dim=1) if softmax else reference(x)
        torch.testing.assert_close(model(x), expected)


@pytest.mark.parametrize(
    ("depth", "params", "statistics"),
    [
        (18, 11_689_512, 9_600),
        (34, 21_797_672, 17_024),
        (50, 25_557_032, 53_120),
        (101, 44_549_160, 105_344),
        (152, 60_192_808, 151_424),
    ],
)
def test_the_resnets_of_003_are_torchvisions(depth: int, params: int, statistics: int) -> None:
    from torchvision import models

    reference = getattr(models, f"resnet{depth}")().eval()
    model = build_model(get_preset(f"resnet{depth}")).eval()
    summary = summarize(get_preset(f"resnet{depth}"))
    assert summary.trainable_params == sum(p.numel() for p in reference.parameters()) == params
    # Keras counts the BatchNorms' moving means and variances as non-trainable params.
    assert summary.non_trainable_params == _statistics(reference) == statistics
    # torchvision's own table of multiply-adds at 224x224 (1.814, 3.664, 4.089 GFLOPS).
    weights = models.get_model_weights(f"resnet{depth}").IMAGENET1K_V1
    assert round(summary.flops / 1e9, 3) == weights.meta["_ops"]
    _is_the_same_network(model, reference)


def test_vgg16_is_the_course_tables_and_torchvisions() -> None:
    from torchvision import models

    spec = get_preset("vgg16")
    summary = summarize(spec)
    reference = models.vgg16().eval()
    # 001:259, Keras's model zoo: VGG16, 138,357,544 parameters.
    assert summary.trainable_params == sum(p.numel() for p in reference.parameters())
    assert summary.trainable_params == 138_357_544 and summary.non_trainable_params == 0
    weights = models.get_model_weights("vgg16").IMAGENET1K_V1
    assert round(summary.flops / 1e9, 2) == weights.meta["_ops"]  # 15.47 GFLOPS at 224x224
    model = build_model(spec).eval()
    _is_the_same_network(model, reference, softmax=True)


def test_mobilenet_v2_is_the_course_tables_and_torchvisions() -> None:
    from torchvision import models

    summary = summarize(get_preset("mobilenet_v2"))
    reference = models.mobilenet_v2().eval()
    # 001:270, Keras's model zoo: MobileNetV2, 3,538,984 parameters; torchvision's 3,504,872
    # plus the BatchNorms' moving means and variances, which Keras counts as non-trainable.
    assert summary.total_params == 3_538_984
    assert summary.trainable_params == sum(p.numel() for p in reference.parameters())
    assert summary.non_trainable_params == _statistics(reference) == 34_112
    weights = models.get_model_weights("mobilenet_v2").IMAGENET1K_V1
    assert round(summary.flops / 1e9, 3) == weights.meta["_ops"]  # 0.301 GFLOPS at 224x224
    model = build_model(get_preset("mobilenet_v2")).eval()
    _is_the_same_network(model, reference, softmax=True)


def test_a_depthwise_convolution_has_one_filter_per_channel() -> None:
    # 3*3*32 + 32 against a full Conv2D's (3*3*32 + 1) * 32 = 9,248: the separable saving
    spec = ModelSpec((32, 8, 8), (DepthwiseConv2D(kernel_size=3, padding="same"),))
    row = summarize(spec).rows[0]
    assert row.output_shape == (32, 8, 8) and row.params == 320
    module = next(m for m in build_model(spec).modules() if isinstance(m, nn.Conv2d))
    assert module.groups == 32 and tuple(module.weight.shape) == (32, 1, 3, 3)


def test_course_presets_hand_checked_totals() -> None:
    # (5*5*1+1)*1 + (5*5*1+1)*1 + (49+1)*1000 + (1000+1)*10
    assert summarize(get_preset("mnist_1filter")).total_params == 26 + 26 + 50_000 + 10_010
    # 832 + (25*32+1)*64 + (3136+1)*1000 + 10,010
    assert summarize(get_preset("mnist_32_64")).total_params == 832 + 51_264 + 3_137_000 + 10_010
    # (5*5*3+1)*32 + (5*5*32+1)*32 + (5*5*32+1)*64 + (1024+1)*64 + (64+1)*10 (004's summary)
    assert summarize(get_preset("cifar10_cnn")).total_params == 145_578
    # plus 4 per channel of BatchNorm(32), (32), (64) and BatchNorm(64) after Dense(64), of
    # which the moving mean and variance (2 per channel) are non-trainable, as Keras counts
    with_bn = summarize(get_preset("cifar10_cnn_bn_dropout"))
    assert with_bn.total_params == 145_578 + 4 * (32 + 32 + 64 + 64)
    assert with_bn.non_trainable_params == 2 * (32 + 32 + 64 + 64)
    # 000's CNN_sum: 32x32x3 -> 16 filters -> 32 filters, stride 2 -> pool: 8*8*32 = 2048
    fec = summarize(get_preset("feature_extractor_classifier"))
    assert fec.rows[3].output_shape == (2048,) and fec.rows[4].params == (2048 + 1) * 128


def test_alexnet_matches_the_table_of_001() -> None:
    summary = summarize(get_preset("alexnet"))
    rows = [(row.keras_type, row.output_shape) for row in summary.rows if row.index < 10]
    assert rows == [  # [55x55x96] CONV1 ... [6x6x256] MAX POOL3, NORM1 and NORM2 included
        ("Conv2D", (96, 55, 55)),
        ("MaxPooling2D", (96, 27, 27)),
        ("LocalResponseNormalization", (96, 27, 27)),
        ("Conv2D", (256, 27, 27)),
        ("MaxPooling2D", (256, 13, 13)),
        ("LocalResponseNormalization", (256, 13, 13)),
        ("Conv2D", (384, 13, 13)),
        ("Conv2D", (384, 13, 13)),
        ("Conv2D", (256, 13, 13)),
        ("MaxPooling2D", (256, 6, 6)),
    ]
    dense = [row.output_shape for row in summary.rows if row.keras_type == "Dense"]
    assert dense == [(4096,), (4096,), (1000,)]  # FC6, FC7, FC8: no Dropout in the table
    assert [row.params for row in summary.rows if row.keras_type == "Conv2D"] == [
        34_944,  # (11*11*3+1)*96
        614_656,
        885_120,
        1_327_488,
        884_992,
    ]
    assert summary.total_params == 62_378_344


def test_frozen_block_counts_as_non_trainable() -> None:
    spec = get_preset("feature_extractor_classifier")
    frozen = spec.replace_layers(
        layer
        if layer.block != "feature_extractor"
        else type(layer)(**{**vars(layer), "trainable": False})
        for layer in spec.layers
    )
    summary = summarize(frozen)
    assert summary.non_trainable_params == 448 + 4_640  # (3*3*3+1)*16 + (3*3*16+1)*32
    check_against_torch(frozen)


def test_too_large_model_is_refused_before_allocating() -> None:
    spec = ModelSpec((3, 224, 224), (Flatten(), Dense(units=4096)))  # 616M params
    with pytest.raises(SpecError, match="CNN Lab builds at most"):
        build_model(spec)
    assert summarize(spec).total_params > MAX_PARAMS


@pytest.mark.parametrize("name", ["mnist_1filter", "resnet18"])
def test_logits_are_the_scores_before_the_final_softmax(name: str) -> None:
    spec = get_preset(name)
    model = build_model(spec).eval()
    x = torch.randn(2, *spec.input_shape)
    with torch.no_grad():
        logits, output = model.logits(x), model(x)
    if name == "resnet18":  # no softmax at the end: logits are the output
        torch.testing.assert_close(logits, output)
    else:
        torch.testing.assert_close(logits.softmax(dim=1), output)
        assert not torch.allclose(logits, output)


def test_logits_skip_a_softmax_layer_of_its_own() -> None:
    from core.model.layers.activations import Softmax

    spec = ModelSpec((1, 4, 4), (Flatten(), Dense(units=3), Softmax()))
    model = build_model(spec).eval()
    x = torch.randn(2, 1, 4, 4)
    torch.testing.assert_close(model.logits(x), model.dense(model.flatten(x)))
    torch.testing.assert_close(model.logits(x).softmax(1), model(x))


def test_weights_saved_with_the_old_layer_names_still_load() -> None:
    # Runs saved before the names followed Keras have conv2d_1 for the first Conv2D (now
    # conv2d) and conv2d_2 for the second (now conv2d_1): keys are renamed layer by layer.
    spec = get_preset("mnist_32_64")
    saved = build_model(spec)
    old = dict(zip(layer_names(spec), layer_names(spec, first_suffix=1), strict=True))
    legacy = {
        old[k.split(".")[0]] + "." + k.split(".", 1)[1]: v for k, v in saved.state_dict().items()
    }
    assert "conv2d_2.weight" in legacy and legacy["conv2d_2.weight"].shape[0] == 64
    model = build_model(spec)
    model.load_state_dict(legacy)
    assert all(torch.equal(v, saved.state_dict()[k]) for k, v in model.state_dict().items())
