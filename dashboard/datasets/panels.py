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
from core.i18n import N_, _, get_language, ngettext
from core.identity.ownership import is_shared, owner_of
from core.identity.people import TEACHER_ID
from core.identity.settings import classroom_mode
from dashboard.datasets.figures import channel_figure, class_count_figure, split_name, strip
from dashboard.identity import actor
from dashboard.keys import DataKeys
from dashboard.plain import plain
from dashboard.tabs import open_tab_only

FULL_STATS_LIMIT = 70_000  # MNIST-sized sets are measured in full; larger ones sampled
# The image-size table's columns and their headers (translated where the table is shown).
SIZE_COLUMNS = {
    "width": N_("width"),
    "height": N_("height"),
    "mode": N_("mode"),
    "images": N_("images"),
}


# The cached functions show no spinner of their own: a decorator's text is made at import,
# before any session has a language. Their callers wrap them in `st.spinner(_(...))`, which
# appears only after half a second, so a cache hit still shows nothing.
@st.cache_resource(show_spinner=False, max_entries=8)
def _load(name: str, split: str, version: str) -> Any:
    return ds.load_dataset(name, split, download=False)


def _dataset(name: str, split: str, version: str) -> Any:
    with st.spinner(_("Loading the dataset…")):
        return _load(name, split, version)


@st.cache_data(show_spinner=False, max_entries=32)
def _counts(name: str, version: str) -> dict[str, dict[str, int]]:
    return {split: explore.class_counts(name, split) for split in ds.get_info(name).splits}


@st.cache_data(show_spinner=False, max_entries=32)
def _stats(name: str, split: str, version: str) -> tuple[tuple[float, ...], tuple[float, ...], int]:
    limit = None if len(_load(name, split, version)) <= FULL_STATS_LIMIT else 5000
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


@st.cache_data(show_spinner=False, max_entries=8)
def _facts(name: str, limit: int | None, version: str) -> tuple[list[Any], list[tuple[str, str]]]:
    """The decoded images' facts (the slow part), shared by every language."""
    return explore.dataset_facts(name, limit=limit)


@st.cache_data(show_spinner=False, max_entries=8)
def _quality(
    name: str, limit: int | None, version: str, language: str
) -> tuple[list[Finding], int]:
    """The findings, whose texts are in `language` (only a key: core uses the session's)."""
    facts, unreadable = _facts(name, limit, version)
    return quality_report(facts, ds.get_info(name).classes, unreadable), len(facts)


def _custom_label(name: str, title: str) -> str:
    """A custom dataset's name in the picker, saying whose it is."""
    owner = owner_of("dataset", name) if classroom_mode() else None
    if owner is None or owner == actor().id:
        return _("{title} (yours)").format(title=title)
    if is_shared("dataset", name):
        return _("{title} (shared with the class)").format(title=title)
    if owner == TEACHER_ID:
        return _("{title} (the teacher's)").format(title=title)
    return _("{title} (a student's)").format(title=title)


def _label(name: str) -> str:
    try:
        info = ds.get_info(name)
    except KeyError:
        return name
    if not info.builtin:
        return _custom_label(name, info.title)
    if ds.is_available(name):
        return info.title
    return _("{title} (not on this computer yet)").format(title=info.title)


def dataset_picker() -> str | None:
    """The dataset select box (MNIST first); returns the name when it can be shown."""
    names = ds.list_datasets(actor())
    current = st.session_state.pop(DataKeys.PENDING, None) or st.session_state.get(
        DataKeys.DATASET, "mnist"
    )
    if st.session_state.get(DataKeys.PICKER) not in names or current != st.session_state.get(
        DataKeys.DATASET
    ):
        st.session_state[DataKeys.PICKER] = current if current in names else "mnist"
    name = st.selectbox(
        _("Dataset"), names, key=DataKeys.PICKER, format_func=_label, persist_state="session"
    )
    st.session_state[DataKeys.DATASET] = name
    info = ds.get_info(name)
    # A built-in's texts are the lab's own (with Markdown); a custom one's quote the student's.
    ours = (lambda text: text) if info.builtin else plain
    st.caption(ours(info.description))
    if ds.is_available(name):
        st.caption(_("Loaded from {source}.").format(source=plain(ds.source_of(name))))
        return name
    st.warning(
        _("**{title}** is not on this computer. {how_to_get}").format(
            title=plain(info.title), how_to_get=ours(info.how_to_get)
        )
    )
    if not actor().is_teacher:  # a download fills the class server's disk: the teacher's call
        st.info(_("In a class, the teacher downloads datasets to the server: ask your teacher."))
        return None
    if st.button(
        _("Download {title} with torchvision").format(title=plain(info.title)),
        key="data.download",
    ):
        with st.spinner(_("Downloading (needs the internet)…")):
            try:
                for split in info.splits:
                    ds.load_dataset(name, split, download=True)
            except DatasetUnavailable as error:
                st.error(
                    _("The download failed: {reason}. {how_to_get}").format(
                        reason=plain(error.reason), how_to_get=plain(error.how_to_get)
                    )
                )
                return None
        st.rerun()
    return None


