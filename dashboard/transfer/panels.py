"""The Transfer learning page's set-up: photo set, backbone, strategy and the frozen summary."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import streamlit as st

from core.classroom.roots import server_path
from core.data import importers as imports
from core.data.custom import CustomInfo, list_custom
from core.data.datasets import BUILTIN, get_info, is_available
from core.i18n import N_, _, ngettext
from core.paths import SHARED_PHOTOS
from core.transfer.backbones import (
    BACKBONES,
    DEFAULT_BACKBONE,
    BackboneUnavailable,
    get_backbone,
    is_local,
)
from core.transfer.cases import BUILTIN_PER_CLASS, SMALL_PER_CLASS, recommend
from core.transfer.net import STRATEGIES
from dashboard import flash
from dashboard.identity import actor
from dashboard.keys import TransferKeys as K
from dashboard.plain import plain
from dashboard.transfer.capture_panel import import_photo_set, render_capture
from dashboard.transfer.download_panel import render_download
from dashboard.transfer.figures import summary_rows, totals
from dashboard.uploads import ZIP_MB

# A selectbox value kept in session state: translated only where it is shown.
FOLDER_OPTION = N_("A folder on this computer (read in place)")
# The course's monkey / human photos beside the lab: offered to everyone (a student may not
# type server paths, but these are the class's own photos).
COURSE_PHOTOS = N_("The course's monkey / human photos")
STRATEGY_LABELS = {  # English, marked for the catalogue; shown with _()
    "head": N_("Feature extraction: train only the new head"),
    "partial": N_("Train the last N blocks"),
    "full": N_("Fine-tuning: train the entire model"),
}


def _message() -> None:
    flash.show(K.MESSAGE)


def _upload_form() -> None:
    """A zip of class folders, imported with the Datasets page's engine (core.data.importers)."""

    upload = st.file_uploader(
        _("Zip of class folders (monkey/1.jpg, human/2.jpg…)"),
        type=["zip"],
        key=K.UPLOAD,
        max_upload_size=ZIP_MB,
    )
    name = st.text_input(
        _("Photo set name"), Path(upload.name).stem if upload else "my-photos", key=K.UPLOAD_NAME
    )
    if st.button(_("Import the photos"), key="transfer_import", disabled=upload is None):
        stream = io.BytesIO(upload.getvalue())
        stream.name = upload.name
        import_photo_set(lambda: imports.import_zip(stream, name, 0.0, 0, owner=actor()), _imported)


def _imported(info: CustomInfo) -> str:
    """'Imported **monkey-or-human**: 20 photos in 2 classes.'"""
    n = len(info.files["train"]) + len(info.files.get("val", []))
    return _("Imported **{title}**: {photos} in {classes}.").format(
        title=plain(info.title),
        photos=ngettext("{n} photo", "{n} photos", n).format(n=n),
        classes=ngettext("{n} class", "{n} classes", len(info.classes)).format(n=len(info.classes)),
    )


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


# A built-in set's photos per class: 002 fine-tunes on all of Fashion-MNIST (6,000 a class).
PER_CLASS_CHOICES = [100, 250, 500, 1000, 6000]
SECONDS_PER_PHOTO = 0.046  # the first run's feature extraction here (finetune_panel says so)


def _builtin_subset(name: str) -> tuple[list[str] | None, int]:
    """Which classes of a built-in set and how many photos each (001's cats and dogs of
    CIFAR-10; 002's whole Fashion-MNIST), with what more photos cost on this computer."""
    names = list(get_info(name).classes)
    state = st.session_state
    state[K.CLASSES] = [c for c in state.get(K.CLASSES) or [] if c in names]
    state.setdefault(K.PER_CLASS, PER_CLASS_CHOICES[0])
    with st.expander(_("Classes and photos per class"), expanded=bool(state[K.CLASSES])):
        picked = st.multiselect(_("Classes"), names, key=K.CLASSES, placeholder=_("all classes"))
        per_class = st.select_slider(_("Photos per class"), PER_CLASS_CHOICES, key=K.PER_CLASS)
        photos = per_class * len(picked or names)
        st.caption(
            _(
                "The first run shows each photo to the backbone once: about {minutes:,.0f} "
                "min for {photos:,} photos on this computer. 002 fine-tunes on all 60,000 "
                "Fashion-MNIST images; the lab starts from {first} per class so a class "
                "sees a result in a minute."
            ).format(
                minutes=max(1, photos * SECONDS_PER_PHOTO / 60),
                photos=photos,
                first=PER_CLASS_CHOICES[0],
            )
        )
    return (picked if len(picked) >= 2 else None), int(per_class)


