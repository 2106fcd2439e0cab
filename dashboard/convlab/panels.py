"""The photo and "why convolution" panels of the convolution and pooling pages."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st
from PIL import Image

from core.convlab.kernels import KERNELS, load_gray, sample_photos
from core.convlab.steps import conv2d, conv2d_params, dense_params, pool2d_steps, receptive_field
from core.i18n import N_, _
from core.images import ImageError
from dashboard.convlab.figures import (
    DISPLAY_PERCENTILE,
    display_bound,
    kernel_figure,
    to_gray_image,
)
from dashboard.convlab.stepper import cell_editor, weight_hover
from dashboard.figure_cache import shared_figure, shared_value
from dashboard.figure_style import fmt
from dashboard.keys import ConvKeys, PoolKeys
from dashboard.plain import plain
from dashboard.uploads import PHOTO_MB, too_large

# Option values that sit beside names from core (photos, kernels): translated where shown.
UPLOAD = N_("Upload your own")
CUSTOM = N_("Custom")


def _own(option: str) -> str:
    """A selectbox label in the session's language: the options (the lab's own, core's kernel
    and sample photo names) are English msgids; a name with no translation stays as it is."""
    return _(option)


@st.cache_data(max_entries=16, show_spinner=False)
def _gray(source: str | bytes) -> np.ndarray:
    return load_gray(Path(source) if isinstance(source, str) else source)


@st.cache_data(max_entries=32, show_spinner=False)
def _feature_map(gray: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    # 'same' padding (p = 1 for 3×3) keeps the map the size of the photo.
    return conv2d(gray, kernel, 0.0, 1, kernel.shape[-1] // 2)[0]


@dataclass(frozen=True)
class PhotoMaps:
    """What the photo panel shows of a photo and a kernel: both images as PNG, and the feature
    map's range and the value drawn as white."""

    input_png: bytes
    map_png: bytes
    minimum: float
    maximum: float
    white: float


