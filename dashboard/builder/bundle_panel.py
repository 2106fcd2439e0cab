"""Take the work home and bring it back: `.cnnlab` bundles on Build a CNN and on Runs, and a
run as ONNX to open in other programs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

from core.i18n import _
from core.portable.bundle import SUFFIX, bundle_bytes, bundle_file_name
from core.training.store import LIVE_RUNS
from dashboard.builder import state
from dashboard.identity import actor
from dashboard.keys import BuilderKeys
from dashboard.plain import plain


def builder_model() -> Any:
    """The builder's model, when this session has opened the builder (else None)."""
    return state.current_spec() if BuilderKeys.LAYERS in st.session_state else None


def download_bundle(run_dir: Path | None, key: str) -> None:
    """A download button for the run (when given) and the builder's model, in one file."""
    builder = builder_model() if run_dir is not None else state.current_spec()
    live = run_dir is not None and getattr(LIVE_RUNS.get(str(run_dir.resolve())), "alive", False)
    who = actor()
    st.download_button(
        _("Download as .cnnlab (take it home)"),
        # Made on click, in its own thread: a fine-tuned run's weights are tens of MB.
        lambda: bundle_bytes(run_dir, builder, who),
        file_name=bundle_file_name(run_dir, builder),
        mime="application/zip",
        disabled=live,
        key=key,
        help=_(
            "One file with the model, its training settings and augmentation, its weights, "
            "its curves and its evaluation, and the model in Build a CNN. Load it here, on "
            "any CNN Lab, to continue where you left off."
        )
        if run_dir is not None
        else _(
            "One file with the model in the builder; a run's bundle (Runs page) also holds "
            "its weights, curves and evaluation."
        ),
    )


def restore_bundle(upload: Any, message_key: str) -> None:
    """Restore an uploaded bundle: its run joins the history and its model the builder.
    The outcome is left in `message_key` as (kind, text) for the page to show."""
    from core.portable.unbundle import BundleError, import_bundle

    try:
        restored = import_bundle(upload.getvalue(), upload.name, actor=actor())
    except (BundleError, OSError) as error:
        st.session_state[message_key] = ("error", plain(error))
        return
    parts = []
    if restored.run_dir is not None:
        parts.append(
            _("the run **{name}** is in the history (Runs page)").format(
                name=plain(restored.run_name)
            )
        )
    if restored.builder is not None:
        state.use_spec(restored.builder)
        parts.append(_("its model is in Build a CNN"))
    text = _("Restored {file}: {what}.").format(file=plain(upload.name), what="; ".join(parts))
    st.session_state[message_key] = ("success", text)


def bundle_uploader(key: str, message_key: str) -> None:
    """An uploader for `.cnnlab` files that restores each one once it arrives."""

    def restore() -> None:
        upload = st.session_state.get(key)
        if upload is not None:
            restore_bundle(upload, message_key)

    st.file_uploader(
        _("Restore a .cnnlab file"),
        type=[SUFFIX.lstrip(".")],
        key=key,
        on_change=restore,
        help=_("A file downloaded with “Download as .cnnlab”, here or on another CNN Lab."),
    )


def _onnx_bytes(run_dir: Path) -> bytes:
    """The run exported to ONNX; a run that cannot be exported gives an empty file (the
    download runs in its own thread, where no message can reach the page)."""
    import tempfile

    from core.portable.onnx_export import export_onnx

    with tempfile.TemporaryDirectory() as folder:
        try:
            return export_onnx(run_dir, Path(folder) / "model.onnx").read_bytes()
        except (ValueError, OSError, ImportError):
            return b""


def download_onnx(run_dir: Path, key: str) -> None:
    """A download button for the run as ONNX, saying where it opens."""
    live = getattr(LIVE_RUNS.get(str(run_dir.resolve())), "alive", False)
    weights = any((run_dir / f).is_file() for f in ("best.pt", "last.pt"))
    st.download_button(
        _("Download as ONNX (opens in Netron)"),
        lambda: _onnx_bytes(run_dir),
        file_name=bundle_file_name(run_dir).removesuffix(SUFFIX) + ".onnx",
        mime="application/octet-stream",
        disabled=live or not weights,
        key=key,
        help=_(
            "The trained network as an ONNX file, with its class names and preprocessing "
            "inside. Open it in Netron (netron.app) to see every layer, or run it with "
            "onnxruntime in any program, without CNN Lab."
        ),
    )
