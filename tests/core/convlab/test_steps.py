"""conv_math against PyTorch, and the course's two worked examples exactly."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from core.convlab.kernels import COURSE_CONV_INPUT, COURSE_CONV_KERNEL, COURSE_POOL_INPUT, KERNELS
from core.convlab.steps import (
    ConvSettingsError,
    check_conv_settings,
    conv2d,
    conv2d_params,
    conv2d_steps,
    dense_params,
    pool2d_steps,
    receptive_field,
)
from core.model.shapes import conv_output_size as output_size


def torch_conv(x, w, b, stride, padding, dilation) -> np.ndarray:
    out = F.conv2d(
        torch.from_numpy(x)[None],
        torch.from_numpy(w),
        torch.from_numpy(b),
        stride=stride,
        padding=padding,
        dilation=dilation,
    )
    return out[0].numpy()


def test_course_convolution_example() -> None:
    steps = conv2d_steps(COURSE_CONV_INPUT, COURSE_CONV_KERNEL)
    first = steps.step(0)
    assert first.total == 4
    assert first.products.tolist() == [[[1, 0, 1], [0, 1, 0], [0, 0, 1]]]
    # Hand-checked: the course's full feature map.
    assert steps.output[0].tolist() == [[4, 3, 4], [2, 4, 3], [2, 3, 4]]
    assert len(steps) == 9


def test_course_pooling_example() -> None:
    steps = pool2d_steps(COURSE_POOL_INPUT, size=2, stride=2)
    assert steps.output.tolist() == [[2, 3], [4, 2]]
    r, c, rows, cols = steps.position(3)
    assert (r, c, rows.tolist(), cols.tolist()) == (1, 1, [2, 3], [2, 3])
    # The max of the last window [[1, 2], [0, 1]] is at flat index 1.
    assert steps.argmax[1, 1] == 1


RNG = np.random.default_rng(0)
CASES = [  # (C, F, n, k, stride, padding, dilation)
    (1, 1, 5, 3, 1, 0, 1),
    (1, 1, 7, 3, 2, 1, 1),
    (3, 2, 6, 3, 1, 2, 2),
    (3, 4, 9, 5, 3, 2, 1),
    (2, 3, 8, 2, 2, 0, 3),
    (1, 2, 4, 1, 1, 3, 1),
    (3, 1, 10, 4, 3, 1, 2),
]


@pytest.mark.parametrize(("c", "f", "n", "k", "s", "p", "d"), CASES)
def test_conv_matches_torch(c, f, n, k, s, p, d) -> None:
    x = RNG.normal(size=(c, n, n + 1))
    w = RNG.normal(size=(f, c, k, k))
    b = RNG.normal(size=f)
    expected = torch_conv(x, w, b, s, p, d)
    steps = conv2d_steps(x, w, b, s, p, d)
    np.testing.assert_allclose(steps.output, expected, atol=1e-10)
    np.testing.assert_allclose(conv2d(x, w, b, s, p, d), expected, atol=1e-10)
    assert steps.output.shape[1] == output_size(n, k, s, p, d)
    # Each step's window, products and sums agree with the map it claims to compute.
    for i in range(0, len(steps), 5):
        step = steps.step(i)
        assert steps.index_of(step.filter, step.row, step.col) == i
        np.testing.assert_allclose(step.products, step.window * step.kernel)
        np.testing.assert_allclose(
            step.products.sum() + step.bias, expected[step.filter, step.row, step.col]
        )
        np.testing.assert_allclose(step.channel_sums, step.products.sum(axis=(1, 2)))


@pytest.mark.parametrize(
    ("n", "k", "s", "p"), [(4, 2, 2, 0), (7, 3, 2, 1), (6, 3, 1, 0), (9, 4, 3, 2), (5, 1, 1, 0)]
)
@pytest.mark.parametrize("mode", ["max", "avg"])
def test_pool_matches_torch(n, k, s, p, mode) -> None:
    x = RNG.normal(size=(n, n + 2))
    tx = torch.from_numpy(x)[None, None]
    if mode == "max":
        expected = F.max_pool2d(tx, k, s, p)
    else:
        expected = F.avg_pool2d(tx, k, s, p, count_include_pad=True)
    steps = pool2d_steps(x, k, s, p, mode)
    np.testing.assert_allclose(steps.output, expected[0, 0].numpy(), atol=1e-12)
    for i in range(len(steps)):
        r, c, rows, cols = steps.position(i)
        window = steps.padded[np.ix_(rows, cols)]
        np.testing.assert_array_equal(window, steps.windows[r, c])
        if mode == "max":
            assert window.flat[steps.argmax[r, c]] == steps.output[r, c]


def test_max_pool_pads_with_minus_infinity_and_avg_with_counted_zeros() -> None:
    x = -np.ones((2, 2))
    assert pool2d_steps(x, 2, 2, 1, "max").output.tolist() == [[-1, -1], [-1, -1]]
    assert pool2d_steps(x, 2, 2, 1, "avg").output.tolist() == [[-0.25, -0.25], [-0.25, -0.25]]


def test_classic_kernels_match_torch_on_a_photo_sized_map() -> None:
    x = RNG.random((1, 20, 24))
    for kernel in KERNELS.values():
        w = kernel.array()[None, None]
        expected = torch_conv(x, w, np.zeros(1), 1, 1, 1)
        np.testing.assert_allclose(conv2d(x, w, 0.0, 1, 1), expected, atol=1e-12)


def test_bad_settings_are_explained() -> None:
    with pytest.raises(ConvSettingsError, match="No output"):
        check_conv_settings(n=3, k=5, stride=1, padding=0, dilation=1)
    with pytest.raises(ConvSettingsError, match="stride"):
        check_conv_settings(n=5, k=3, stride=0, padding=0, dilation=1)
    with pytest.raises(ConvSettingsError, match="at most half"):
        pool2d_steps(COURSE_POOL_INPUT, size=2, padding=2)
    with pytest.raises(ConvSettingsError, match="channel"):
        conv2d_steps(np.zeros((3, 4, 4)), np.zeros((2, 3, 3)))
    with pytest.raises(ConvSettingsError, match="larger than"):
        pool2d_steps(np.zeros((1, 1)), size=4, padding=1)


def test_torch_agrees_on_what_is_invalid() -> None:
    """The cases we explain are the ones PyTorch rejects."""
    with pytest.raises(RuntimeError):
        F.conv2d(torch.zeros(1, 1, 3, 3), torch.zeros(1, 1, 5, 5))
    with pytest.raises(RuntimeError):
        F.max_pool2d(torch.zeros(1, 1, 4, 4), 2, 2, 2)


def test_parameter_counts_match_torch_layers() -> None:
    conv = torch.nn.Conv2d(3, 32, 3)
    dense = torch.nn.Linear(28 * 28 * 3, 10)
    assert conv2d_params(3, 32, 3) == sum(p.numel() for p in conv.parameters()) == 896
    assert dense_params(28 * 28 * 3, 10) == sum(p.numel() for p in dense.parameters())


def test_receptive_field_of_stacked_3x3() -> None:
    # Hand-checked: two 3×3 see 5×5, three see 7×7 (the VGG argument).
    assert [receptive_field(n) for n in range(4)] == [1, 3, 5, 7]
    assert receptive_field(2, k=3, stride=2) == 7


@settings(max_examples=40, deadline=None)
@given(
    c=st.integers(1, 3),
    f=st.integers(1, 3),
    n=st.integers(1, 8),
    k=st.integers(1, 4),
    s=st.integers(1, 3),
    p=st.integers(0, 2),
    d=st.integers(1, 3),
    seed=st.integers(0, 2**16),
)
def test_conv_property_against_torch(c, f, n, k, s, p, d, seed) -> None:
    rng = np.random.default_rng(seed)
    x, w, b = rng.normal(size=(c, n, n)), rng.normal(size=(f, c, k, k)), rng.normal(size=f)
    if output_size(n, k, s, p, d) < 1:
        with pytest.raises(ConvSettingsError):
            conv2d_steps(x, w, b, s, p, d)
        with pytest.raises(RuntimeError):
            torch_conv(x, w, b, s, p, d)
        return
    np.testing.assert_allclose(
        conv2d_steps(x, w, b, s, p, d).output, torch_conv(x, w, b, s, p, d), atol=1e-10
    )
