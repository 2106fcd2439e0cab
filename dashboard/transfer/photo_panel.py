"""The "Test a photo" page's panels: model choice, photos in, steps, top-k and Grad-CAM."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import streamlit as st

from core.i18n import N_, _, ngettext
from core.images import PHOTO_SIDE, ImageError, open_rgb
from core.training.store import check_use
from core.transfer.backbones import DEFAULT_BACKBONE, BackboneUnavailable
from dashboard.identity import actor
from dashboard.keys import TransferKeys as K
from dashboard.plain import plain
from dashboard.transfer.class_panel import ask_about_photo, share_request
from dashboard.transfer.figures import cam_figure, topk_figure
from dashboard.transfer.neither_panel import answer, closest_panel, verdict_panel
from dashboard.transfer.panels import choose_backbone
from dashboard.uploads import PHOTO_MB, too_large

# English, marked for the catalogue; shown with _().
IMAGENET_LABEL = N_("ImageNet's 1000 classes (no fine-tuning)")
SHORTCUT_NOTE = N_(
    "**Teaching point: shortcuts.** In the monkey/human photos most humans are face crops "
    "and most monkeys are outdoor scenes, so a model can score well by looking at the "
    "background or the framing instead of the animal. The heatmap shows where the evidence "
    "came from: check that it is on the monkey or the face, not on leaves or sky."
)


# The spinner is drawn by the caller, in the session's language (decorators run at import).
@st.cache_resource(show_spinner=False, max_entries=4)
def _load(source: str, backbone: str, stamp: float) -> Any:
    from core.transfer.inference import load_model  # lazy: it imports torch

    return load_model(source, backbone)  # `stamp` (the file's mtime) reloads a new save


def choose_model() -> Any:
    """A LoadedModel: a fine-tuned run, or a backbone's ImageNet head; None if unavailable.

    A run that cannot be loaded (damaged, or weights that do not fit its spec) is marked in
    the list with its reason, and the page falls back to the next model: one bad run must
    not break the page for everyone whose default it would be."""
    from core.transfer.inference import IMAGENET, list_finetuned  # lazy: it imports torch

    runs = list_finetuned(actor=actor())
    options = [str(path) for _label, path in runs] + [IMAGENET]
    broken: dict[str, str] = st.session_state.setdefault(K.PHOTO_BROKEN, {})
    labels = {str(path): label for label, path in runs} | {IMAGENET: _(IMAGENET_LABEL)}
    usable = [option for option in options if option not in broken]
    if (pending := st.session_state.pop(K.PHOTO_PENDING, None)) in options:
        # An exercise's card chose it: it stays chosen, as if she had picked it here.
        st.session_state[K.PHOTO_MODEL] = pending
        st.session_state[K.PHOTO_SEEN] = tuple(options)
        st.session_state.pop(K.PHOTO_AUTO, None)
    # app.py keeps the choice across pages; the newest model is chosen on the first visit
    # and whenever a new fine-tuned model appeared since the last one.
    seen = st.session_state.get(K.PHOTO_SEEN, ())
    current = st.session_state.get(K.PHOTO_MODEL)
    auto_broken = current in broken and current == st.session_state.get(K.PHOTO_AUTO)
    if current not in options or options[0] not in seen or auto_broken:
        st.session_state[K.PHOTO_MODEL] = usable[0] if usable else options[-1]
        st.session_state[K.PHOTO_AUTO] = st.session_state[K.PHOTO_MODEL]
    st.session_state[K.PHOTO_SEEN] = tuple(options)
    source = st.selectbox(
        _("Model"),
        options,
        format_func=lambda o: labels[o] + (_("  ⚠ cannot be loaded") if o in broken else ""),
        key=K.PHOTO_MODEL,
    )
    if broken:
        names = ", ".join(Path(b).name for b in broken if b in options)
        if names:
            st.warning(
                _("Cannot be loaded, so not chosen for you: {names}.").format(names=plain(names))
            )
    backbone = DEFAULT_BACKBONE
    if source == IMAGENET:
        if not runs:
            st.info(
                _(
                    "No fine-tuned model yet: the pretrained backbone names ImageNet's 1000 "
                    "classes. Fine-tune one on the Transfer learning page."
                )
            )
        backbone = choose_backbone(K.PHOTO_BACKBONE, N_("Backbone"))
        if backbone is None:
            return None
    if source != IMAGENET:
        share_request(source)  # a student's own model, in a class
    weights = Path(source) / "best.pt"
    stamp = weights.stat().st_mtime if weights.is_file() else 0.0
    try:
        if source != IMAGENET:  # the cache is shared by every session: ask before it
            check_use(Path(source), actor())
        with st.spinner(_("Loading the model…")):
            return _load(source, backbone, stamp)
    except (BackboneUnavailable, ValueError, OSError, KeyError, RuntimeError) as error:
        if source != IMAGENET and source not in broken:
            broken[source] = str(error)
            if source == st.session_state.get(K.PHOTO_AUTO):  # the page's choice: fall back
                st.rerun()
        st.error(
            _("This model cannot be loaded: {error} Choose another model above.").format(
                error=plain(error)
            ),
            icon=":material/broken_image:",
        )
        return None


def choose_photos() -> list[tuple[str, Any]]:
    """(name, RGB image) of every uploaded or camera photo; unreadable ones are reported."""

    upload_tab, camera_tab = st.tabs([_("Upload photos"), _("Take a photo")])
    with upload_tab:
        uploads = st.file_uploader(
            _("Photos"),
            type=["jpg", "jpeg", "png", "webp", "bmp", "gif", "tif", "tiff"],
            accept_multiple_files=True,
            key=K.PHOTO_UPLOADS,
            max_upload_size=PHOTO_MB,
        )
    with camera_tab:
        shot = st.camera_input(_("Camera"), key=K.PHOTO_CAMERA)
    photos = []
    for item in [*(uploads or []), *([shot] if shot else [])]:
        if too_large(item):
            continue
        try:
            photos.append((item.name, open_rgb(item.getvalue(), max_side=PHOTO_SIDE)))
        except ImageError as error:
            st.warning(f"{plain(item.name)}: {plain(error)}")
    return photos


def choose_photo(model: Any, photos: list[tuple[str, Any]]) -> str:
    """With several photos: each one's answer in a table, and which one to explain."""
    from core.transfer.inference import predict, to_batch, verdict  # lazy: it imports torch

    names = [name for name, _image in photos]
    if len(photos) == 1:
        return names[0]
    # The answer, the softmax's best class and the unknown score in columns of their own: one
    # "neither │ 81.86%" read as "81% sure it is neither", though 81.86% was a class's.
    rows = []
    for name, image in photos:
        batch = to_batch(image, model.backbone)
        label, prob = predict(model, batch, 1)[0]
        check = verdict(model, batch)
        rows.append(
            {
                "photo": name,
                "answer": answer(check, label),
                "softmax": f"{label} {prob:.1%}",
                "unknown score": "—"
                if check is None
                else _("{score:.3f} (threshold {threshold:.3f})").format(
                    score=check.score, threshold=check.threshold
                ),
            }
        )
    st.dataframe(
        rows,
        hide_index=True,
        column_config={
            "photo": st.column_config.Column(_("photo")),
            "answer": st.column_config.Column(_("answer")),
            "softmax": st.column_config.Column(
                _("softmax's most probable class"),
                help=_(
                    "The softmax always shares 100% among the classes, even for a photo of neither."
                ),
            ),
            "unknown score": st.column_config.Column(
                _("unknown score"),
                help=_(
                    "Above the threshold the photo is unlike every training photo: the "
                    'answer is "neither".'
                ),
            ),
        },
    )
    return st.selectbox(_("Explain the photo"), names, key=K.PHOTO_PICK)


