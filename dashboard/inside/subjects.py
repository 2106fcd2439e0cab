"""What the "Inside" page looks into: a model (trained run, untrained preset or pretrained
backbone) and one image (a dataset image, an upload, or one sent by the Runs page)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st

from core.data.datasets import get_info, is_available, list_datasets, load_dataset
from core.data.errors import DatasetUnavailable
from core.explain.subjects import (
    BACKBONE,
    TRAINED,
    UNTRAINED,
    Subject,
    backbone_offered,
    backbone_subject,
    prepare,
    preset_subject,
    run_subject,
)
from core.i18n import N_, _
from core.images import PHOTO_SIDE, ImageError, open_rgb
from core.model.presets import PRESETS
from core.training.store import LIVE_STATUSES, check_use, list_runs
from dashboard.identity import actor
from dashboard.keys import InsideKeys as K
from dashboard.navigation import link_to
from dashboard.plain import plain
from dashboard.uploads import PHOTO_MB, too_large

DATASET_IMAGE, UPLOAD = "Dataset image", "Upload a photo"
# What the radios show for their values (the values are compared in code and kept in English).
CHOICE_LABELS = {
    TRAINED: N_("Trained run"),
    UNTRAINED: N_("Untrained preset"),
    BACKBONE: N_("Pretrained backbone"),
    DATASET_IMAGE: N_("Dataset image"),
    UPLOAD: N_("Upload a photo"),
}


@dataclass
class Picture:
    """One image as the model sees it (resized or cropped) and as its input tensor."""

    seen: Any  # PIL image
    x: Any  # (1, C, H, W)
    true: str | None
    key: str
    index: int | None = None


def apply_target() -> None:
    """Open the run and image the Runs page's Inspect button sent (before any widget)."""
    target = st.session_state.pop(K.TARGET, None)
    if not target:
        return
    st.session_state[K.SOURCE] = TRAINED
    st.session_state[K.RUN] = str(target["run_dir"])
    st.session_state[K.IMAGE_FROM] = DATASET_IMAGE
    st.session_state[K.INDEX] = int(target["index"])
    st.session_state[K.ENLARGED] = {}


LIVE_RELOAD_S = 30


def _label(value: str) -> str:
    return _(CHOICE_LABELS.get(value, value))


def _has_checkpoint(run_dir: Path) -> bool:
    return (run_dir / "best.pt").is_file() or (run_dir / "last.pt").is_file()


# Spinners are drawn by the callers, in the session's language (decorators run at import).
@st.cache_resource(max_entries=4, show_spinner=False)
def _run_subject(run_dir: str, stamp: float) -> Subject:
    return run_subject(Path(run_dir), f"run:{run_dir}:{stamp}")


@st.cache_resource(max_entries=4, show_spinner=False)
def _preset_subject(name: str) -> Subject:
    return preset_subject(name)


@st.cache_resource(max_entries=1, show_spinner=False)
def _backbone_subject() -> Subject:
    return backbone_subject()


def choose_subject() -> Subject | None:
    """The model widgets; None when nothing can be shown (the page says why)."""

    saved = [run for run in list_runs(actor=actor()) if _has_checkpoint(run.run_dir)]
    runs = [run for run in saved if not run.fine_tuned]
    fine_tuned = len(saved) - len(runs)
    sources = [TRAINED, UNTRAINED] + ([BACKBONE] if backbone_offered() else [])
    st.session_state.setdefault(K.SOURCE, TRAINED if runs else UNTRAINED)
    source = st.radio(
        _("Model"),
        sources,
        key=K.SOURCE,
        horizontal=True,
        persist_state="session",
        format_func=_label,
    )
    if fine_tuned and source == TRAINED:
        st.caption(
            _(
                "{n} fine-tuned run(s) are not listed: a pretrained backbone with a new head "
                "is explained on Test a photo (its Grad-CAM on your own photo)."
            ).format(n=fine_tuned)
        )
    if source == TRAINED:
        if not runs:
            st.info(
                _(
                    "No trained run yet. Train one on the Train page (500 images and one "
                    "epoch take well under a minute); it appears here."
                )
            )
            link_to("training", label=_("Go to the Train page"))
            return None
        names = {str(run.run_dir): run for run in runs}
        if st.session_state.get(K.RUN) not in names:
            st.session_state[K.RUN] = next(iter(names))
        chosen = st.selectbox(
            _("Run"),
            list(names),
            key=K.RUN,
            persist_state="session",
            format_func=lambda d: (
                _("{name} · {preset} on {dataset}").format(
                    name=names[d].name, preset=names[d].preset, dataset=names[d].dataset
                )
                + (
                    _(" · test {accuracy:.1%}").format(accuracy=names[d].test_acc)
                    if names[d].test_acc is not None
                    else ""
                )
            ),
        )
        stamp = max(p.stat().st_mtime for p in Path(chosen).glob("*.pt"))
        if names[chosen].status in LIVE_STATUSES:
            # A run still training saves every epoch: reload its model at most every
            # LIVE_RELOAD_S, not on every student's every click (the load test's slowest page).
            stamp = stamp // LIVE_RELOAD_S * LIVE_RELOAD_S
            st.caption(
                _(
                    "This run is still training: its latest weights are picked up every "
                    "{seconds} s."
                ).format(seconds=LIVE_RELOAD_S)
            )
        try:
            check_use(Path(chosen), actor())  # the cache is shared by every session: ask first
            with st.spinner(_("Loading the run's model...")):
                return _run_subject(chosen, stamp)
        except (OSError, ValueError, RuntimeError, KeyError) as error:
            st.error(_("Could not load this run's model: {error}").format(error=plain(error)))
            return None
    if source == UNTRAINED:
        st.session_state.setdefault(K.PRESET, "mnist_fast")
        name = st.selectbox(
            _("Preset"),
            list(PRESETS),
            key=K.PRESET,
            persist_state="session",
            format_func=lambda n: _(PRESETS[n].title),
        )
        st.caption(
            _(
                "Untrained: its filters are random numbers, so its maps show little "
                "structure. Train it to see edges and strokes emerge."
            )
        )
        if not runs:
            link_to("training", label=_("No trained run yet: train one on the Train page"))
        with st.spinner(_("Building the model...")):
            return _preset_subject(name)
    try:
        with st.spinner(_("Loading the pretrained backbone...")):
            return _backbone_subject()
    except Exception as error:  # a missing or damaged weights package
        st.error(
            _("The pretrained backbone could not be loaded: {error}").format(error=plain(error))
        )
        return None