def _png(pixels: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG")
    return buffer.getvalue()


def _digest(gray: np.ndarray) -> str:
    return hashlib.sha256(gray.tobytes()).hexdigest() + str(gray.shape)


def _maps(gray: np.ndarray, kernel: np.ndarray, relu: bool) -> PhotoMaps:
    """Made once per photo, kernel and ReLU for every session (a class opens the same
    example at once): the two images were encoded anew on every run of every student's page."""
    fmap = _feature_map(gray, kernel)
    shown = np.maximum(fmap, 0) if relu else fmap
    return PhotoMaps(
        _png(to_gray_image(gray, signed=False)),
        _png(to_gray_image(shown, signed=not relu, clip_percentile=True)),
        float(shown.min()),
        float(shown.max()),
        display_bound(shown, signed=not relu),
    )


POOL_NAMES = ("MaxPooling2D", "AveragePooling2D")


@dataclass(frozen=True)
class PooledMaps:
    """The pooling panel's three maps (Conv + ReLU, max pooled, average pooled) as PNG, with
    their shapes and largest values."""

    pngs: tuple[bytes, ...]
    shapes: tuple[tuple[int, int], ...]
    maxima: tuple[float, ...]


def _pooled(gray: np.ndarray, kernel: np.ndarray) -> PooledMaps:
    """Made once per photo and kernel for every session, as `_maps`."""
    fmap = np.maximum(_feature_map(gray, kernel), 0)  # Conv2D + ReLU, as before a pooling layer
    outs = [fmap, *(pool2d_steps(fmap, 2, 2, 0, mode).output for mode in ("max", "avg"))]
    return PooledMaps(
        tuple(_png(to_gray_image(out, False, clip_percentile=True)) for out in outs),
        tuple((out.shape[0], out.shape[1]) for out in outs),
        tuple(float(out.max()) for out in outs),
    )


def choose_photo(key: str) -> np.ndarray | None:
    """A bundled sample or an uploaded photo, as grayscale; None (with a message) if unusable."""
    samples = sample_photos()
    st.session_state.setdefault(key, next(iter(samples)))
    choice = st.selectbox(_("Photo"), [*samples, UPLOAD], key=key, format_func=_own)
    if choice != UPLOAD:
        return _gray(str(samples[choice]))
    upload = st.file_uploader(
        _("A photo (JPEG or PNG)"),
        type=["jpg", "jpeg", "png", "bmp", "webp"],
        max_upload_size=PHOTO_MB,
    )
    if upload is None:
        st.info(_("Choose a photo file to convolve it."), icon=":material/upload:")
        return None
    if too_large(upload):
        return None
    try:
        return _gray(upload.getvalue())
    except ImageError as error:
        st.error(_("{file}: {problem}").format(file=plain(upload.name), problem=plain(error)))
        return None


def choose_kernel(key: str, default: str, custom_key: str | None = None) -> np.ndarray:
    names = list(KERNELS) + ([CUSTOM] if custom_key else [])
    st.session_state.setdefault(key, default)
    name = st.selectbox(_("Kernel"), names, key=key, format_func=_own)
    if name == CUSTOM and custom_key:
        st.session_state.setdefault(custom_key, KERNELS["Sharpen"].array())
        cell_editor(_("Type your own 3×3 weights."), custom_key, (), 0)
        return st.session_state[custom_key].copy()
    st.caption(_(KERNELS[name].effect))
    return KERNELS[name].array()


def _show_kernel(kernel: np.ndarray) -> None:
    fig = shared_figure(kernel_figure, kernel[None], [_("weights")], weight_hover())
    st.plotly_chart(fig, width="content", theme=None, config={"displayModeBar": False})


def photo_panel() -> None:
    """A photo convolved with a classic kernel: input and feature map side by side."""
    st.markdown(
        _(
            "The same sliding window on a real photo (grayscale, one channel): each pixel of the "
            "feature map is the weighted sum of a 3×3 neighbourhood. Hand-made kernels like "
            "these are what a CNN's first layer learns by itself."
        )
    )
    left, right = st.columns([1, 3])
    with left:
        gray = choose_photo(ConvKeys.PHOTO)
        kernel = choose_kernel(ConvKeys.PHOTO_KERNEL, "Sobel x", ConvKeys.CUSTOM_KERNEL)
        _show_kernel(kernel)
        relu = st.toggle(
            "ReLU", key=ConvKeys.RELU, help=_("max(0, x): negative responses become 0.")
        )
    if gray is None:
        return
    key = (_digest(gray), kernel.tobytes(), relu)
    maps = shared_value("convolution.photo", key, lambda: _maps(gray, kernel, relu))
    h, w = gray.shape
    with right:
        c1, c2 = st.columns(2)
        # PNG as made: Streamlit's "auto" turns a picture without alpha into a JPEG, decoding
        # and encoding it again on every run (and blurring the pixels a student looks at).
        c1.image(
            maps.input_png,
            width="stretch",
            output_format="PNG",
            caption=_("Input {height}×{width}").format(height=h, width=w),
            alt=_("The photo in grayscale, {height}×{width} pixels").format(height=h, width=w),
        )
        c2.image(
            maps.map_png,
            width="stretch",
            output_format="PNG",
            caption=_("Feature map {height}×{width}").format(height=h, width=w),
            alt=_("The feature map: the photo convolved with the kernel, {height}×{width}").format(
                height=h, width=w
            ),
        )
        white = fmt(maps.white)
        legend = (
            _("ReLU on: black = 0, white = {white} or more.").format(white=white)
            if relu
            else _(
                "ReLU off: mid-grey = 0, black = −{white} or less, white = +{white} or more."
            ).format(white=white)
        )
        st.caption(
            _(
                "Padding 1 keeps the size. Feature map values: min {minimum}, "
                "max {maximum} (pixels scaled to [0, 1]). {legend} Most values are "
                "small and a few edges are strong, so white is the {percentile:g}th "
                "percentile, not the maximum: otherwise the map would look black."
            ).format(
                minimum=fmt(maps.minimum),
                maximum=fmt(maps.maximum),
                legend=legend,
                percentile=DISPLAY_PERCENTILE,
            )
        )


def pooling_photo_panel() -> None:
    """A photo's ReLU feature map, then max and average pooled 2×2 with stride 2."""
    st.markdown(
        _(
            "Pooling a real feature map: 2×2 pooling with stride 2 halves its height and width "
            "(a quarter of the cells). Max pooling keeps the strongest response of each window, "
            "so edges survive; average pooling smooths them."
        )
    )
    left, right = st.columns([1, 3])
    with left:
        gray = choose_photo(PoolKeys.PHOTO)
        kernel = choose_kernel(PoolKeys.PHOTO_KERNEL, "Sobel x")
    if gray is None:
        return
    maps = shared_value(
        "pooling.photo", (_digest(gray), kernel.tobytes()), lambda: _pooled(gray, kernel)
    )
    with right:
        cols = st.columns(3)
        h, w = maps.shapes[0]
        cols[0].image(
            maps.pngs[0],
            width="stretch",
            output_format="PNG",
            caption=f"Conv + ReLU: {h}×{w}",
            alt=_("The feature map after Conv2D and ReLU, {height}×{width}").format(
                height=h, width=w
            ),
        )
        for col, name, png, (height, width), maximum in zip(
            cols[1:], POOL_NAMES, maps.pngs[1:], maps.shapes[1:], maps.maxima[1:], strict=True
        ):
            caption = _("{layer} 2×2, stride 2: {height}×{width}, max {maximum}").format(
                layer=name, height=height, width=width, maximum=fmt(maximum)
            )
            col.image(png, width="stretch", caption=caption, alt=caption, output_format="PNG")
        st.markdown(
            _(
                "Strongest response before pooling: **{before}**; after max pooling "
                "still **{after_max}**, after average pooling **{after_avg}**."
            ).format(
                before=fmt(maps.maxima[0]),
                after_max=fmt(maps.maxima[1]),
                after_avg=fmt(maps.maxima[2]),
            )
        )


def why_panel() -> None:
    """Parameter count of Conv2D vs Dense for the same output, and stacked receptive fields."""
    st.markdown(
        _(
            "**Why not a Dense layer?** A Dense layer connects every input pixel to every output "
            "unit. A Conv2D layer reuses one small kernel everywhere (weight sharing) and looks "
            "only at a neighbourhood, so its Param # does not grow with the image."
        )
    )
    c = st.columns(4)
    st.session_state.setdefault(ConvKeys.WHY_SIZE, 28)
    st.session_state.setdefault(ConvKeys.WHY_FILTERS, 32)
    n = c[0].number_input(_("Image size (n×n)"), 4, 512, key=ConvKeys.WHY_SIZE)
    ch = c[1].segmented_control(_("Channels"), [1, 3], default=1, required=True)
    f = c[2].number_input(_("Filters"), 1, 512, key=ConvKeys.WHY_FILTERS)
    k = c[3].select_slider(_("Kernel size"), [1, 3, 5, 7], value=3)
    conv = conv2d_params(ch, f, k)
    dense = dense_params(n * n * ch, n * n * f)
    m = st.columns(3)
    m[0].metric("Conv2D Param #", f"{conv:,}")
    m[1].metric(_("Dense Param # (same output size)"), f"{dense:,}")
    m[2].metric("Dense / Conv2D", f"{dense / conv:,.0f}×")
    conv_line = _(
        "Conv2D ('same' padding, output {n}×{n}×{f}): (k·k·C + 1)·F = "
        "({k}·{k}·{c} + 1)·{f} = **{params:,}**"
    ).format(n=n, f=f, k=k, c=ch, params=conv)
    dense_line = _(
        "Dense on the flattened image ({n}·{n}·{c} = {inputs:,} inputs) to the same "
        "{n}·{n}·{f} = {outputs:,} outputs: (inputs + 1)·outputs = "
        "({inputs:,} + 1)·{outputs:,} = **{params:,}**"
    ).format(n=n, f=f, c=ch, inputs=n * n * ch, outputs=n * n * f, params=dense)
    st.markdown(conv_line + "  \n" + dense_line)
    st.markdown(
        _(
            "**Receptive field.** One output cell of a 3×3 convolution sees 3×3 input cells; "
            "stacking layers widens the view by 2 per layer: r = 1 + L·(k − 1)."
        )
    )
    layers = st.slider(_("Stacked 3×3 Conv2D layers (stride 1)"), 1, 10, 3, key=ConvKeys.WHY_LAYERS)
    rows = [
        {
            _("layers L"): i,
            _("receptive field"): f"{receptive_field(i)}×{receptive_field(i)}",
            _("weights per channel pair"): f"{9 * i} (L·9)",
            _("one big kernel instead"): f"{receptive_field(i) ** 2} ({receptive_field(i)}²)",
        }
        for i in range(1, layers + 1)
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="content")