def explorer(name: str) -> None:
    """Samples per class, class counts, pixels and shapes, and one batch."""
    info = ds.get_info(name)
    version = ds.version(name)
    split = st.radio(
        _("Split"),
        info.splits,
        horizontal=True,
        key=DataKeys.SPLIT,
        format_func=split_name,
        persist_state="session",
    )
    open_tab_only(
        DataKeys.EXPLORER_TAB,
        [
            (_("Samples"), lambda: _samples_panel(name, split, version)),
            (_("Class counts"), lambda: _counts_panel(name, version, info)),
            (_("Pixels and shapes"), lambda: _pixels_panel(name, split, version, info)),
            (_("One batch"), lambda: _batch_panel(name, split, info)),
        ],
    )


def _samples_panel(name: str, split: str, version: str) -> None:
    st.caption(
        _(
            "Eight random images of every class. Change the seed to see others: do you "
            "recognise every class? Would you label each image the same way?"
        )
    )
    seed = st.number_input(
        _("Random seed"), 0, 10_000, 0, key=DataKeys.SEED, persist_state="session"
    )
    for label, picture in _samples(name, split, int(seed), version).items():
        st.image(
            picture,
            caption=plain(label),
            alt=_("Eight random images of the class {label}").format(label=label),
        )


def _counts_panel(name: str, version: str, info: ds.DatasetInfo) -> None:
    st.caption(
        _(
            "How many images each class has. Very different counts teach a model to "
            "favour the big classes; the quality report flags it."
        )
    )
    per_split = _counts(name, version)
    st.plotly_chart(class_count_figure(per_split), key="data.counts_chart")
    totals = ", ".join(
        f"{split_name(split)}: {sum(c.values()):,}" for split, c in per_split.items()
    )
    classes = len(info.classes)
    st.caption(
        ngettext(
            "{classes} class; images per split: {totals}.",
            "{classes} classes; images per split: {totals}.",
            classes,
        ).format(classes=classes, totals=totals)
    )


def _pixels_panel(name: str, split: str, version: str, info: ds.DatasetInfo) -> None:
    st.caption(
        _(
            "Every image has a height, a width and channels (1 for grayscale, 3 for colour). "
            "`transforms.Normalize(mean, std)` subtracts each channel's mean and divides by its "
            "std, so the network sees values around 0."
        )
    )
    channels, height, width = info.input_shape
    st.markdown(
        _(
            "Input shape for a model: **{channels} x {height} x {width}** (C x H x W), "
            "{numbers:,} numbers per image."
        ).format(channels=channels, height=height, width=width, numbers=channels * height * width)
    )
    sizes = pd.DataFrame(_sizes(name, split, version), columns=list(SIZE_COLUMNS))
    st.dataframe(
        sizes.rename(columns={column: _(label) for column, label in SIZE_COLUMNS.items()}),
        hide_index=True,
    )
    total = len(_dataset(name, split, version))  # loaded here, with its spinner
    with st.spinner(_("Measuring pixels…")):
        mean, std, used = _stats(name, split, version)
    st.plotly_chart(channel_figure(mean, std), key="data.channel_chart")
    mean_text = tuple(round(m, 4) for m in info.mean)
    std_text = tuple(round(s, 4) for s in info.std)
    if used == total:
        measured = _("Measured over every image of the {split} split.")
    else:
        measured = ngettext(
            "Measured over {used:,} image of the {split} split.",
            "Measured over {used:,} images of the {split} split.",
            used,
        )
    if info.builtin:
        model_uses = _("The model uses mean {mean} and std {std} (from the training split).")
    else:
        model_uses = _("The model uses mean {mean} and std {std} (from your training images).")
    st.caption(
        measured.format(used=used, split=split_name(split))
        + " "
        + model_uses.format(mean=mean_text, std=std_text)
    )


