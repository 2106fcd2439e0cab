"""The "Test a photo" page's panels: model choice, photos in, steps, top-k and Grad-CAM."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

from core.images import ImageError, open_rgb
from core.transfer.backbones import DEFAULT_BACKBONE, BackboneUnavailable
from dashboard.keys import TransferKeys as K
from dashboard.plain import plain
from dashboard.transfer.figures import cam_figure, topk_figure
from dashboard.transfer.panels import choose_backbone

IMAGENET_LABEL = "ImageNet's 1000 classes (no fine-tuning)"
SHORTCUT_NOTE = (
    "**Teaching point: shortcuts.** In the monkey/human photos most humans are face crops "
    "and most monkeys are outdoor scenes, so a model can score well by looking at the "
    "background or the framing instead of the animal. The heatmap shows where the evidence "
    "came from: check that it is on the monkey or the face, not on leaves or sky."
)


@st.cache_resource(show_spinner="Loading the model…", max_entries=4)
def _load(source: str, backbone: str, stamp: float) -> Any:
    from core.transfer.inference import load_model  # lazy: it imports torch

    return load_model(source, backbone)  # `stamp` (the file's mtime) reloads a new save


def choose_model() -> Any:
    """A LoadedModel: a fine-tuned run, or a backbone's ImageNet head; None if unavailable.

    A run that cannot be loaded (damaged, or weights that do not fit its spec) is marked in
    the list with its reason, and the page falls back to the next model: one bad run must
    not break the page for everyone whose default it would be."""
    from core.transfer.inference import IMAGENET, list_finetuned  # lazy: it imports torch

    runs = list_finetuned()
    options = [str(path) for _, path in runs] + [IMAGENET]
    broken: dict[str, str] = st.session_state.setdefault(K.PHOTO_BROKEN, {})
    labels = {str(path): label for label, path in runs} | {IMAGENET: IMAGENET_LABEL}
    usable = [option for option in options if option not in broken]
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
        "Model",
        options,
        format_func=lambda o: labels[o] + ("  ⚠ cannot be loaded" if o in broken else ""),
        key=K.PHOTO_MODEL,
    )
    if broken:
        names = ", ".join(Path(b).name for b in broken if b in options)
        if names:
            st.warning(f"Cannot be loaded, so not chosen for you: {names}.")
    backbone = DEFAULT_BACKBONE
    if source == IMAGENET:
        if not runs:
            st.info(
                "No fine-tuned model yet: the pretrained backbone names ImageNet's 1000 "
                "classes. Fine-tune one on the Transfer learning page."
            )
        backbone = choose_backbone(K.PHOTO_BACKBONE, "Backbone")
        if backbone is None:
            return None
    weights = Path(source) / "best.pt"
    stamp = weights.stat().st_mtime if weights.is_file() else 0.0
    try:
        return _load(source, backbone, stamp)
    except (BackboneUnavailable, ValueError, OSError, KeyError, RuntimeError) as error:
        if source != IMAGENET and source not in broken:
            broken[source] = str(error)
            if source == st.session_state.get(K.PHOTO_AUTO):  # the page's choice: fall back
                st.rerun()
        st.error(
            f"This model cannot be loaded: {plain(error)} Choose another model above.",
            icon=":material/broken_image:",
        )
        return None


def choose_photos() -> list[tuple[str, Any]]:
    """(name, RGB image) of every uploaded or camera photo; unreadable ones are reported."""

    upload_tab, camera_tab = st.tabs(["Upload photos", "Take a photo"])
    with upload_tab:
        uploads = st.file_uploader(
            "Photos",
            type=["jpg", "jpeg", "png", "webp", "bmp", "gif", "tif", "tiff"],
            accept_multiple_files=True,
            key=K.PHOTO_UPLOADS,
        )
    with camera_tab:
        shot = st.camera_input("Camera", key=K.PHOTO_CAMERA)
    photos = []
    for item in [*(uploads or []), *([shot] if shot else [])]:
        try:
            photos.append((item.name, open_rgb(item.getvalue())))
        except ImageError as error:
            st.warning(f"{plain(item.name)}: {plain(error)}")
    return photos


def choose_photo(model: Any, photos: list[tuple[str, Any]]) -> str:
    """With several photos: each one's answer in a table, and which one to explain."""
    from core.transfer.inference import predict, to_batch  # lazy: it imports torch

    names = [name for name, _ in photos]
    if len(photos) == 1:
        return names[0]
    rows = []
    for name, image in photos:
        label, prob = predict(model, to_batch(image, model.backbone), 1)[0]
        rows.append({"photo": name, "answer": label, "probability": prob})
    st.dataframe(
        rows,
        hide_index=True,
        column_config={"probability": st.column_config.NumberColumn(format="percent")},
    )
    return st.selectbox("Explain the photo", names, key=K.PHOTO_PICK)


def steps_panel(steps: list[Any]) -> None:
    """Resize, crop, tensor, normalise, batch: pictures while they are pictures, then shapes."""
    columns = st.columns(3)
    for column, step in zip(columns, steps[:3], strict=True):
        column.image(step.image, caption=f"{step.name}: {step.what}", width="stretch")
    rows = [
        {
            "step": s.name,
            "what it does": s.what,
            "shape": "x".join(map(str, s.shape)),
            "min": None if s.tensor is None else float(s.tensor.min()),
            "max": None if s.tensor is None else float(s.tensor.max()),
        }
        for s in steps
    ]
    final = steps[-1].shape
    st.markdown(f"The network receives one tensor of shape **{final}**: (N, C, H, W).")
    st.dataframe(
        rows,
        hide_index=True,
        column_config={
            "what it does": st.column_config.TextColumn(width="medium"),
            "min": st.column_config.NumberColumn(format="%.3f"),
            "max": st.column_config.NumberColumn(format="%.3f"),
        },
    )


def explain_panel(model: Any, name: str, image: Any, k: int) -> None:
    """Top-k bars and the Grad-CAM heatmap of the chosen class over the cropped photo."""
    from core.explain.heatmap import heatmap  # lazy: it imports torch
    from core.transfer.inference import decoded, predict, preprocess_steps  # lazy: torch

    steps = preprocess_steps(image, model.backbone)
    batch = steps[-1].tensor
    top = predict(model, batch, k)
    best_label, best_prob = top[0]
    st.subheader(f"{name}: **{best_label}** ({best_prob:.1%})")
    st.plotly_chart(topk_figure(top, f"Top {len(top)} classes"), key=f"photo_topk_{name}")
    if model.class_ids is not None:
        st.caption(
            f"As 001 prints it with Keras: `decode_predictions(prediction, top={len(top)})[0]` "
            "gives (WordNet id, class, probability) for each of the top classes."
        )
        st.code(decoded(model, top), language="python")
    picture, notes = st.columns([3, 2])
    label = notes.selectbox("Heatmap for the class", [c for c, _ in top], key=f"photo_cam_{name}")
    cam = heatmap(model, batch, model.classes.index(label))
    picture.plotly_chart(cam_figure(steps[2].image, cam, label), key=f"photo_cam_fig_{name}")
    notes.caption(
        "Grad-CAM (torchcam): the last convolutional block's channels, weighted by how much "
        "each raises this class's score. Red: what the model looked at."
    )
    if model.spec is not None:
        notes.info(SHORTCUT_NOTE)
    with st.expander("Preprocessing: what the network receives", expanded=True):
        steps_panel(steps)
