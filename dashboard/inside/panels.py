"""The "Inside" page's other views: prediction with Grad-CAM, filters, and statistics."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import streamlit as st
import torch

from core.data.datasets import load_dataset
from core.explain import probes as explain
from core.explain.heatmap import grad_cam
from core.explain.overlay import overlay
from core.explain.subjects import Subject, prepare
from core.i18n import N_, _
from core.model.answers import nearest_class
from core.model.outputs import gives_value
from core.model.shared import MODEL_LOCK
from dashboard.figure_cache import shared_value
from dashboard.inside.figures import (
    kernels_rgb_figure,
    maps_figure,
    single_map_figure,
    stats_figure,
    top_k_figure,
)
from dashboard.inside.subjects import Picture
from dashboard.keys import InsideKeys as K
from dashboard.plain import plain

SHOW_PX = 224  # small images are drawn this big, with square pixels


def big(image: Any) -> Any:
    """Upscale a small image with square pixels (28 x 28 stays readable)."""
    from PIL import Image

    scale = max(1, SHOW_PX // max(image.size))
    return image.resize((image.width * scale, image.height * scale), Image.Resampling.NEAREST)


def cam_layers(outputs: dict[str, Any]) -> list[str]:
    """Layers with (C, H, W) outputs bigger than 1 x 1: where Grad-CAM can look."""
    return [n for n, o in outputs.items() if o.ndim == 4 and o.shape[-1] * o.shape[-2] > 1]


def _answers(subject: Subject, picture: Picture) -> tuple[list[tuple[int, float]], float | None]:
    """The top-5 (class index, probability), or for a model that answers with a value
    (003:292) the nearest class number with that value, and the value itself."""
    if gives_value(subject.model):
        value = shared_value(
            "value", (subject.key, picture.key), lambda: explain.value_of(subject.model, picture.x)
        )
        return [(nearest_class(value, len(subject.classes)), value)], value
    top = shared_value(
        "top_k", (subject.key, picture.key), lambda: explain.top_k(subject.model, picture.x, k=5)
    )
    return top, None


def render_value(value: float, predicted: str) -> None:
    """A value model's answer with the rounding that makes it a class (003:292)."""
    st.markdown(
        _(
            'This model answers with a **value** (003: "take the output as it is"): '
            "**{value:.2f}**. Its class is the nearest class number: round({value:.2f}) "
            "→ **{predicted}**."
        ).format(value=value, predicted=plain(predicted))
    )


