"""The augmentation page's image source (dataset sample, photo, upload) and preview grid.

Previews are pure results, cached with `st.cache_data` on the pipeline JSON, the seed, the
tile count and the image bytes.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import streamlit as st
from PIL import Image

from core.augment.pipeline import Pipeline
from core.augment.preview import load_image, preview, shrink
from core.augment.specs import AugmentError
from core.augment.steps import IMAGENET, Normalize
from core.data import datasets
from core.data.datasets import sample_images
from core.i18n import N_, _, get_language
from core.paths import ASSETS_DIR
from dashboard.identity import actor
from dashboard.keys import AugmentKeys as K
from dashboard.plain import plain
from dashboard.uploads import PHOTO_MB, too_large

# The options (and session-state values) stay English; the control shows `_(source)`.
SOURCES = (N_("Dataset sample"), N_("Photo"), N_("Upload"))
PHOTOS = sorted((ASSETS_DIR / "samples").glob("*.jpg"))
# Tiles smaller than this are enlarged with nearest-neighbour so pixels stay crisp.
DISPLAY_SIDE = 168
Stats = tuple[tuple[float, ...], tuple[float, ...]]


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


@st.cache_data(max_entries=16, show_spinner=False)
def _photo(path: str) -> bytes:
    return png_bytes(shrink(Image.open(path).convert("RGB")))


@st.cache_data(max_entries=64, show_spinner=False)
def _dataset_sample(name: str, sample: int) -> tuple[bytes, str]:
    image, label = sample_images(name, 1, split="train", seed=sample)[0]
    return png_bytes(shrink(image)), label


def choose_image() -> tuple[bytes, str, Stats] | None:
    """The source image as PNG bytes, a caption, and the mean/std a Normalise step defaults to.

    The mean/std are kept in session state for the "Add step" button's callback.
    """
    st.session_state[K.SIDE] = None
    chosen = _choose_image()
    st.session_state[K.STATS] = chosen[2] if chosen else IMAGENET
    return chosen


def _choose_image() -> tuple[bytes, str, Stats] | None:
    source = st.segmented_control(
        _("Image"),
        SOURCES,
        key=K.SOURCE,
        default=SOURCES[0],
        format_func=_,
        persist_state="session",
    )
    source = source or SOURCES[0]
    if source == "Dataset sample":
        left, right = st.columns([3, 1])
        name = left.selectbox(
            _("Dataset"),
            datasets.list_datasets(actor()),
            key=K.DATASET,
            format_func=lambda n: _title(n),
            persist_state="session",
        )
        sample = right.number_input(
            _("Sample #"),
            0,
            99_999,
            0,
            key=K.SAMPLE,
            help=_("Each number picks another training image."),
            persist_state="session",
        )
        try:
            if not datasets.is_available(name):
                raise RuntimeError(datasets.get_info(name).how_to_get)
            data, label = _dataset_sample(name, int(sample))
            info = datasets.get_info(name)
            st.session_state[K.SIDE] = int(info.input_shape[1])
        except Exception as error:  # missing files, a broken download: say so, use a photo
            st.warning(
                _("{title} is not available here: {error} Showing a bundled photo instead.").format(
                    title=plain(_title(name)), error=plain(error)
                )
            )
            return _photo_source(PHOTOS[0])
        caption = _("{title}: a “{label}”").format(title=plain(info.title), label=plain(label))
        return data, caption, (tuple(info.mean), tuple(info.std))
    if source == "Photo":
        path = st.selectbox(
            _("Photo"),
            PHOTOS,
            key=K.PHOTO,
            format_func=lambda p: _(p.stem.capitalize()),
            persist_state="session",
        )
        return _photo_source(path)
    upload = st.file_uploader(
        _("An image file (PNG, JPEG, ...)"),
        key=K.UPLOAD,
        type=["png", "jpg", "jpeg", "gif", "bmp", "webp", "tif", "tiff"],
        max_upload_size=PHOTO_MB,
    )
    if upload is None:
        st.caption(_("Upload an image to augment it."))
        return None
    if too_large(upload):
        return None
    data = upload.getvalue()
    try:
        image = load_image(data)
    except AugmentError as error:
        st.error(f"{plain(upload.name)}: {plain(error)}")
        return None
    return png_bytes(image), _("your upload {file}").format(file=plain(upload.name)), IMAGENET


def _title(name: str) -> str:
    try:
        return datasets.get_info(name).title
    except KeyError:  # a photo set deleted since the list was drawn
        return name


def _photo_source(path: Path) -> tuple[bytes, str, Stats]:
    return _photo(str(path)), _("photo “{name}”").format(name=_(path.stem.capitalize())), IMAGENET


# --- preview --------------------------------------------------------------------------


# No spinner of its own (a decorator's text is made before a session has a language):
# show_preview wraps the call in `st.spinner(_("Augmenting…"))`.
@st.cache_data(max_entries=64, show_spinner=False)
def cached_preview(
    pipeline_json: str, seed: int, n: int, image_png: bytes, language: str = "en"
) -> list[dict]:
    """Tiles as plain data (picture, labels, tile seed, tensor facts), cached on the inputs
    and on the language of the tiles' labels (`language`, only a key: core's labels follow
    the session's language)."""
    pipeline = Pipeline.from_json(pipeline_json)
    image = Image.open(io.BytesIO(image_png))
    image.load()
    return [
        {
            "image": tile.image,
            "labels": list(tile.labels),
            "seed": tile.seed,
            "shape": tuple(tile.tensor.shape),
            "range": (float(tile.tensor.min()), float(tile.tensor.max())),
        }
        for tile in preview(pipeline, image, n=n, seed=seed)
    ]


