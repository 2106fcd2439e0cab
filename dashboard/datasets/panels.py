"""The Datasets page's panels: picker, explorer and quality report (imports: data_import).

Loaded datasets are cached with `st.cache_resource` (shared, read-only); numbers and
pictures with `st.cache_data`, keyed on the dataset's version so an import or a delete
never shows stale results. torch is imported by core only when a dataset is loaded.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from core.data import datasets as ds
from core.data import stats as explore
from core.data.errors import DatasetUnavailable
from core.data.quality import Finding, quality_report
from dashboard.datasets.figures import channel_figure, class_count_figure, strip
from dashboard.keys import DataKeys
from dashboard.plain import plain

FULL_STATS_LIMIT = 70_000  # MNIST-sized sets are measured in full; larger ones sampled


@st.cache_resource(show_spinner="Loading the dataset…", max_entries=8)
def _dataset(name: str, split: str, version: str) -> Any:
    return ds.load_dataset(name, split, download=False)


@st.cache_data(show_spinner=False, max_entries=32)
def _counts(name: str, version: str) -> dict[str, dict[str, int]]:
    return {split: explore.class_counts(name, split) for split in ds.get_info(name).splits}


@st.cache_data(show_spinner="Measuring pixels…", max_entries=32)
def _stats(name: str, split: str, version: str) -> tuple[tuple[float, ...], tuple[float, ...], int]:
    limit = None if len(_dataset(name, split, version)) <= FULL_STATS_LIMIT else 5000
    if name == "cifar10":
        limit = 5000  # JPEG decoding of 50,000 files takes too long for a page view
    return explore.channel_stats(name, split, limit=limit)


@st.cache_data(show_spinner=False, max_entries=32)
def _sizes(name: str, split: str, version: str) -> list[dict[str, Any]]:
    sizes = explore.image_sizes(name, split, limit=500)
    return [
        {"width": w, "height": h, "mode": mode, "images": n}
        for (w, h, mode), n in sizes.most_common()
    ]


@st.cache_data(show_spinner=False, max_entries=32)
def _samples(name: str, split: str, seed: int, version: str) -> dict[str, Any]:
    return {
        label: strip(images, 72)
        for label, images in ds.samples_per_class(name, 8, split, seed).items()
    }


@st.cache_data(show_spinner="Checking the data…", max_entries=8)
def _quality(name: str, limit: int | None, version: str) -> tuple[list[Finding], int]:
    facts, unreadable = explore.dataset_facts(name, limit=limit)
    return quality_report(facts, ds.get_info(name).classes, unreadable), len(facts)


def _label(name: str) -> str:
    try:
        info = ds.get_info(name)
    except KeyError:
        return name
    mark = "" if ds.is_available(name) else " (not on this computer yet)"
    return f"{info.title}{mark}" if info.builtin else f"{info.title} (yours)"


def dataset_picker() -> str | None:
    """The dataset select box (MNIST first); returns the name when it can be shown."""
    names = ds.list_datasets()
    current = st.session_state.pop(DataKeys.PENDING, None) or st.session_state.get(
        DataKeys.DATASET, "mnist"
    )
    if st.session_state.get(DataKeys.PICKER) not in names or current != st.session_state.get(
        DataKeys.DATASET
    ):
        st.session_state[DataKeys.PICKER] = current if current in names else "mnist"
    name = st.selectbox(
        "Dataset", names, key=DataKeys.PICKER, format_func=_label, persist_state="session"
    )
    st.session_state[DataKeys.DATASET] = name
    info = ds.get_info(name)
    st.caption(info.description)
    if ds.is_available(name):
        st.caption(f"Loaded from {ds.source_of(name)}.")
        return name
    st.warning(f"**{info.title}** is not on this computer. {info.how_to_get}")
    if st.button(f"Download {info.title} with torchvision", key="data.download"):
        with st.spinner("Downloading (needs the internet)…"):
            try:
                for split in info.splits:
                    ds.load_dataset(name, split, download=True)
            except DatasetUnavailable as error:
                st.error(f"The download failed: {plain(error.reason)}. {plain(error.how_to_get)}")
                return None
        st.rerun()
    return None


def explorer(name: str) -> None:
    """Samples per class, class counts, pixels and shapes, and one batch."""
    info = ds.get_info(name)
    version = ds.version(name)
    split = st.radio(
        "Split", info.splits, horizontal=True, key=DataKeys.SPLIT, persist_state="session"
    )
    samples, counts, pixels, batch = st.tabs(
        ["Samples", "Class counts", "Pixels and shapes", "One batch"]
    )
    with samples:
        st.caption(
            "Eight random images of every class. Change the seed to see others: do you "
            "recognise every class? Would you label each image the same way?"
        )
        seed = st.number_input(
            "Random seed", 0, 10_000, 0, key=DataKeys.SEED, persist_state="session"
        )
        for label, picture in _samples(name, split, int(seed), version).items():
            st.image(picture, caption=label)
    with counts:
        st.caption(
            "How many images each class has. Very different counts teach a model to "
            "favour the big classes; the quality report flags it."
        )
        per_split = _counts(name, version)
        st.plotly_chart(class_count_figure(per_split), key="data.counts_chart")
        totals = ", ".join(f"{split}: {sum(c.values()):,}" for split, c in per_split.items())
        st.caption(f"{len(info.classes)} classes; images per split: {totals}.")
    with pixels:
        _pixels_panel(name, split, version, info)
    with batch:
        _batch_panel(name, split, info)


def _pixels_panel(name: str, split: str, version: str, info: ds.DatasetInfo) -> None:
    st.caption(
        "Every image has a height, a width and channels (1 for grayscale, 3 for colour). "
        "`transforms.Normalize(mean, std)` subtracts each channel's mean and divides by its "
        "std, so the network sees values around 0."
    )
    channels, height, width = info.input_shape
    st.markdown(
        f"Input shape for a model: **{channels} x {height} x {width}** (C x H x W), "
        f"{channels * height * width:,} numbers per image."
    )
    st.dataframe(pd.DataFrame(_sizes(name, split, version)), hide_index=True)
    mean, std, used = _stats(name, split, version)
    st.plotly_chart(channel_figure(mean, std), key="data.channel_chart")
    where = "every image" if used == len(_dataset(name, split, version)) else f"{used:,} images"
    st.caption(
        f"Measured over {where} of the {split} split. The model uses mean "
        f"{tuple(round(m, 4) for m in info.mean)} and std {tuple(round(s, 4) for s in info.std)}"
        + (" (from the training split)." if info.builtin else " (from your training images).")
    )


def _batch_panel(name: str, split: str, info: ds.DatasetInfo) -> None:
    st.caption(
        "A network takes a batch of images at once: a 4-D tensor (N, C, H, W) = (images, "
        "channels, height, width). One image is (C, H, W); `unsqueeze(0)` adds N = 1 in front."
    )
    n = st.select_slider(
        "Batch size N", [1, 2, 4, 8, 16], value=8, key=DataKeys.BATCH_SIZE, persist_state="session"
    )
    batch, labels = explore.one_batch(name, n, split, seed=0)
    one = batch[0]
    c, h, w = one.shape
    st.code(
        f"image, label = dataset[i]     # image.shape = {tuple(one.shape)}   (C, H, W)\n"
        f"x = image.unsqueeze(0)        # x.shape     = {tuple(one.unsqueeze(0).shape)}"
        f"   (N, C, H, W), a batch of one\n"
        f"batch = torch.stack(images)   # batch.shape = {tuple(batch.shape)}   (N, C, H, W)",
        language="python",
    )
    st.markdown(
        f"N = **{batch.shape[0]}** images, C = **{c}** channel{'s' if c > 1 else ''}, "
        f"H = **{h}** rows, W = **{w}** columns: {batch.numel():,} numbers, values "
        f"{float(batch.min()):.2f} to {float(batch.max()):.2f} after `ToDtype(scale=True)`."
    )
    from torchvision.transforms.v2.functional import to_pil_image

    st.image(
        strip([to_pil_image(image) for image in batch], 72),
        caption="labels: " + ", ".join(info.classes[label] for label in labels),
    )


def quality(name: str) -> None:
    """The course's data checklist, run on demand (it decodes many images)."""
    st.subheader("Data quality report")
    st.caption(
        "The checklist from the course: balanced classes, no duplicates (above all none "
        "shared by training and evaluation), no unreadable, tiny or oddly shaped images, "
        "and no grayscale images hiding among colour ones. Every finding lists its files."
    )
    info = ds.get_info(name)
    choices = {"1,000 per split": 1000, "5,000 per split": 5000, "every image": None}
    if not info.builtin:
        choices = {"every image": None}
    picked = st.radio(
        "Images to check",
        list(choices),
        horizontal=True,
        key=DataKeys.QUALITY_LIMIT,
        persist_state="session",
    )
    wanted = (name, ds.version(name), choices[picked])
    if st.button("Run the quality check", key="data.run_quality"):
        st.session_state[DataKeys.QUALITY_FOR] = wanted
    if st.session_state.get(DataKeys.QUALITY_FOR) != wanted:
        return
    findings, checked = _quality(name, choices[picked], ds.version(name))
    st.caption(f"Checked {checked:,} images.")
    for finding in findings:
        if finding.ok is None:  # not checked: no tick, no warning
            st.markdown(f":material/block: **{finding.check}**: {finding.message}")
            continue
        icon = ":material/check_circle:" if finding.ok else ":material/warning:"
        if finding.ok:
            st.markdown(f"{icon} **{finding.check}**: {finding.message}")
            continue
        with st.expander(f"{finding.check}: {finding.message}", icon=icon):
            if finding.groups:
                for group in finding.groups[:50]:
                    st.text(" = ".join(group))
                if len(finding.groups) > 50:
                    st.caption(f"and {len(finding.groups) - 50} more groups")
            else:
                st.text("\n".join(finding.files[:200]))
                if len(finding.files) > 200:
                    st.caption(f"and {len(finding.files) - 200} more")