def choose_photos() -> Any:
    """The photo set (core.transfer.data.PhotoSet), or None with a hint on what to do."""
    from core.transfer.data import photos_from_dataset  # lazy: it imports torch

    _message()
    builtin = [name for name in BUILTIN if is_available(name)]
    course = [COURSE_PHOTOS] if SHARED_PHOTOS.is_dir() and not actor().is_teacher else []
    server = [FOLDER_OPTION] if actor().is_teacher else []  # server paths: the teacher's
    options = [*list_custom(actor()), *server, *course, *builtin]
    if (pending := st.session_state.pop(K.PENDING, None)) in options:
        st.session_state[K.SOURCE] = pending
    wanted = st.session_state.get(K.SOURCE)
    if wanted not in options:  # first visit, the set was deleted, or not prepared yet
        if wanted in BUILTIN:  # a course card asked for it (000:516's CIFAR-10)
            st.info(
                _("{name} is not on this computer yet: the Datasets page prepares it.").format(
                    name=wanted
                ),
                icon=":material/info:",
            )
        st.session_state[K.SOURCE] = options[0]
    # The settings' widgets take no default: app.py keeps their values across pages, and a
    # default besides a value set through st.session_state makes Streamlit warn.
    source = st.selectbox(
        _("Photo set"),
        options,
        key=K.SOURCE,
        help=_(
            "Your photo sets from the Datasets page, a built-in dataset (the first "
            "{count} training images per class, e.g. 002's Fashion-MNIST), or a "
            "folder with one subfolder per class."
        ).format(count=BUILTIN_PER_CLASS),
        format_func=lambda n: (
            _("{title} ({count} per class)").format(
                title=get_info(n).title,
                count=st.session_state.get(K.PER_CLASS, BUILTIN_PER_CLASS),
            )
            if n in BUILTIN
            else _(n)
            if n in (FOLDER_OPTION, COURSE_PHOTOS)
            else n
        ),
    )
    with st.expander(_("Upload a new photo set (zip)"), expanded=not list_custom(actor())):
        _upload_form()
        st.caption(_("More ways to import (files per class, a folder) are on the Datasets page."))
    render_capture()
    render_download()
    try:
        if source == FOLDER_OPTION:
            default = str(SHARED_PHOTOS / "train") if SHARED_PHOTOS.is_dir() else ""
            st.session_state.setdefault(K.FOLDER, default)
            folder = st.text_input(_("Folder of class subfolders"), key=K.FOLDER)
            if not folder:
                st.info(_("Type the path of a folder that holds one subfolder per class."))
                return None
            folder = str(server_path(folder, actor()))
            photos = _folder_photos(folder, _folder_signature(folder))
        elif source == COURSE_PHOTOS:
            folder = str(SHARED_PHOTOS / "train")
            photos = _folder_photos(folder, _folder_signature(folder))
        else:
            subset = _builtin_subset(source) if source in BUILTIN else (None, BUILTIN_PER_CLASS)
            with st.spinner(_("Preparing the photos…")):  # once per size: PNGs in the cache
                photos = photos_from_dataset(source, subset[1], subset[0])
    except (OSError, ValueError, KeyError) as error:
        st.error(_("Cannot use that photo set: {error}").format(error=plain(error)))
        return None
    counts = {c: int((photos.labels == i).sum()) for i, c in enumerate(photos.classes)}
    st.caption(
        ngettext("{n} photo: {counts}", "{n} photos: {counts}", len(photos)).format(
            n=len(photos), counts=plain(", ".join(f"{n} {c}" for c, n in counts.items()))
        )
    )
    return photos


def choose_backbone(key: str = K.BACKBONE, label: str = N_("Pretrained backbone")) -> str | None:
    """A backbone whose weights are here (offline) or can be downloaded now; else None (the
    page says how to get it and offers the download). `label` is English, marked with N_."""
    st.session_state.setdefault(key, DEFAULT_BACKBONE)
    name = st.selectbox(
        _(label),
        list(BACKBONES),
        key=key,
        format_func=lambda n: (
            _(BACKBONES[n].title) + ("" if is_local(n) else _("  (not here yet)"))
        ),
    )
    if is_local(name):
        return name
    backbone = get_backbone(name)
    st.warning(
        _("**{title}** is unavailable on this computer. {how_to_get}").format(
            title=_(backbone.title), how_to_get=backbone.how_to_get
        )
    )
    if st.button(_("Download the weights"), key=f"{key}_download"):
        from core.transfer.backbones import backbone_parts  # lazy: it imports torch

        try:
            with st.spinner(_("Downloading…")):
                backbone_parts(name)
        except BackboneUnavailable as error:
            st.error(
                _("Download failed ({reason}). {how_to_get}").format(
                    reason=plain(error.reason), how_to_get=plain(backbone.how_to_get)
                )
            )
        else:
            st.rerun()
    return None