def steps_panel(steps: list[Any]) -> None:
    """Resize, crop, tensor, normalise, batch: pictures while they are pictures, then shapes."""
    columns = st.columns(3)
    for column, step in zip(columns, steps[:3], strict=True):
        column.image(
            step.image,
            caption=f"{step.name}: {step.what}",
            width="stretch",
            alt=f"{step.name}: {step.what}",
        )
    st.caption(
        _(
            "The course (001's pipeline, step 2) resizes straight to {size}×{size}. The lab "
            "follows the recipe its pretrained weights were measured with: the shorter side to "
            "{resize}, then the middle {size}×{size}, which keeps the photo's proportions "
            "(a squeeze to a square would stretch faces and animals)."
        ).format(size=steps[2].shape[0], resize=min(steps[1].shape[:2]))
    )
    # A picture's numbers are its pixels (0 to 255); the tensor's are what the scaling and the
    # normalisation made of them: the table shows the step from one to the other.
    values = [s.tensor if s.tensor is not None else np.asarray(s.image) for s in steps]
    rows = [
        {
            "step": s.name,
            "what it does": s.what,
            "shape": "x".join(map(str, s.shape)),
            "min": float(v.min()),
            "max": float(v.max()),
        }
        for s, v in zip(steps, values, strict=True)
    ]
    final = steps[-1].shape
    st.markdown(
        _("The network receives one tensor of shape **{shape}**: (N, C, H, W).").format(shape=final)
    )
    st.dataframe(
        rows,
        hide_index=True,
        column_config={
            "step": st.column_config.Column(_("step")),
            "what it does": st.column_config.TextColumn(_("what it does"), width="medium"),
            "shape": st.column_config.Column(_("shape")),
            "min": st.column_config.NumberColumn(_("min"), format="%.3f"),
            "max": st.column_config.NumberColumn(_("max"), format="%.3f"),
        },
    )


