"""A photo set made on the spot, as Teachable Machine makes one: name the classes, then take
photos of each with the camera (a phone's too) or add picture files, watch the counts, and
make the set. "Monkey or human?" then needs no photos from the course's folder."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from core.data import importers as imports
from core.data.build import MAX_FILE_BYTES
from core.data.custom import CustomInfo
from core.data.errors import DatasetImportError
from core.i18n import _, ngettext
from dashboard.identity import actor
from dashboard.keys import TransferKeys as K
from dashboard.plain import plain
from dashboard.uploads import IMAGE_FILE_MB

MIN_PER_CLASS = 10  # fewer would train, but 20% held out would leave one or two a class
MAX_PER_CLASS = 200  # photos kept in the session: each is in the server's memory
MAX_CLASSES = 10
MAX_NAME = 40
IMAGE_TYPES = ["jpg", "jpeg", "png", "webp", "bmp"]


def _classes(text: str) -> list[str]:
    """The class names typed, comma-separated: stripped, each once, at most MAX_CLASSES."""
    names = [name.strip()[:MAX_NAME] for name in text.split(",")]
    return list(dict.fromkeys(name for name in names if name))[:MAX_CLASSES]


def _add(photos: dict[str, list[tuple[str, bytes]]], label: str, uploads: list) -> None:
    """Each new picture (by its upload id) into `label`'s list, within the limits."""
    seen: set[str] = st.session_state.setdefault(K.SHOTS_SEEN, set())
    for upload in uploads:
        if upload.file_id in seen:
            continue
        seen.add(upload.file_id)
        # Kept for the page's next run (the panel reruns at once): shown at its top.
        if upload.size > MAX_FILE_BYTES:
            text = _("{file} is too large for a photo set.").format(file=plain(upload.name))
            st.session_state[K.MESSAGE] = ("error", text)
        elif len(photos.setdefault(label, [])) >= MAX_PER_CLASS:
            text = _("{label} has {most} photos, the most a class takes here.").format(
                label=plain(label), most=MAX_PER_CLASS
            )
            st.session_state[K.MESSAGE] = ("warning", text)
        else:
            number = len(photos[label]) + 1
            photos[label].append((f"{number:04d}-{upload.name}", upload.getvalue()))


def render_capture() -> None:
    """The expander that makes a photo set from the camera or picture files."""
    state = st.session_state
    photos: dict[str, list[tuple[str, bytes]]] = state.setdefault(K.SHOTS, {})
    with st.expander(_("Make a photo set with the camera or picture files"), expanded=bool(photos)):
        st.caption(
            _(
                "As Teachable Machine does: name the classes, choose one, then take photos "
                "(a phone's camera too) or add pictures. At least {least} photos a class."
            ).format(least=MIN_PER_CLASS)
        )
        state.setdefault(K.SHOT_CLASSES, _("monkey, human"))
        classes = _classes(st.text_input(_("Classes, separated by commas"), key=K.SHOT_CLASSES))
        if len(classes) < 2:
            st.info(_("Name two classes or more, e.g. monkey, human."))
            return
        # A class name is a person's text: shown as typed (radio labels are Markdown).
        label = st.radio(
            _("Photos go to"), classes, horizontal=True, key=K.SHOT_TARGET, format_func=plain
        )
        # A new key after each picture: the camera shows its live view again.
        round_ = state.get(K.SHOT_ROUND, 0)
        shot = st.camera_input(_("Camera"), key=f"{K.SHOT_CAMERA}.{round_}")
        # Streamlit's camera restarts its stream after each photo (a new widget): a press in
        # that moment takes nothing (seen with Chromium's fake camera, about 1 press in 15).
        st.caption(
            _(
                "After each photo the camera starts again for a moment: take the next one "
                "when the live picture is back, and check that the count went up."
            )
        )
        files = st.file_uploader(
            _("Or add pictures"),
            type=IMAGE_TYPES,
            accept_multiple_files=True,
            key=f"{K.SHOT_FILES}.{round_}",
            max_upload_size=IMAGE_FILE_MB,
        )
        new = [upload for upload in [shot, *(files or [])] if upload is not None]
        if new:
            _add(photos, label, new)
            state[K.SHOT_ROUND] = round_ + 1
            st.rerun()
        counts = {name: len(photos.get(name, [])) for name in classes}
        st.markdown(
            " · ".join(
                plain(name) + ": " + ngettext("{n} photo", "{n} photos", n).format(n=n)
                for name, n in counts.items()
            )
        )
        short = [name for name, n in counts.items() if n < MIN_PER_CLASS]
        if short:
            st.caption(
                _("Need at least {least} photos in each class: {classes}.").format(
                    least=MIN_PER_CLASS, classes=plain(", ".join(short))
                )
            )
        left, right = st.columns(2)
        name = left.text_input(_("Name of the new photo set"), "my-photos", key=K.SHOT_NAME)
        right.button(_("Start again"), key="transfer_shots_clear", on_click=_clear)
        if st.button(_("Make the photo set"), key="transfer_shots_make", disabled=bool(short)):
            _make(name, {label: photos.get(label, []) for label in classes})


def _make(name: str, photos: dict[str, list[tuple[str, bytes]]]) -> None:
    """Import the photos as the student's own photo set and select it on the page."""
    import_photo_set(
        lambda: imports.import_files(photos, name, 0.0, 0, owner=actor()),
        lambda info: _("Made the photo set **{title}**.").format(title=plain(info.title)),
        after=_clear,
    )


def import_photo_set(
    do_import: Callable[[], CustomInfo],
    success: Callable[[CustomInfo], str],
    after: Callable[[], None] = lambda: None,
) -> None:
    """Run an import of the Transfer page; its message (success or why not) is shown at the
    page's top on the rerun that follows, which selects the new set."""
    try:
        with st.spinner(_("Importing…")):
            info = do_import()
    except (DatasetImportError, ValueError) as error:
        st.session_state[K.MESSAGE] = (
            "error",
            _("Import failed: {error}").format(error=plain(error)),
        )
    else:
        st.session_state[K.MESSAGE] = ("success", success(info))
        st.session_state[K.PENDING] = info.name
        after()
    st.rerun()


def _clear() -> None:
    for key in (K.SHOTS, K.SHOTS_SEEN):
        st.session_state.pop(key, None)
