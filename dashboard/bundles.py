"""Take the work home and bring it back: `.cnnlab` bundles on Build a CNN and on Runs, and a
run as ONNX to open in other programs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

from core.i18n import _
from core.portable.bundle import ONNX_FILE, SUFFIX, bundle_bytes, bundle_file_name
from core.training.store import LIVE_RUNS
from dashboard import model_state
from dashboard.identity import actor
from dashboard.keys import BuilderKeys
from dashboard.plain import plain
from dashboard.uploads import BUNDLE_MB


def builder_model() -> Any:
    """The builder's model, when this session has opened the builder (else None)."""
    return model_state.current_spec() if BuilderKeys.LAYERS in st.session_state else None


def download_bundle(run_dir: Path | None, key: str) -> None:
    """A download button for the run (when given) and the builder's model, in one file."""
    builder = builder_model() if run_dir is not None else model_state.current_spec()
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
        on_click="ignore",  # a download needs no rerun
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
        model_state.use_spec(restored.builder)
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
        max_upload_size=BUNDLE_MB,
        help=_("A file downloaded with “Download as .cnnlab”, here or on another CNN Lab."),
    )


def _exported(run_dir: Path, weights: list[Path]) -> Path | None:
    """The run's ONNX file, when one was exported after its `weights` last changed."""
    onnx = run_dir / ONNX_FILE
    if not onnx.is_file():
        return None
    return onnx if onnx.stat().st_mtime >= max(w.stat().st_mtime for w in weights) else None


def _export(run_dir: Path) -> str | None:
    """Export the run to ONNX in its folder; why not, when it cannot be exported."""
    from core.atomic import atomic_path
    from core.portable.onnx_export import export_onnx

    with st.spinner(_("Exporting to ONNX…")):
        try:
            with atomic_path(run_dir / ONNX_FILE) as temp:
                export_onnx(run_dir, temp, actor())
        except (ValueError, OSError, ImportError) as error:
            return plain(error)
    return None


def download_onnx(run_dir: Path, key: str) -> None:
    """The run as ONNX, saying where it opens: exported on a first click (a message says why
    when it cannot be), then downloaded; the file is kept until the weights change."""
    live = getattr(LIVE_RUNS.get(str(run_dir.resolve())), "alive", False)
    weights = [run_dir / f for f in ("best.pt", "last.pt") if (run_dir / f).is_file()]
    help_text = _(
        "The trained network as an ONNX file, with its class names and preprocessing "
        "inside. Open it in Netron (netron.app) to see every layer, or run it with "
        "onnxruntime in any program, without CNN Lab."
    )
    exported = None if live or not weights else _exported(run_dir, weights)
    problems = st.session_state.setdefault(f"{key}.problem", {})
    if exported is None:
        if st.button(
            _("Export as ONNX (opens in Netron)"),
            disabled=live or not weights,
            key=f"{key}.export",
            help=help_text,
        ):
            problems[str(run_dir)] = _export(run_dir)
            st.rerun()
    else:
        st.download_button(
            _("Download as ONNX (opens in Netron)"),
            exported.read_bytes,
            file_name=bundle_file_name(run_dir).removesuffix(SUFFIX) + ".onnx",
            mime="application/octet-stream",
            key=key,
            help=help_text,
            on_click="ignore",  # a download needs no rerun
        )
    if problems.get(str(run_dir)):
        st.error(_("Could not export to ONNX: {problem}").format(problem=problems[str(run_dir)]))