def _dataset_for(subject: Subject) -> str | None:
    if subject.kind == TRAINED:
        return subject.dataset
    names = [n for n in list_datasets(actor()) if is_available(n)]
    if not names:
        return None
    default = subject.dataset if subject.dataset in names else names[0]
    if subject.kind == BACKBONE and "cifar10" in names:
        default = "cifar10"
    if st.session_state.get(K.DATASET) not in names:
        st.session_state[K.DATASET] = default
    return st.selectbox(
        _("Images from"),
        names,
        key=K.DATASET,
        persist_state="session",
        format_func=lambda n: get_info(n).title,
    )


def _random_index(size: int) -> None:
    st.session_state[K.INDEX] = random.randrange(size)


def choose_picture(subject: Subject) -> Picture | None:
    """The image widgets: a dataset image by index (or at random), or an uploaded photo."""

    source = st.radio(
        _("Image"),
        [DATASET_IMAGE, UPLOAD],
        key=K.IMAGE_FROM,
        horizontal=True,
        persist_state="session",
        format_func=_label,
    )
    if source == UPLOAD:
        upload = st.file_uploader(
            _("A photo"),
            type=["png", "jpg", "jpeg", "bmp", "gif", "webp"],
            key=K.UPLOAD,
            max_upload_size=PHOTO_MB,
        )
        invert = subject.input_shape[0] == 1 and st.checkbox(
            _("Invert (a dark digit on white paper; MNIST digits are white on black)"),
            key=K.INVERT,
            persist_state="session",
        )
        if upload is None:
            st.caption(_("Upload a photo to see what the network makes of it."))
            return None
        if too_large(upload):
            return None
        try:
            image = open_rgb(upload.getvalue(), max_side=PHOTO_SIDE)
        except ImageError as error:
            st.error(_("{file}: {problem}").format(file=plain(upload.name), problem=plain(error)))
            return None
        seen, x = prepare(subject, image, invert)
        return Picture(seen, x, None, f"upload:{upload.file_id}:{invert}")
    dataset_name = _dataset_for(subject)
    if dataset_name is None:
        st.warning(
            _("No dataset is on this computer: upload a photo, or get one on the Datasets page.")
        )
        return None
    split = "test"
    try:
        dataset = load_dataset(dataset_name, split, download=False)
        if len(dataset) == 0:  # a photo set imported without a validation share
            split = "train"
            dataset = load_dataset(dataset_name, split, download=False)
            st.caption(
                _(
                    "This data set holds no test (validation) images, so these come from its "
                    "training images: the network has seen them."
                )
            )
    except DatasetUnavailable as error:
        st.error(plain(error))
        return None
    size = len(dataset)
    if size == 0:
        st.warning(_("This data set holds no images: upload a photo instead."))
        return None
    if int(st.session_state.get(K.INDEX, 0)) >= size:
        st.session_state[K.INDEX] = 0
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    index = left.number_input(
        (
            _("Test image (0 to {last})") if split == "test" else _("Training image (0 to {last})")
        ).format(last=size - 1),
        0,
        size - 1,
        key=K.INDEX,
        step=1,
        persist_state="session",
    )
    right.button(_("Random"), on_click=_random_index, args=(size,), key="inside_random")
    image, label = dataset[int(index)]
    seen, x = prepare(subject, image)
    true = dataset.classes[label] if dataset.classes else str(label)
    return Picture(seen, x, true, f"{dataset_name}:{split}:{index}", int(index))
