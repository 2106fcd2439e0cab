"""The Datasets page's import forms and the list of the student's own datasets."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from core.data import importers as imports
from core.data.build import MAX_FILE_BYTES
from core.data.custom import CustomInfo, custom_info, delete_custom, list_custom, source_text
from core.data.errors import DatasetImportError, SourceError
from core.data.sources import import_cifar10
from core.i18n import _, ngettext
from core.identity.ownership import is_shared, owner_of, share
from core.identity.people import NotAllowed
from dashboard import flash
from dashboard.identity import actor
from dashboard.keys import DataKeys
from dashboard.plain import plain
from dashboard.uploads import IMAGE_FILE_MB, ZIP_MB

K = DataKeys.IMPORT_NAME


def _widget_key(name: str) -> str:
    # Bumping the version gives the upload widgets new keys, which empties them after a run.
    return f"{K}.{name}.{st.session_state.get(DataKeys.UPLOAD_VERSION, 0)}"


def _show_message() -> None:
    flash.show(DataKeys.MESSAGE)


def _settings(prefix: str, default_name: str) -> tuple[str, float, int]:
    left, middle, right = st.columns([2, 2, 1])
    keep = {"persist_state": "session"}
    name = left.text_input(
        _("Dataset name"), default_name, key=_widget_key(f"{prefix}.name"), **keep
    )
    share = middle.slider(
        _("Validation share"),
        0.0,
        0.5,
        0.2,
        0.05,
        key=_widget_key(f"{prefix}.val"),
        help=_("Images set aside, per class, to check the model on images it never trained on."),
        **keep,
    )
    seed = right.number_input(
        _("Split seed"), 0, 10_000, 0, key=_widget_key(f"{prefix}.seed"), **keep
    )
    return name, share, int(seed)


def _run(action: Callable[[imports.Progress], CustomInfo]) -> None:
    """Run an import with a progress bar; keep its outcome for after the rerun."""
    bar = st.progress(0.0, text=_("Importing…"))

    def progress(done: int, total: int) -> None:
        if done == total or done % 25 == 0:
            text = _("Importing image {done:,} of {total:,}…").format(done=done, total=total)
            bar.progress(done / total, text=text)

    try:
        info = action(progress)
    except (DatasetImportError, ValueError) as error:
        st.session_state[DataKeys.MESSAGE] = (
            "error",
            _("Import failed: {error}").format(error=plain(error)),
        )
    else:
        counts = {split: len(files) for split, files in info.files.items()}
        text = ngettext(
            "Imported **{title}**: {classes} class, {train} training and {val} validation images.",
            "Imported **{title}**: {classes} classes, {train} training and {val} validation "
            "images.",
            len(info.classes),
        ).format(
            title=info.title, classes=len(info.classes), train=counts["train"], val=counts["val"]
        )
        if info.skipped:
            skipped = len(info.skipped)
            text += " " + ngettext(
                "{n} file was left out (see the list below).",
                "{n} files were left out (see the list below).",
                skipped,
            ).format(n=skipped)
        st.session_state[DataKeys.MESSAGE] = ("success", text)
        st.session_state[DataKeys.PENDING] = info.name
        st.session_state[DataKeys.UPLOAD_VERSION] = (
            st.session_state.get(DataKeys.UPLOAD_VERSION, 0) + 1
        )
    bar.empty()
    st.rerun()


def import_panel() -> None:
    """Zip upload, files per class, a local folder, and CIFAR-10 from JPEG folders."""
    st.subheader(_("Import your own images"))
    st.caption(
        _(
            "Put the images of each class in a folder named after the class (`cats/1.jpg`, "
            "`dogs/7.png`). Any size and colour mode works: every image is stored as RGB. "
            "Limits: {files:,} files, {mib} MiB per file."
        ).format(files=imports.MAX_FILES, mib=MAX_FILE_BYTES // 2**20)
    )
    _show_message()
    # Stateful tabs (a key, on_change="rerun"): the message above would otherwise send the
    # student back to the first tab after every import. Nothing compares the kept label: in
    # another language it is no tab's, and Streamlit falls back to the first tab.
    # Folders on the server are the teacher's (core.classroom.roots): a student uploads.
    server = actor().is_teacher
    names = [_("Zip file"), _("Files per class")]
    names += [_("Local folder"), _("CIFAR-10 from a folder or archive")] if server else []
    tabs = st.tabs(names, key=DataKeys.IMPORT_TAB, on_change="rerun")
    zip_tab, files_tab = tabs[:2]
    with zip_tab:
        upload = st.file_uploader(
            _("Zip of class folders"), type=["zip"], key=_widget_key("zip"), max_upload_size=ZIP_MB
        )
        # The name field is keyed on the upload, so each new zip proposes its own name.
        prefix = f"zip.{upload.file_id}" if upload else "zip"
        name, share, seed = _settings(prefix, Path(upload.name).stem if upload else "my-photos")
        if st.button(_("Import the zip"), key="data.import_zip", disabled=upload is None):
            stream = io.BytesIO(upload.getvalue())
            stream.name = upload.name  # shown as the dataset's source
            _run(lambda p: imports.import_zip(stream, name, share, seed, p, actor()))
    with files_tab:
        n = st.number_input(
            _("Number of classes"), 2, 20, 2, key=f"{K}.n_classes", persist_state="session"
        )
        files: dict[str, list[tuple[str, bytes]]] = {}
        for i in range(int(n)):
            left, right = st.columns([1, 3])
            label = left.text_input(
                _("Class {number}").format(number=i + 1),
                _("class {number}").format(number=i + 1),
                key=_widget_key(f"c{i}"),
                persist_state="session",
            )
            uploads = right.file_uploader(
                _("Images of class {number}").format(number=i + 1),
                accept_multiple_files=True,
                key=_widget_key(f"f{i}"),
                max_upload_size=IMAGE_FILE_MB,
            )
            files.setdefault(label, []).extend((u.name, u.getvalue()) for u in uploads or [])
        name, share, seed = _settings("files", "my-classes")
        if st.button(_("Import the files"), key="data.import_files"):
            if len(files) < int(n):
                st.error(_("Two classes have the same name; give every class its own name."))
            else:
                _run(lambda p: imports.import_files(files, name, share, seed, p, actor()))
    if not server:
        return
    with tabs[2]:
        st.caption(_("A folder on the computer that runs the lab; its files are copied."))
        path = st.text_input(_("Folder path"), key=_widget_key("folder"), persist_state="session")
        name, share, seed = _settings("folder", Path(path).name if path else "my-folder")
        if st.button(_("Import the folder"), key="data.import_folder", disabled=not path):
            _run(lambda p: imports.import_folder(path, name, share, seed, p, actor()))
    with tabs[3]:
        _cifar_form()


def _cifar_form() -> None:
    st.caption(
        _(
            "Use a CIFAR-10 copy in the layout `train/<class>/*.jpg`, `test/<class>/*.jpg`: a "
            "folder is used where it is, a .tar.gz or .zip is extracted once into the cache."
        )
    )
    path = st.text_input(
        _("Folder or archive path"), key=f"{K}.cifar_path", persist_state="session"
    )
    if st.button(_("Use this CIFAR-10 copy"), key="data.import_cifar", disabled=not path):
        with st.spinner(_("Extracting CIFAR-10 (60,000 files, about half a minute)…")):
            try:
                folder = import_cifar10(path, actor())
            except (SourceError, OSError) as error:
                st.session_state[DataKeys.MESSAGE] = (
                    "error",
                    _("CIFAR-10 import failed: {error}").format(error=plain(error)),
                )
            else:
                st.session_state[DataKeys.MESSAGE] = (
                    "success",
                    _("CIFAR-10 now loads from {folder}.").format(folder=folder),
                )
                st.session_state[DataKeys.PENDING] = "cifar10"
        st.rerun()


def sharing_toggle(name: str) -> None:
    """The teacher's switch that shares a student's dataset with the class (a student's
    datasets are hers until then)."""
    me = actor()
    if me.role != "teacher":
        return
    owner = owner_of("dataset", name)
    if owner in (None, me.id):
        return  # the teacher's own, or made before the class: every student sees it
    key = f"data.share.{name}"
    st.session_state[key] = is_shared("dataset", name)
    st.toggle(
        _("Shared with the class"),
        key=key,
        on_change=lambda: share(me, "dataset", name, bool(st.session_state[key])),
        help=_("Off: only the student who imported it and you see it. On: every student can."),
    )


def custom_list() -> None:
    """Every custom dataset with its numbers, notes and a delete button."""
    st.subheader(_("Your datasets"))
    names = list_custom(actor())
    if not names:
        st.caption(_("None yet: import a zip, files or a folder above."))
        return
    for name in names:
        try:
            info = custom_info(name)
        except (KeyError, OSError, ValueError):  # deleted by another session a moment ago
            continue
        with st.container(border=True, key=f"data-custom-{name}"):
            left, right = st.columns([5, 1])
            counts = {split: len(files) for split, files in info.files.items()}
            classes = len(info.classes)
            left.markdown(
                ngettext(
                    "**{title}** (`{name}`): {classes} class ({class_names}), {train} train / "
                    "{val} val images, most common size {width}x{height}",
                    "**{title}** (`{name}`): {classes} classes ({class_names}), {train} train / "
                    "{val} val images, most common size {width}x{height}",
                    classes,
                ).format(
                    title=plain(info.title),
                    name=plain(name),
                    classes=classes,
                    class_names=plain(", ".join(info.classes[:8])) + ("…" if classes > 8 else ""),
                    train=counts["train"],
                    val=counts["val"],
                    width=info.input_shape[2],
                    height=info.input_shape[1],
                )
            )
            left.caption(
                _("From {source}, {created}.").format(
                    source=plain(source_text(info.source)), created=plain(info.created)
                )
            )
            sharing_toggle(name)
            with right.popover(_("Delete"), icon=":material/delete:"):
                total = sum(counts.values())
                st.write(
                    ngettext(
                        "Delete **{title}** and its {n} image?",
                        "Delete **{title}** and its {n} images?",
                        total,
                    ).format(title=plain(info.title), n=total)
                )
                if st.button(_("Delete for good"), key=f"data.delete.{name}", type="primary"):
                    try:
                        deleted = delete_custom(name, actor())
                    except NotAllowed as error:
                        deleted, message = None, ("error", plain(error))
                    if deleted:
                        message = (
                            "success",
                            _("Deleted {title}.").format(title=plain(info.title)),
                        )
                    elif deleted is False:
                        message = (
                            "info",
                            _("{title} was already deleted (another session).").format(
                                title=plain(info.title)
                            ),
                        )
                    st.session_state[DataKeys.MESSAGE] = message
                    if st.session_state.get(DataKeys.PICKER) == name:
                        st.session_state[DataKeys.PENDING] = "mnist"
                    st.rerun()
            if info.notes or info.skipped:
                with left.expander(
                    _("Notes ({notes}) and files left out ({skipped})").format(
                        notes=len(info.notes), skipped=len(info.skipped)
                    )
                ):
                    for note in info.notes:
                        st.text(f"- {note}")
                    for file, reason in info.skipped[:200]:
                        st.text(f"{file}: {reason}")