def choose_strategy(backbone: str) -> tuple[str, int, int]:
    """(strategy, last N blocks, two-phase head epochs) with the course's explanation."""
    st.session_state.setdefault(K.STRATEGY, next(iter(STRATEGIES)))
    strategy = st.radio(
        _("Strategy"),
        list(STRATEGIES),
        key=K.STRATEGY,
        format_func=lambda s: _(STRATEGY_LABELS.get(s, s)),
    )
    st.caption(_(STRATEGIES[strategy]))
    blocks, two_phase = 2, 0
    if strategy == "partial":
        n = len(_param_blocks(backbone))
        if not 1 <= st.session_state.get(K.BLOCKS, 0) <= n - 1:  # unset, or another backbone's
            st.session_state[K.BLOCKS] = min(2, n - 1)
        blocks = st.slider(_("Last N blocks train"), 1, n - 1, key=K.BLOCKS)
    if strategy != "head":
        st.session_state.setdefault(K.TWO_PHASE, 0)
        two_phase = st.number_input(
            _("Two-phase: head-only epochs first (0 = off)"),
            0,
            20,
            key=K.TWO_PHASE,
            help=_(
                "Train the new head with the base frozen, then unfreeze and continue with a "
                "10x lower learning rate, so large early gradients do not wreck pretrained "
                "weights."
            ),
        )
    return strategy, int(blocks), int(two_phase)


def show_case(photos: Any) -> None:
    """003's four cases: the strategy the document recommends for this photo set."""
    with st.expander(_("Which strategy? The four cases of 003"), icon=":material/help:"):
        per_class = len(photos) / max(len(photos.classes), 1) if photos is not None else 0
        st.session_state.setdefault(K.SIMILAR, True)  # no widget default: app.py keeps it
        similar = st.toggle(
            _("My photos look like ImageNet's (everyday objects, animals, people)"),
            key=K.SIMILAR,
        )
        case = recommend(per_class, similar)
        size = _("large") if per_class >= SMALL_PER_CLASS else _("small")
        st.markdown(
            _(
                "About {per_class:,.0f} photos per class ({size}: the line is "
                "{line:,} per class, the course's rule of thumb) → case {number}, **{title}**: "
                "{advice} Strategy: **{strategy}**."
            ).format(
                per_class=per_class,
                size=size,
                line=SMALL_PER_CLASS,
                number=case.number,
                title=case.heading(),
                advice=_(case.advice),
                strategy=_(STRATEGY_LABELS[case.strategy]),
            )
        )


@st.cache_resource(show_spinner=False)
def _param_blocks(backbone: str) -> list[str]:
    from core.transfer.net import build_transfer  # lazy: it imports torch

    return build_transfer(backbone, 2, pretrained=False).param_blocks()


# The spinner is drawn by the callers, in the session's language (decorators run at import).
@st.cache_data(show_spinner=False)
def _summary(backbone: str, n_classes: int, strategy: str, blocks: int) -> list[Any]:
    from core.transfer.net import build_transfer, summarize_transfer  # lazy: it imports torch

    # Random weights: the architecture alone decides shapes and counts (no download needed).
    return summarize_transfer(build_transfer(backbone, n_classes, strategy, blocks, False))


def show_counts(backbone: str, n_classes: int, strategy: str, blocks: int) -> None:
    """The trainable count under the strategy (the full table is on the main column)."""
    with st.spinner(_("Summarising the model…")):
        total, trainable = totals(_summary(backbone, n_classes, strategy, blocks))
    st.metric(_("Trainable parameters"), f"{trainable:,}")
    st.caption(_("of {total:,} in the model; the others are frozen.").format(total=total))


def show_summary(backbone: str, n_classes: int, strategy: str, blocks: int) -> None:
    """The head replacement as the course writes it, and which blocks are frozen."""
    info = get_backbone(backbone)
    st.markdown(_("**The new head** replaces ImageNet's 1000-class layer:"))
    st.code(
        f"# {backbone}: num_features = {info.num_features}\n"
        f"fc = nn.Linear(num_features, n_classes)  # n_classes = {n_classes}\n"
        f"{info.head_code}",
        language="python",
    )
    with st.spinner(_("Summarising the model…")):
        rows = _summary(backbone, n_classes, strategy, blocks)
    total, trainable = totals(rows)
    columns = st.columns(3)
    columns[0].metric(_("Trainable parameters"), f"{trainable:,}")
    columns[1].metric(_("Frozen parameters"), f"{total - trainable:,}")
    columns[2].metric(_("Trainable share"), f"{trainable / total:.2%}")
    table = summary_rows(rows)
    for row in table:  # the state is English (tested, compared); shown translated
        row["state"] = _(row["state"])
    st.dataframe(
        table,
        hide_index=True,
        height=35 * (len(rows) + 1) + 3,
        column_config={
            "block": st.column_config.Column(_("block")),
            "output shape": st.column_config.Column(_("output shape")),
            "parameters": st.column_config.Column(_("parameters")),
            "trainable": st.column_config.Column(_("trainable")),
            "state": st.column_config.Column(_("state")),
        },
    )
