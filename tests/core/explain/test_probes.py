"""core.explain.probes against PyTorch: hooked feature maps equal the sub-network's outputs, the
statistics, filter drivers and Grad-CAM equal hand-checked cases or plain autograd."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from PIL import Image
from torch import nn
from torch.nn import functional

from core.explain import overlay as explain_images
from core.explain import probes as explain
from core.explain.heatmap import grad_cam
from core.model.build import build_model
from core.model.presets import PRESETS, get_preset


def _net(name: str, seed: int = 0) -> nn.Module:
    torch.manual_seed(seed)
    return build_model(get_preset(name)).eval()


def _input(model: nn.Module, seed: int = 1) -> torch.Tensor:
    torch.manual_seed(seed)
    return torch.randn(2, *model.spec.input_shape)


def _sub_network(model: nn.Module, upto: str) -> nn.Sequential:
    """The modules of every summary row up to `upto` (with activations), as one Sequential."""
    modules = []
    for name in model.layer_names:
        modules.append(model.get_submodule(name))
        if name in model.activation_of:
            modules.append(model.get_submodule(model.activation_of[name]))
        if name == upto:
            break
    return nn.Sequential(*modules)


@pytest.mark.parametrize("preset", ["mnist_fast", "cifar10_fast", "feature_extractor_classifier"])
def test_feature_maps_equal_layer_outputs_and_sub_networks(preset: str) -> None:
    model = _net(preset)
    x = _input(model)
    layers = explain.probe_layers(model)
    assert [name for name, _ in layers] == model.layer_names
    maps = explain.capture(model, x, layers)
    with torch.no_grad():
        direct = dict(model.layer_outputs(x))
        for name in model.layer_names:
            torch.testing.assert_close(maps[name], direct[name], rtol=0, atol=0)
            torch.testing.assert_close(maps[name], _sub_network(model, name)(x))


@pytest.mark.slow
@pytest.mark.parametrize("preset", list(PRESETS))
def test_feature_maps_for_every_preset(preset: str) -> None:
    model = _net(preset)
    x = _input(model)[:1]
    maps = explain.capture(model, x, explain.probe_layers(model))
    with torch.no_grad():
        for name, output in model.layer_outputs(x):
            torch.testing.assert_close(maps[name], output)


def test_generic_module_containers_are_opened_one_level() -> None:
    torch.manual_seed(0)
    model = nn.Sequential()
    model.add_module("stem", nn.Conv2d(3, 4, 3, padding=1))
    model.add_module("blocks", nn.ModuleList([nn.ReLU(), nn.Conv2d(4, 6, 3)]))
    model.add_module("head", nn.AdaptiveAvgPool2d(1))
    model.forward = lambda x: model.head(model.blocks[1](model.blocks[0](model.stem(x))))
    layers = explain.probe_layers(model)
    assert [name for name, _ in layers] == ["stem", "blocks.0", "blocks.1", "head"]
    x = torch.randn(1, 3, 8, 8)
    maps = explain.capture(model, x, layers)
    with torch.no_grad():
        stem = model.stem(x)
        torch.testing.assert_close(maps["stem"], stem)
        torch.testing.assert_close(maps["blocks.1"], model.blocks[1](stem.relu()))
        assert maps["head"].shape == (1, 6, 1, 1)


def test_capture_keeps_the_output_before_an_in_place_activation() -> None:
    conv = nn.Conv2d(1, 2, 3)
    model = nn.Sequential(conv, nn.ReLU(inplace=True))
    x = torch.randn(1, 1, 6, 6)
    maps = explain.capture(model, x, [("conv", conv)])
    with torch.no_grad():
        expected = conv(x)
    assert (expected < 0).any()
    torch.testing.assert_close(maps["conv"], expected)


def test_layer_stats_hand_checked() -> None:
    relu = nn.ReLU()
    # Two images, three channels of 2x2: channel 1 is zero everywhere (dead).
    out = torch.zeros(2, 3, 2, 2)
    out[0, 0] = torch.tensor([[1.0, 0.0], [3.0, 0.0]])
    out[1, 2, 0, 0] = 4.0
    (stats,) = explain.layer_stats({"conv": out}, [("conv", relu)])
    assert stats.shape == (3, 2, 2) and stats.channels == 3 and stats.kind == "ReLU"
    assert stats.mean == pytest.approx(8 / 24)
    assert stats.zero_fraction == pytest.approx(21 / 24)
    assert stats.dead_channels == 1
    assert stats.saturated_fraction is None
    tanh = explain.layer_stats({"t": torch.tensor([[0.995, -1.0, 0.2, 0.0]])}, [("t", nn.Tanh())])
    assert tanh[0].saturated_fraction == pytest.approx(0.5)
    assert tanh[0].dead_channels == 1  # unit 3 is zero for the only image


def test_kernel_images_scale_each_filter_to_zero_one() -> None:
    weight = torch.tensor([[[[-1.0, 1.0], [0.0, 3.0]]], [[[2.0, 2.0], [2.0, 2.0]]]])
    images = explain.kernel_images(weight)
    assert images.shape == (2, 2, 2, 1)
    np.testing.assert_allclose(images[0, :, :, 0], [[0.0, 0.5], [0.25, 1.0]])
    np.testing.assert_allclose(images[1], 0.5)  # a constant filter has no pattern


def test_first_conv_is_the_one_that_sees_the_pixels() -> None:
    model = _net("mnist_fast")
    name, conv = explain.first_conv(model)
    assert name == "conv2d" and conv.in_channels == 1
    assert explain.first_conv(nn.Linear(2, 2)) is None


def test_filter_drivers_hand_checked() -> None:
    conv = nn.Conv2d(2, 1, 1, bias=True)
    with torch.no_grad():
        conv.weight[:] = torch.tensor([1.0, 2.0]).view(1, 2, 1, 1)
        conv.bias[:] = 0.5
    x = torch.zeros(1, 2, 3, 3)
    x[0, 0, 1, 1], x[0, 1, 1, 1] = 1.0, 3.0  # peak at (1, 1): 1*1 + 2*3 + 0.5 = 7.5
    (driver,) = explain.filter_drivers(conv, x)
    assert (driver.row, driver.col, driver.channel) == (1, 1, 1)
    assert driver.response == pytest.approx(7.5) and driver.contribution == pytest.approx(6.0)


@pytest.mark.parametrize("padding", [0, 1, "same"])
def test_channel_contributions_sum_to_the_conv_output(padding: int | str) -> None:
    torch.manual_seed(0)
    conv = nn.Conv2d(5, 4, 3, padding=padding, stride=1 if padding == "same" else 2)
    x = torch.randn(1, 5, 9, 9)
    parts = explain.channel_contributions(conv, x)
    with torch.no_grad():
        expected = functional.conv2d(
            x, conv.weight, conv.bias, conv.stride, conv.padding, conv.dilation
        )
    torch.testing.assert_close(parts.sum(0) + conv.bias.view(-1, 1, 1), expected[0])
    for driver in explain.filter_drivers(conv, x):
        assert driver.response == pytest.approx(float(expected[0, driver.filter].max()), abs=1e-5)


def _two_detector_model() -> nn.Module:
    """Channel 0 fires on bright pixels, channel 1 on dark ones; class k = mean of channel k."""
    conv = nn.Conv2d(1, 2, 1)
    with torch.no_grad():
        conv.weight[:] = torch.tensor([1.0, -1.0]).view(2, 1, 1, 1)
        conv.bias[:] = torch.tensor([0.0, 1.0])
    return nn.Sequential(conv, nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten())


def _quadrant_image() -> torch.Tensor:
    x = torch.zeros(1, 1, 16, 16)
    x[..., 2:6, 10:14] = 1.0  # the evidence: a bright square in the top-right quadrant
    return x


def test_grad_cam_peaks_where_the_evidence_is() -> None:
    model, x = _two_detector_model(), _quadrant_image()
    cam = grad_cam(model, x, model[1], class_index=0)
    assert cam.shape == (16, 16) and cam.min() >= 0 and cam.max() == pytest.approx(1.0, abs=1e-4)
    row, col = np.unravel_index(cam.argmax(), cam.shape)
    assert row < 8 and col >= 8
    assert cam[:8, 8:].mean() > 5 * cam[8:, :8].mean()
    dark = grad_cam(model, x, model[1], class_index=1)  # the other class: elsewhere
    assert dark[8:, :8].mean() > 5 * dark[2:6, 10:14].mean()


def test_grad_cam_of_a_binary_model_shows_each_class_its_own_evidence() -> None:
    # One sigmoid output z = bright - dark: class 1 (z > 0) is "bright", class 0 "dark".
    model = nn.Sequential(*_two_detector_model(), nn.Linear(2, 1))
    with torch.no_grad():
        model[-1].weight[:] = torch.tensor([[1.0, -1.0]])
        model[-1].bias.zero_()
    x = _quadrant_image()
    bright = grad_cam(model, x, model[1], class_index=1)
    assert bright[2:6, 10:14].mean() > 5 * bright[8:, :8].mean()
    dark = grad_cam(model, x, model[1], class_index=0)  # -z: the dark pixels' evidence
    assert dark[8:, :8].mean() > 5 * dark[2:6, 10:14].mean()


def test_grad_cam_equals_plain_autograd_on_a_trained_sized_net() -> None:
    model = _net("mnist_fast", seed=3)
    x = _input(model)[:1]
    layer = model.get_submodule("conv2d_1_act")
    cam = grad_cam(model, x, layer, class_index=7)
    # By hand: weights = spatial mean of d(logit 7)/dA, ReLU of the weighted sum, min-max.
    kept = {}
    handle = layer.register_forward_hook(lambda _m, _i, out: kept.setdefault("a", out))
    logits = model.logits(x)
    handle.remove()
    (grad,) = torch.autograd.grad(logits[0, 7], kept["a"])
    weights = grad.mean(dim=(2, 3), keepdim=True)
    expected = (weights * kept["a"]).sum(1).relu()
    expected = (expected - expected.min()) / (expected.max() - expected.min() + 1e-8)
    expected = functional.interpolate(expected[None], size=(28, 28), mode="bilinear")[0, 0]
    np.testing.assert_allclose(cam, expected.detach().numpy(), atol=1e-5)


def test_grad_cam_of_a_value_model_is_the_evidence_that_raises_its_value() -> None:
    model = _net("mnist_value", seed=3)  # 003:292's value: one output, no sigmoid
    x = _input(model)[:1]
    layer = model.get_submodule("conv2d_1_act")
    cam = grad_cam(model, x, layer, class_index=7)  # no classes: the value itself
    kept = {}
    handle = layer.register_forward_hook(lambda _m, _i, out: kept.setdefault("a", out))
    value = model.logits(x)
    handle.remove()
    (grad,) = torch.autograd.grad(value[0, 0], kept["a"])
    expected = (grad.mean(dim=(2, 3), keepdim=True) * kept["a"]).sum(1).relu()
    expected = (expected - expected.min()) / (expected.max() - expected.min() + 1e-8)
    expected = functional.interpolate(expected[None], size=(28, 28), mode="bilinear")[0, 0]
    np.testing.assert_allclose(cam, expected.detach().numpy(), atol=1e-5)
    assert explain.value_of(model, x) == pytest.approx(float(value[0, 0].detach()), abs=1e-6)


def test_grad_cam_works_with_frozen_weights_and_restores_training_mode() -> None:
    model = _two_detector_model().train()
    model.requires_grad_(False)
    cam = grad_cam(model, _quadrant_image()[0], "1", class_index=0)
    assert cam.max() == pytest.approx(1.0, abs=1e-4) and model.training


def test_top_k_is_softmax_of_the_logits() -> None:
    model = _net("mnist_fast")
    x = _input(model)[:1]
    with torch.no_grad():
        probabilities = functional.softmax(model.logits(x), dim=1)[0]
    top = explain.top_k(model, x, k=3)
    assert [i for i, _ in top] == probabilities.argsort(descending=True)[:3].tolist()
    assert top[0][1] == pytest.approx(float(probabilities.max()))
    assert sum(p for _, p in explain.top_k(model, x, k=10)) == pytest.approx(1.0)


def test_to_input_matches_the_training_pipeline() -> None:
    from core.data.datasets import get_info
    from core.data.errors import DatasetUnavailable
    from core.training.data import eval_split
    from core.training.evaluate import dataset_image

    try:
        split = eval_split("mnist", "test", get_preset("mnist_fast"), limit=5)
    except DatasetUnavailable:
        pytest.skip("MNIST is not on this computer")
    info = get_info("mnist")
    x = explain_images.to_input(dataset_image("mnist", "test", 3), (1, 28, 28), info.mean, info.std)
    torch.testing.assert_close(x[0], split[3][0], rtol=0, atol=0)


def test_to_input_resizes_converts_and_inverts() -> None:
    white = Image.new("RGB", (40, 20), (255, 255, 255))
    x = explain_images.to_input(white, (1, 10, 10), (0.5,), (0.5,))
    assert x.shape == (1, 1, 10, 10) and torch.allclose(x, torch.ones_like(x))
    inverted = explain_images.to_input(
        white, (3, 8, 8), (0.0, 0.0, 0.0), (1.0, 1.0, 1.0), invert=True
    )
    assert inverted.shape == (1, 3, 8, 8) and float(inverted.abs().max()) == 0.0


def test_colorize_and_overlay() -> None:
    ramp = explain_images.colorize(np.array([[0.0, 1.0]]))
    assert ramp.tolist() == [[[48, 18, 59], [122, 4, 3]]]
    image = Image.new("RGB", (4, 4), (10, 20, 30))
    same = explain_images.overlay(image, np.ones((2, 2)), alpha=0.0)
    assert np.array_equal(np.asarray(same), np.asarray(image))
    hot = explain_images.overlay(image, np.ones((2, 2)), alpha=1.0)
    assert hot.size == (4, 4) and np.asarray(hot)[0, 0].tolist() == [122, 4, 3]


def test_receptive_fields_hand_checked() -> None:
    # 3x3 conv: 3; 2x2 pool: 3 + 1 = 4, jump 2; 3x3 conv: 4 + 2*2 = 8; pool: 8 + 1*2 = 10.
    fields = explain.receptive_fields(_net("mnist_fast"), 28)
    assert list(fields.values()) == [3, 4, 8, 10, 28, 28, 28]
    # 5x5 "same" convs: 5, pool 6, 5x5 at jump 2: 6 + 4*2 = 14, pool 16.
    assert list(explain.receptive_fields(_net("mnist_1filter"), 28).values())[:4] == [5, 6, 14, 16]
    assert explain.receptive_fields(nn.Linear(2, 2), 28) == {}


def test_sessions_sharing_one_model_do_not_mix_their_hooks() -> None:
    """Many sessions may hook the same cached model at once (the load test found this)."""
    import threading

    from core.explain.probes import capture, probe_layers
    from core.model.build import build_model
    from core.model.presets import get_preset

    torch.manual_seed(0)
    model = build_model(get_preset("mnist_fast")).eval()
    layers = probe_layers(model)
    images = [torch.randn(1, 1, 28, 28) for _ in range(4)]
    expected = [capture(model, image, layers) for image in images]
    failures: list[str] = []

    def session(k: int) -> None:
        for _ in range(20):
            try:
                got = capture(model, images[k], layers)
                grad_cam(model, images[k], layers[0][0], 3)
                explain.top_k(model, images[k])  # a plain prediction beside the hooks too
            except Exception as error:
                failures.append(repr(error))
                return
            if any(not torch.equal(got[n], expected[k][n]) for n in got):
                failures.append(f"session {k} saw another image's maps")

    threads = [threading.Thread(target=session, args=(k,)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert failures == []
