"""The Transfer learning page's set-up: photo set, backbone, strategy and the frozen summary."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import streamlit as st

from core.data import importers as imports
from core.data.custom import list_custom
from core.data.datasets import BUILTIN, get_info, is_available
from core.data.errors import DatasetImportError
from core.paths import SHARED_PHOTOS
from core.transfer.backbones import (
    BACKBONES,
    DEFAULT_BACKBONE,
    BackboneUnavailable,
    get_backbone,
    is_local,
)
from core.transfer.cases import SMALL_PER_CLASS, recommend
from core.transfer.net import STRATEGIES
from dashboard import flash
from dashboard.keys import TransferKeys as K
from dashboard.plain import plain
from dashboard.transfer.figures import summary_rows, totals

FOLDER_OPTION = "A folder on this computer (read in place)"
STRATEGY_LABELS = {
    "head": "Feature extraction: train only the new head",
    "partial": "Train the last N blocks",
    "full": "Fine-tuning: train the entire model",
}


def _message() -> None:
    flash.show(K.MESSAGE)


def _upload_form() -> None:
    """A zip of class folders, imported with the Datasets page's engine (core.data.importers)."""

    upload = st.file_uploader(
        "Zip of class folders (monkey/1.jpg, human/2.jpg…)", type=["zip"], key=K.UPLOAD
    )
    name = st.text_input(
        "Photo set name", Path(upload.name).stem if upload else "my-photos", key=K.UPLOAD_NAME
    )
    if st.button("Import the photos", key="transfer_import", disabled=upload is None):
        stream = io.BytesIO(upload.getvalue())
        stream.name = upload.name
        try:
            with st.spinner("Importing…"):
                info = imports.import_zip(stream, name, 0.0, 0)
        except (DatasetImportError, ValueError) as error:
            st.session_state[K.MESSAGE] = ("error", f"Import failed: {plain(error)}")
        else:
            n = len(info.files["train"]) + len(info.files.get("val", []))
            st.session_state[K.MESSAGE] = (
                "success",
                f"Imported **{plain(info.title)}**: {n} photos in {len(info.classes)} classes.",
            )
            st.session_state[K.PENDING] = info.name
        st.rerun()


def _folder_signature(folder: str) -> tuple[float, ...]:
    """Modification times of the folder and its class subfolders: adding or removing a photo
    in a class folder changes its time, so the cached listing below is redone."""
    root = Path(folder)
    try:
        return (root.stat().st_mtime, *(p.stat().st_mtime for p in sorted(root.iterdir())))
    except OSError:
        return ()


@st.cache_data(max_entries=8, ttl=60, show_spinner=False)
def _folder_photos(folder: str, signature: tuple[float, ...]) -> Any:
    """The folder's photo list, shared by every session (30 students, one folder): listing
    851 photos on every rerun was a tenth of the server's time under load."""
    from core.transfer.data import photos_from_folder  # lazy: it imports torch

    return photos_from_folder(folder)


def choose_photos() -> Any:
    """The photo set (core.transfer.data.PhotoSet), or None with a hint on what to do."""
    from core.transfer.data import (  # lazy: it imports torch
        BUILTIN_PER_CLASS,
        photos_from_dataset,
    )

    _message()
    builtin = [name for name in BUILTIN if is_available(name)]
    options = [*list_custom(), FOLDER_OPTION, *builtin]
    if (pending := st.session_state.pop(K.PENDING, None)) in options:
        st.session_state[K.SOURCE] = pending
    if st.session_state.get(K.SOURCE) not in options:  # first visit, or the set was deleted
        st.session_state[K.SOURCE] = options[0]
    # The settings' widgets take no default: app.py keeps their values across pages, and a
    # default besides a value set through st.session_state makes Streamlit warn.
    source = st.selectbox(
        "Photo set",
        options,
        key=K.SOURCE,
        help="Your photo sets from the Datasets page, a built-in dataset (the first "
        f"{BUILTIN_PER_CLASS} training images per class, e.g. 002's Fashion-MNIST), or a "
        "folder with one subfolder per class.",
        format_func=lambda n: (
            f"{get_info(n).title} ({BUILTIN_PER_CLASS} per class)" if n in BUILTIN else n
        ),
    )
    with st.expander("Upload a new photo set (zip)", expanded=not list_custom()):
        _upload_form()
        st.caption("More ways to import (files per class, a folder) are on the Datasets page.")
    try:
        if source == FOLDER_OPTION:
            default = str(SHARED_PHOTOS / "train") if SHARED_PHOTOS.is_dir() else ""
            st.session_state.setdefault(K.FOLDER, default)
            folder = st.text_input("Folder of class subfolders", key=K.FOLDER)
            if not folder:
                st.info("Type the path of a folder that holds one subfolder per class.")
                return None
            photos = _folder_photos(folder, _folder_signature(folder))
        else:
            photos = photos_from_dataset(source)
    except (OSError, ValueError, KeyError) as error:
        st.error(f"Cannot use that photo set: {plain(error)}")
        return None
    counts = {c: int((photos.labels == i).sum()) for i, c in enumerate(photos.classes)}
    st.caption(f"{len(photos)} photos: " + ", ".join(f"{n} {c}" for c, n in counts.items()))
    return photos