def _batch_panel(name: str, split: str, info: ds.DatasetInfo) -> None:
    st.caption(
        _(
            "A network takes a batch of images at once: a 4-D tensor (N, C, H, W) = (images, "
            "channels, height, width). One image is (C, H, W); `unsqueeze(0)` adds N = 1 in front."
        )
    )
    n = st.select_slider(
        _("Batch size N"),
        [1, 2, 4, 8, 16],
        value=8,
        key=DataKeys.BATCH_SIZE,
        persist_state="session",
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
        ngettext(
            "N = **{n}** images, C = **{c}** channel, H = **{h}** rows, W = **{w}** columns: "
            "{numbers:,} numbers, values {low:.2f} to {high:.2f} after `ToDtype(scale=True)`.",
            "N = **{n}** images, C = **{c}** channels, H = **{h}** rows, W = **{w}** columns: "
            "{numbers:,} numbers, values {low:.2f} to {high:.2f} after `ToDtype(scale=True)`.",
            c,
        ).format(
            n=batch.shape[0],
            c=c,
            h=h,
            w=w,
            numbers=batch.numel(),
            low=float(batch.min()),
            high=float(batch.max()),
        )
    )
    from torchvision.transforms.v2.functional import to_pil_image

    names = ", ".join(info.classes[label] for label in labels)
    st.image(
        strip([to_pil_image(image) for image in batch], 72),
        caption=_("labels: {labels}").format(labels=plain(names)),
        alt=_("The batch's images in a row; their labels: {labels}").format(labels=names),
    )


def quality(name: str) -> None:
    """The course's data checklist, run on demand (it decodes many images)."""
    st.subheader(_("Data quality report"))
    st.caption(
        _(
            "The checklist from the course: balanced classes, no duplicates (above all none "
            "shared by training and evaluation), no unreadable, tiny or oddly shaped images, "
            "and no grayscale images hiding among colour ones. Every finding lists its files."
        )
    )
    info = ds.get_info(name)
    # The options (kept in session state) stay English; format_func shows them translated.
    choices = {N_("1,000 per split"): 1000, N_("5,000 per split"): 5000, N_("every image"): None}
    if not info.builtin:
        choices = {N_("every image"): None}
    picked = st.radio(
        _("Images to check"),
        list(choices),
        horizontal=True,
        key=DataKeys.QUALITY_LIMIT,
        format_func=_,
        persist_state="session",
    )
    wanted = (name, ds.version(name), choices[picked])
    if st.button(_("Run the quality check"), key="data.run_quality"):
        st.session_state[DataKeys.QUALITY_FOR] = wanted
    if st.session_state.get(DataKeys.QUALITY_FOR) != wanted:
        return
    with st.spinner(_("Checking the data…")):
        findings, checked = _quality(name, choices[picked], ds.version(name), get_language())
    st.caption(
        ngettext("Checked {count:,} image.", "Checked {count:,} images.", checked).format(
            count=checked
        )
    )
    for finding in findings:
        if finding.ok is None:  # not checked: no tick, no warning
            st.markdown(f":material/block: **{finding.check}**: {plain(finding.message)}")
            continue
        icon = ":material/check_circle:" if finding.ok else ":material/warning:"
        if finding.ok:
            st.markdown(f"{icon} **{finding.check}**: {plain(finding.message)}")
            continue
        with st.expander(f"{finding.check}: {plain(finding.message)}", icon=icon):
            if finding.groups:
                for group in finding.groups[:50]:
                    st.text(" = ".join(group))
                if len(finding.groups) > 50:
                    more = len(finding.groups) - 50
                    st.caption(
                        ngettext("and {n} more group", "and {n} more groups", more).format(n=more)
                    )
            else:
                st.text("\n".join(finding.files[:200]))
                if len(finding.files) > 200:
                    st.caption(_("and {n} more").format(n=len(finding.files) - 200))
