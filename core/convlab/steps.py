"""Convolution and pooling, one window at a time, in NumPy.

Every step (window position, element-wise products, sum) is computed once, vectorised, so a
page can animate by indexing into the result. Deep-learning "convolution" is cross-correlation:
the kernel is slid over the input as it is, never flipped, exactly like
`torch.nn.functional.conv2d`, against which the tests check every map.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from core.i18n import N_, _, ngettext
from core.model.shapes import conv_output_size as output_size  # one size rule for the whole lab

PoolMode = Literal["max", "avg"]


class ConvSettingsError(ValueError):
    """Settings that give no output; the message is written for the student (in the session's
    language)."""


def check_conv_settings(n: int, k: int, stride: int, padding: int, dilation: int) -> int:
    """Return the output size, or raise ConvSettingsError explaining why there is none."""
    for message, value, low in (
        (N_("The input size must be at least {low} (it is {value})."), n, 1),
        (N_("The kernel size must be at least {low} (it is {value})."), k, 1),
        (N_("The stride must be at least {low} (it is {value})."), stride, 1),
        (N_("The dilation must be at least {low} (it is {value})."), dilation, 1),
        (N_("The padding must be at least {low} (it is {value})."), padding, 0),
    ):
        if value < low:
            raise ConvSettingsError(_(message).format(low=low, value=value))
    span = dilation * (k - 1) + 1
    size = output_size(n, k, stride, padding, dilation)
    if size < 1:
        raise ConvSettingsError(
            _(
                "No output: the kernel spans {span} cells (d(k-1)+1 = {d}·{k_1}+1) but the "
                "padded input is only {padded} cells wide (n+2p = {n}+2·{p}). "
                "Use a smaller kernel or dilation, or add padding."
            ).format(span=span, d=dilation, k_1=k - 1, padded=n + 2 * padding, n=n, p=padding)
        )
    return size


def _window_index(n_out: int, k: int, stride: int, dilation: int) -> np.ndarray:
    """(n_out, k) positions in the padded input read by each output position, per axis."""
    return np.arange(n_out)[:, None] * stride + np.arange(k)[None, :] * dilation


def _windows(
    padded: np.ndarray, k: int, stride: int, dilation: int, out: tuple[int, int]
) -> np.ndarray:
    """Gather every window of a (C, H, W) array into shape (Ho, Wo, C, k, k) (a copy)."""
    rows = _window_index(out[0], k, stride, dilation)
    cols = _window_index(out[1], k, stride, dilation)
    gathered = padded[:, rows[:, None, :, None], cols[None, :, None, :]]  # (C, Ho, Wo, k, k)
    return np.moveaxis(gathered, 0, 2)


def _as_chw(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    if x.ndim == 2:
        return x[None]
    if x.ndim != 3:
        raise ConvSettingsError(
            _("The input must be 2-D (H, W) or 3-D (C, H, W), not {ndim}-D.").format(ndim=x.ndim)
        )
    return x


def _as_fckk(kernels: np.ndarray, channels: int) -> np.ndarray:
    w = np.asarray(kernels, dtype=np.float64)
    w = {2: w[None, None], 3: w[None]}.get(w.ndim, w)
    if w.ndim != 4 or w.shape[2] != w.shape[3]:
        raise ConvSettingsError(
            _("Each kernel must be square: shape (k, k), (C, k, k) or (F, C, k, k).")
        )
    if w.shape[1] != channels:
        raise ConvSettingsError(
            ngettext(
                "The input has {channels} channel but the kernel has {kernel}: a Conv2D "
                "kernel always has one slice per input channel.",
                "The input has {channels} channels but the kernel has {kernel}: a Conv2D "
                "kernel always has one slice per input channel.",
                channels,
            ).format(channels=channels, kernel=w.shape[1])
        )
    return w


@dataclass(frozen=True)
class ConvStep:
    """One output position: where the window sits, what it multiplies and what it adds up to."""

    index: int
    filter: int
    row: int
    col: int
    rows: np.ndarray  # row indices in the padded input, one per kernel row
    cols: np.ndarray
    window: np.ndarray  # (C, k, k) input values under the kernel
    kernel: np.ndarray  # (C, k, k)
    products: np.ndarray  # (C, k, k)
    channel_sums: np.ndarray  # (C,)
    bias: float
    total: float


@dataclass(frozen=True)
class ConvSteps:
    """Every step of a Conv2D, computed at once; `step(i)` is frame i of the animation."""

    padded: np.ndarray  # (C, H + 2p, W + 2p)
    kernels: np.ndarray  # (F, C, k, k)
    bias: np.ndarray  # (F,)
    stride: int
    padding: int
    dilation: int
    products: np.ndarray  # (F, Ho, Wo, C, k, k)
    channel_sums: np.ndarray  # (F, Ho, Wo, C)
    output: np.ndarray  # (F, Ho, Wo)

    def __len__(self) -> int:
        return self.output.size

    def index_of(self, filter_: int, row: int, col: int) -> int:
        """The step that computes output[filter_, row, col] (filters outermost, then rows)."""
        return int(np.ravel_multi_index((filter_, row, col), self.output.shape))

    def step(self, index: int) -> ConvStep:
        f, r, c = (int(v) for v in np.unravel_index(index, self.output.shape))
        k = self.kernels.shape[-1]
        rows = r * self.stride + np.arange(k) * self.dilation
        cols = c * self.stride + np.arange(k) * self.dilation
        return ConvStep(
            index=index,
            filter=f,
            row=r,
            col=c,
            rows=rows,
            cols=cols,
            window=self.padded[:, rows[:, None], cols[None, :]],
            kernel=self.kernels[f],
            products=self.products[f, r, c],
            channel_sums=self.channel_sums[f, r, c],
            bias=float(self.bias[f]),
            total=float(self.output[f, r, c]),
        )


def conv2d_steps(
    x: np.ndarray,
    kernels: np.ndarray,
    bias: float | np.ndarray = 0.0,
    stride: int = 1,
    padding: int = 0,
    dilation: int = 1,
) -> ConvSteps:
    """All steps of a Conv2D (cross-correlation, zero padding) of x (H, W) or (C, H, W)."""
    x = _as_chw(x)
    w = _as_fckk(kernels, x.shape[0])
    k = w.shape[-1]
    out_h, out_w = (check_conv_settings(n, k, stride, padding, dilation) for n in x.shape[1:])
    out = (out_h, out_w)
    b = np.broadcast_to(np.asarray(bias, dtype=np.float64), (w.shape[0],)).copy()
    padded = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))
    windows = _windows(padded, k, stride, dilation, out)  # (Ho, Wo, C, k, k)
    products = windows[None] * w[:, None, None]  # (F, Ho, Wo, C, k, k)
    channel_sums = products.sum(axis=(-1, -2))
    output = channel_sums.sum(axis=-1) + b[:, None, None]
    return ConvSteps(padded, w, b, stride, padding, dilation, products, channel_sums, output)


def conv2d(
    x: np.ndarray,
    kernels: np.ndarray,
    bias: float | np.ndarray = 0.0,
    stride: int = 1,
    padding: int = 0,
    dilation: int = 1,
) -> np.ndarray:
    """The feature maps only, (F, Ho, Wo): same arithmetic, without keeping every product."""
    x = _as_chw(x)
    w = _as_fckk(kernels, x.shape[0])
    k = w.shape[-1]
    out_h, out_w = (check_conv_settings(n, k, stride, padding, dilation) for n in x.shape[1:])
    out = (out_h, out_w)
    b = np.broadcast_to(np.asarray(bias, dtype=np.float64), (w.shape[0],))
    padded = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))
    windows = _windows(padded, k, stride, dilation, out)
    return np.einsum("hwcij,fcij->fhw", windows, w, optimize=True) + b[:, None, None]


def check_pool_settings(n: int, size: int, stride: int, padding: int) -> int:
    """Return the pooled size, or raise ConvSettingsError with PyTorch's rules explained."""
    if size < 1 or stride < 1 or padding < 0:
        raise ConvSettingsError(_("Pool size and stride must be at least 1, padding at least 0."))
    if 2 * padding > size:
        raise ConvSettingsError(
            _(
                "Padding {padding} is more than half the pool size {size}: PyTorch refuses this "
                "(pad should be at most half of the kernel size), because a window could then "
                "hold only padding. Use padding ≤ {limit}."
            ).format(padding=padding, size=size, limit=size // 2)
        )
    result = output_size(n, size, stride, padding)
    if result < 1:
        raise ConvSettingsError(
            _(
                "No output: the {size}×{size} pool window is larger than the padded input "
                "({n}+2·{p} = {padded} cells). Use a smaller pool size."
            ).format(size=size, n=n, p=padding, padded=n + 2 * padding)
        )
    return result


@dataclass(frozen=True)
class PoolSteps:
    """Every window of a 2-D pooling; max pooling pads with -inf, average pooling with 0."""

    padded: np.ndarray  # (H + 2p, W + 2p)
    size: int
    stride: int
    padding: int
    mode: PoolMode
    windows: np.ndarray  # (Ho, Wo, k, k)
    output: np.ndarray  # (Ho, Wo)
    argmax: np.ndarray  # (Ho, Wo) flat index of the max inside each window (first one if tied)

    def __len__(self) -> int:
        return self.output.size

    def index_of(self, row: int, col: int) -> int:
        return int(np.ravel_multi_index((row, col), self.output.shape))

    def position(self, index: int) -> tuple[int, int, np.ndarray, np.ndarray]:
        """(row, col, padded rows, padded cols) of step `index`."""
        r, c = (int(v) for v in np.unravel_index(index, self.output.shape))
        span = np.arange(self.size)
        return r, c, r * self.stride + span, c * self.stride + span


def pool2d_steps(
    x: np.ndarray, size: int, stride: int | None = None, padding: int = 0, mode: PoolMode = "max"
) -> PoolSteps:
    """All windows of MaxPooling2D / AveragePooling2D on a 2-D map (stride defaults to size).

    Matches torch's max_pool2d and avg_pool2d(count_include_pad=True): the zeros of the
    padding count in the average, and max pooling never picks padding (-inf).
    """
    if mode not in ("max", "avg"):
        raise ConvSettingsError(
            _("Unknown pooling {mode}: use 'max' or 'avg'.").format(mode=repr(mode))
        )
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2:
        raise ConvSettingsError(
            _("Pooling here takes one 2-D feature map, not {ndim}-D.").format(ndim=x.ndim)
        )
    stride = size if stride is None else stride
    out_h, out_w = (check_pool_settings(n, size, stride, padding) for n in x.shape)
    out = (out_h, out_w)
    fill = -np.inf if mode == "max" else 0.0
    padded = np.pad(x, padding, constant_values=fill)
    windows = _windows(padded[None], size, stride, 1, out)[:, :, 0]  # (Ho, Wo, k, k)
    flat = windows.reshape(*out, size * size)
    argmax = flat.argmax(axis=-1)
    output = flat.max(axis=-1) if mode == "max" else flat.mean(axis=-1)
    return PoolSteps(padded, size, stride, padding, mode, windows, output, argmax)


def conv2d_params(in_channels: int, filters: int, k: int, bias: bool = True) -> int:
    """Param # of a Conv2D: (k·k·C_in + 1) · filters; it does not depend on the image size."""
    return (k * k * in_channels + int(bias)) * filters


def dense_params(in_features: int, units: int, bias: bool = True) -> int:
    """Param # of a Dense layer: (inputs + 1) · units."""
    return (in_features + int(bias)) * units


def receptive_field(layers: int, k: int = 3, stride: int = 1) -> int:
    """Input cells one output cell sees (per side) after `layers` stacked k×k convolutions."""
    field, jump = 1, 1
    for _layer in range(layers):
        field += (k - 1) * jump
        jump *= stride
    return field