def choose_backbone(key: str = K.BACKBONE, label: str = "Pretrained backbone") -> str | None:
    """A backbone whose weights are here (offline) or can be downloaded now; else None (the
    page says how to get it and offers the download)."""
    st.session_state.setdefault(key, DEFAULT_BACKBONE)
    name = st.selectbox(
        label,
        list(BACKBONES),
        key=key,
        format_func=lambda n: BACKBONES[n].title + ("" if is_local(n) else "  (not here yet)"),
    )
    if is_local(name):
        return name
    backbone = get_backbone(name)
    st.warning(f"**{backbone.title}** is unavailable on this computer. {backbone.how_to_get}")
    if st.button("Download the weights", key=f"{key}_download"):
        from core.transfer.backbones import backbone_parts  # lazy: it imports torch

        try:
            with st.spinner("Downloading…"):
                backbone_parts(name)
        except BackboneUnavailable as error:
            st.error(f"Download failed ({plain(error.reason)}). {plain(backbone.how_to_get)}")
        else:
            st.rerun()
    return None


def choose_strategy(backbone: str) -> tuple[str, int, int]:
    """(strategy, last N blocks, two-phase head epochs) with the course's explanation."""
    st.session_state.setdefault(K.STRATEGY, next(iter(STRATEGIES)))
    strategy = st.radio(
        "Strategy", list(STRATEGIES), key=K.STRATEGY, format_func=STRATEGY_LABELS.get
    )
    st.caption(STRATEGIES[strategy])
    blocks, two_phase = 2, 0
    if strategy == "partial":
        n = len(_param_blocks(backbone))
        if not 1 <= st.session_state.get(K.BLOCKS, 0) <= n - 1:  # unset, or another backbone's
            st.session_state[K.BLOCKS] = min(2, n - 1)
        blocks = st.slider("Last N blocks train", 1, n - 1, key=K.BLOCKS)
    if strategy != "head":
        st.session_state.setdefault(K.TWO_PHASE, 0)
        two_phase = st.number_input(
            "Two-phase: head-only epochs first (0 = off)",
            0,
            20,
            key=K.TWO_PHASE,
            help="Train the new head with the base frozen, then unfreeze and continue with a "
            "10x lower learning rate, so large early gradients do not wreck pretrained weights.",
        )
    return strategy, int(blocks), int(two_phase)


def show_case(photos: Any) -> None:
    """003's four cases: the strategy the document recommends for this photo set."""
    with st.expander("Which strategy? The four cases of 003", icon=":material/help:"):
        per_class = len(photos) / max(len(photos.classes), 1) if photos is not None else 0
        st.session_state.setdefault(K.SIMILAR, True)  # no widget default: app.py keeps it
        similar = st.toggle(
            "My photos look like ImageNet's (everyday objects, animals, people)", key=K.SIMILAR
        )
        case = recommend(per_class, similar)
        size = "large" if per_class >= SMALL_PER_CLASS else "small"
        st.markdown(
            f"About {per_class:,.0f} photos per class ({size}: the line is "
            f"{SMALL_PER_CLASS:,} per class) → case {case.number}, **{case.title}**: "
            f"{case.advice} Strategy: **{STRATEGY_LABELS[case.strategy]}**."
        )


@st.cache_resource(show_spinner=False)
def _param_blocks(backbone: str) -> list[str]:
    from core.transfer.net import build_transfer  # lazy: it imports torch

    return build_transfer(backbone, 2, pretrained=False).param_blocks()


@st.cache_data(show_spinner="Summarising the model…")
def _summary(backbone: str, n_classes: int, strategy: str, blocks: int) -> list[Any]:
    from core.transfer.net import build_transfer, summarize_transfer  # lazy: it imports torch

    # Random weights: the architecture alone decides shapes and counts (no download needed).
    return summarize_transfer(build_transfer(backbone, n_classes, strategy, blocks, False))


def show_counts(backbone: str, n_classes: int, strategy: str, blocks: int) -> None:
    """The trainable count under the strategy (the full table is on the main column)."""
    total, trainable = totals(_summary(backbone, n_classes, strategy, blocks))
    st.metric("Trainable parameters", f"{trainable:,}")
    st.caption(f"of {total:,} in the model; the others are frozen.")


def show_summary(backbone: str, n_classes: int, strategy: str, blocks: int) -> None:
    """The head replacement as the course writes it, and which blocks are frozen."""
    info = get_backbone(backbone)
    st.markdown("**The new head** replaces ImageNet's 1000-class layer:")
    st.code(
        f"# {backbone}: num_features = {info.num_features}\n"
        f"fc = nn.Linear(num_features, n_classes)  # n_classes = {n_classes}\n"
        f"{info.head_code}",
        language="python",
    )
    rows = _summary(backbone, n_classes, strategy, blocks)
    total, trainable = totals(rows)
    columns = st.columns(3)
    columns[0].metric("Trainable parameters", f"{trainable:,}")
    columns[1].metric("Frozen parameters", f"{total - trainable:,}")
    columns[2].metric("Trainable share", f"{trainable / total:.2%}")
    st.dataframe(summary_rows(rows), hide_index=True, height=35 * (len(rows) + 1) + 3)