def render_prediction(subject: Subject, picture: Picture, outputs: dict[str, Any]) -> None:
    """The image, its top-5 classes (or its value), and a Grad-CAM heatmap of where the
    evidence is."""
    top, value = _answers(subject, picture)
    named = [(subject.classes[i] if i < len(subject.classes) else str(i), p) for i, p in top]
    image_col, top_col, cam_col = st.columns([1, 1.4, 1.3], gap="medium")
    with image_col:
        verdict = ""
        if picture.true is not None:
            verdict = (
                " :green[" + _("✓ right") + "]"
                if named[0][0] == picture.true
                else " :red[" + _("✗ wrong") + "]"
            )
        st.image(
            big(picture.seen),
            alt=_(
                "The image the network sees; its true class: {true}, predicted: {predicted}"
            ).format(true=picture.true or "?", predicted=named[0][0]),
        )
        answer = (
            _("value {value:.2f}").format(value=value)
            if value is not None
            else f"{named[0][1]:.0%}"
        )
        st.markdown(
            _("true: **{true}** · predicted: **{predicted}**{verdict} ({answer})").format(
                true=plain(picture.true or "?"),
                predicted=plain(named[0][0]),
                verdict=verdict,
                answer=answer,
            )
        )
    with top_col:
        if value is not None:
            render_value(value, named[0][0])
        else:
            st.plotly_chart(top_k_figure(named, picture.true), key="inside_topk")
        if subject.kind != "Trained run":
            st.caption(_("An untrained or ImageNet model: its classes are not this dataset's."))
    layers = cam_layers(outputs)
    with cam_col:
        if not layers:
            st.caption(_("No layer with spatial maps: Grad-CAM needs one."))
            return
        convs = [n for n in layers if "conv" in n]
        default = (convs or layers)[-1]
        if st.session_state.get(K.CAM_LAYER) not in layers:
            st.session_state[K.CAM_LAYER] = default
        layer = st.selectbox(
            _("Grad-CAM at layer"), layers, key=K.CAM_LAYER, persist_state="session"
        )
        options = [0] if value is not None else [i for i, _p in top]
        names = subject.classes
        if value is None and picture.true in names and names.index(picture.true) not in options:
            options.append(names.index(picture.true))
        if st.session_state.get(K.CAM_CLASS) not in options:
            st.session_state[K.CAM_CLASS] = options[0]
        target = st.selectbox(
            _("Evidence for class"),
            options,
            key=K.CAM_CLASS,
            persist_state="session",
            format_func=lambda i: (
                _("the value")
                if value is not None
                else (subject.classes[i] if i < len(subject.classes) else str(i))
            ),
        )

        module = dict(subject_layers(subject))[layer]
        cam = shared_value(
            "grad_cam",
            (subject.key, picture.key, layer, int(target)),
            lambda: grad_cam(subject.model, picture.x, module, int(target)),
        )
        st.image(
            big(overlay(picture.seen, cam)),
            caption=_("Grad-CAM: red = evidence for it"),
            alt=_("Grad-CAM heat map over the image: where the evidence for {name} is").format(
                name=subject.classes[int(target)]
                if int(target) < len(subject.classes)
                else str(target)
            ),
        )
    st.caption(
        _(
            "Grad-CAM weights each map of the chosen layer by how much the class score (before "
            "softmax) grows with it, adds them up and keeps the positive part. With one sigmoid "
            "output z (binary), class 1's score is z and class 0's is −z. For a mistake, "
            "compare the evidence for the predicted class with the evidence for the true one."
        )
    )


def subject_layers(subject: Subject) -> list[tuple[str, Any]]:
    return explain.probe_layers(subject.model)


def render_filters(subject: Subject, picture: Picture) -> None:
    """First-layer kernels with their response on the image; for later convolutions, the
    input channel that drives each filter's strongest response."""
    found = explain.first_conv(subject.model)
    if found is None:
        st.info(_("This model has no convolution."))
        return
    name, conv = found
    weight = conv.weight.detach()
    st.markdown(
        _("**{name}**: {count} kernels of {channels} × {height} × {width}.").format(
            name=name,
            count=weight.shape[0],
            channels=weight.shape[1],
            height=weight.shape[2],
            width=weight.shape[3],
        )
    )
    count = min(weight.shape[0], 64)
    if weight.shape[1] == 3:
        st.plotly_chart(kernels_rgb_figure(explain.kernel_images(weight[:count])), key="inside_k")
        st.caption(_("Each RGB kernel scaled to its own range: colour blobs and oriented edges."))
    else:
        kernels = weight[:count].mean(1).cpu().numpy()
        st.plotly_chart(maps_figure(kernels, list(range(count)), unit=N_("filter")), key="inside_k")
        st.caption(
            _("Blue weights subtract, red weights add: a blue-red boundary is an edge detector.")
        )
    with MODEL_LOCK:  # another session's hooks must not see this conv's pass
        conv_in = explain.module_input(subject.model, picture.x, conv)
        with torch.no_grad():
            response = conv(conv_in.to(weight.device))[0, :count].cpu().numpy()
    st.markdown(_("**Their response on this image** (before the activation):"))
    st.plotly_chart(maps_figure(response, list(range(count)), unit=N_("filter")), key="inside_resp")
    later = [
        (n, m)
        for n, m in subject.model.named_modules()
        if isinstance(m, type(conv)) and m is not conv and m.groups == 1
    ]
    if not later:
        return
    st.markdown(
        _(
            "**Later convolutions** mix many channels, so their kernels are not images. "
            "Instead: where does each filter respond most, and which input channel "
            "contributes most there?"
        )
    )
    names = [n for n, _m in later]
    chosen = st.selectbox(_("Convolution"), names, key=K.DRIVER_LAYER, persist_state="session")
    module = dict(later)[chosen]
    with MODEL_LOCK:
        conv_in = explain.module_input(subject.model, picture.x, module)
        drivers = explain.filter_drivers(module, conv_in)
    frame = pd.DataFrame(
        [
            {
                "filter": d.filter,
                "peak (row, col)": f"({d.row}, {d.col})",
                "response": d.response,
                "strongest input channel": d.channel,
                "its contribution": d.contribution,
            }
            for d in drivers
        ]
    )
    left, right = st.columns([1, 1])
    left.dataframe(
        frame,
        hide_index=True,
        height=320,
        column_config={
            "filter": st.column_config.Column(_("filter")),
            "peak (row, col)": st.column_config.Column(_("peak (row, col)")),
            "response": st.column_config.NumberColumn(_("response"), format="%.3f"),
            "strongest input channel": st.column_config.Column(_("strongest input channel")),
            "its contribution": st.column_config.NumberColumn(_("its contribution"), format="%.3f"),
        },
    )
    pick = right.selectbox(
        _("Filter"), range(len(drivers)), key=f"{K.DRIVER_LAYER}.filter", persist_state="session"
    )
    d = drivers[int(pick)]
    right.plotly_chart(
        single_map_figure(
            conv_in[0, d.channel].numpy(),
            _("input channel {channel}, the peak of filter {filter} outlined").format(
                channel=d.channel, filter=d.filter
            ),
            (d.row, d.col),
        ),
        key="inside_driver",
    )