def explain_panel(model: Any, name: str, image: Any, k: int) -> None:
    """Top-k bars and the Grad-CAM heatmap of the chosen class over the cropped photo."""
    from core.explain.heatmap import heatmap  # lazy: it imports torch
    from core.transfer.inference import (  # lazy: torch
        decoded,
        neighbourhood,
        predict,
        preprocess_steps,
    )

    steps = preprocess_steps(image, model.backbone)
    batch = steps[-1].tensor
    top = predict(model, batch, k)
    best_label, best_prob = top[0]
    check, closest = neighbourhood(model, batch)
    if check is not None and check.unknown:
        st.subheader(f"{plain(name)}: **{answer(check, best_label)}**")
    else:
        st.subheader(f"{plain(name)}: **{plain(best_label)}** ({best_prob:.1%})")
    verdict_panel(model, check, top)
    ask_about_photo(model, image, top[0])
    st.plotly_chart(
        topk_figure(top, ngettext("Top {n} class", "Top {n} classes", len(top)).format(n=len(top))),
        key=f"photo_topk_{name}",
    )
    if model.class_ids is not None:
        st.caption(
            _(
                "As 001 prints it with Keras: `decode_predictions(prediction, top={top})[0]` "
                "gives (WordNet id, class, probability) for each of the top classes."
            ).format(top=len(top))
        )
        st.code(decoded(model, top), language="python")
    picture, notes = st.columns([3, 2])
    label = notes.selectbox(
        _("Heatmap for the class"), [c for c, _p in top], key=f"photo_cam_{name}"
    )
    cam = heatmap(model, batch, model.classes.index(label))
    picture.plotly_chart(cam_figure(steps[2].image, cam, label), key=f"photo_cam_fig_{name}")
    notes.caption(
        _(
            "Grad-CAM (torchcam): the last convolutional block's channels, weighted by how much "
            "each raises this class's score. Red: what the model looked at."
        )
    )
    if model.spec is not None:
        notes.info(_(SHORTCUT_NOTE))
    closest_panel(closest)
    with st.expander(_("Preprocessing: what the network receives"), expanded=True):
        steps_panel(steps)