def for_display(image: Image.Image) -> Image.Image:
    """Small images enlarged by a whole factor with nearest-neighbour: crisp pixels."""
    side = max(image.size)
    if side >= DISPLAY_SIDE:
        return image
    factor = max(1, DISPLAY_SIDE // side)
    return image.resize((image.width * factor, image.height * factor), Image.Resampling.NEAREST)


def has_normalize(pipeline: Pipeline) -> bool:
    return any(isinstance(step, Normalize) for step in pipeline.steps)


def show_preview(pipeline: Pipeline, chosen: tuple[bytes, str, Any], seed: int, n: int) -> None:
    """Original beside the grid of augmented tiles, each captioned with what was drawn."""
    image_png, caption, _stats = chosen
    original = Image.open(io.BytesIO(image_png))
    if not st.session_state.get(K.SHOW):
        st.image(
            for_display(original),
            caption=_("Original: {caption}").format(caption=caption),
            alt=_("The original image: {caption}").format(caption=caption),
        )
        st.caption(_("Press **Preview** to see augmented versions of this image."))
        return
    try:
        with st.spinner(_("Augmenting…")):
            tiles = cached_preview(pipeline.to_json(), seed, n, image_png, get_language())
    except AugmentError as error:
        st.error(plain(error))
        return
    left, grid = st.columns([1, 3], gap="medium")
    with left:
        st.markdown(_("**Original**"))
        st.image(
            for_display(original),
            caption=caption,
            alt=_("The original image: {caption}").format(caption=caption),
        )
        st.caption(
            _("{width}×{height} px, {channels} channel(s)").format(
                width=original.width, height=original.height, channels=len(original.getbands())
            )
        )
    with grid:
        st.markdown(_("**Augmented** (seed {seed})").format(seed=seed))
        # One st.columns per row, so a long caption does not push the next row askew.
        for index, tile in enumerate(tiles):
            if index % 4 == 0:
                columns = st.columns(4)
            with columns[index % 4]:
                drawn = "  \n".join(tile["labels"]) or _("no steps")
                st.image(
                    for_display(tile["image"]),
                    alt=_("Augmented version {number}: {steps}").format(
                        number=index + 1, steps=drawn.replace("  \n", ", ")
                    ),
                )
                st.caption(drawn)
    first = tiles[0]
    shape = "×".join(str(size) for size in first["shape"])
    st.caption(
        _("Each tile is the float32 tensor of shape ({shape}) that training receives.").format(
            shape=shape
        )
    )
    if has_normalize(pipeline):
        low, high = min(t["range"][0] for t in tiles), max(t["range"][1] for t in tiles)
        st.caption(
            _(
                "Normalised values run from {low:.2f} to {high:.2f}; the pictures show them "
                "un-normalised (x · std + mean) so that you can see them."
            ).format(low=low, high=high)
        )
    with st.expander(_("Reproduce a tile in code: what is previewed is what trains")):
        st.code(
            f"torch.manual_seed({first['seed']})  # tile 1's own seed\n"
            "x = train_transform(image)  # exactly tile 1 (train_transform: see Export)",
            language="python",
        )