# The spinner is drawn by the caller, in the session's language (decorators run at import).
@st.cache_data(max_entries=8, show_spinner=False)
def _batch_stats(_subject: Subject, key: str, dataset: str, n: int) -> list[dict]:
    import torch

    data = load_dataset(dataset, "test", download=False)
    step = max(1, len(data) // n)
    x = torch.cat([prepare(_subject, data[i][0])[1] for i in range(0, step * n, step)][:n])
    layers = explain.probe_layers(_subject.model)
    outputs = explain.capture(_subject.model, x, layers)
    return [vars(s) for s in explain.layer_stats(outputs, layers)]


def render_stats(subject: Subject, dataset: str | None) -> None:
    """Per layer: mean, fraction of zeros, dead channels, saturation over test images."""
    if dataset is None:
        st.info(_("Statistics need test images: pick a dataset image above."))
        return
    n = st.select_slider(
        _("Test images"), [16, 64, 256], value=64, key=K.STATS_IMAGES, persist_state="session"
    )
    with st.spinner(_("Running test images through the model...")):
        rows = _batch_stats(subject, subject.key, dataset, n)
    st.plotly_chart(
        stats_figure(
            [r["name"] for r in rows], [r["zero_fraction"] for r in rows], [r["mean"] for r in rows]
        ),
        key="inside_stats",
    )
    frame = pd.DataFrame(rows)
    frame["shape"] = frame["shape"].map(lambda s: " × ".join(map(str, s)))
    st.dataframe(
        frame,
        hide_index=True,
        column_config={
            "name": st.column_config.Column(_("name")),
            "kind": st.column_config.Column(_("kind")),
            "shape": st.column_config.Column(_("shape")),
            "zero_fraction": st.column_config.NumberColumn(_("zeros"), format="percent"),
            "saturated_fraction": st.column_config.NumberColumn(_("saturated"), format="percent"),
            "mean": st.column_config.NumberColumn(_("mean"), format="%.3f"),
            "std": st.column_config.NumberColumn(_("std"), format="%.3f"),
            "dead_channels": st.column_config.Column(_("dead_channels")),
            "channels": st.column_config.Column(_("channels")),
        },
    )
    dead = int(np.sum([r["dead_channels"] for r in rows if r["kind"] in ("ReLU", "ReLU6")]))
    st.caption(
        _(
            "A ReLU unit that is zero for every one of the {n} images is **dead**: it passes no "
            "gradient and stops learning ({dead} dead here). Sigmoid or tanh outputs stuck near "
            "their ends are **saturated**: their gradient vanishes."
        ).format(n=n, dead=dead)
    )
