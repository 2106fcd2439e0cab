"""Augmentation specs, JSON, transforms, previews and code export, against real torchvision."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from torchvision.transforms import v2
from torchvision.transforms.v2 import functional as F

from core.augment.geometry import (
    HorizontalFlip,
    RandomCrop,
    RandomResizedCrop,
    Resize,
    Rotation,
    Translate,
    Zoom,
)
from core.augment.pipeline import MAX_STEPS, Pipeline
from core.augment.preview import (
    advice,
    build_transform,
    export_code,
    load_image,
    preview,
    shrink,
    tile_seed,
    to_picture,
)
from core.augment.specs import AugmentError
from core.augment.steps import REGISTRY, Brightness, GaussianBlur, Hue, Normalize, RandomErasing
from core.paths import ASSETS_DIR

TYPES = sorted(REGISTRY)


@pytest.fixture(scope="module")
def photo() -> Image.Image:
    """A small real RGB photo (kept small so the many seeded runs stay fast)."""
    return Image.open(ASSETS_DIR / "samples" / "cat.jpg").convert("RGB").resize((40, 30))


@pytest.fixture(scope="module")
def digit() -> Image.Image:
    """A 28x28 1-channel image, as MNIST samples are."""
    image = Image.new("L", (28, 28), 0)
    image.paste(255, (10, 4, 16, 24))
    image.paste(128, (6, 20, 22, 24))
    return image


def _as_tensor(image: Image.Image) -> torch.Tensor:
    return v2.ToDtype(torch.float32, scale=True)(v2.ToImage()(image)).as_subclass(torch.Tensor)


def _plain(pipeline: Pipeline, image: Image.Image, seed: int) -> torch.Tensor:
    """What training does: the plain v2 Compose under the seed."""
    torch.manual_seed(seed)
    return build_transform(pipeline)(image).as_subclass(torch.Tensor)


def _one_of_each(channels: int = 3) -> Pipeline:
    steps = [cls() for cls in REGISTRY.values() if cls is not Normalize]
    mean, std = (0.5,) * channels, (0.25,) * channels
    return Pipeline((*steps, Normalize(mean=mean, std=std)))


# --- what is previewed is exactly what trains -----------------------------------------


@pytest.mark.parametrize("kind", TYPES)
@pytest.mark.parametrize("source", ["photo", "digit"])
def test_preview_equals_plain_pipeline_for_every_step(kind: str, source: str, request) -> None:
    image = request.getfixturevalue(source)
    step = REGISTRY[kind]()
    if hasattr(step, "p"):  # half the tiles fire, half skip: both paths are checked
        step = type(step)(**{**step.to_json()["params"], "p": 0.5})
    pipeline = Pipeline((step,))
    tiles = preview(pipeline, image, n=6, seed=11)
    for tile in tiles:
        assert torch.equal(tile.tensor, _plain(pipeline, image, tile.seed)), tile.labels


@pytest.mark.parametrize("seed", [0, 1, 1234])
def test_preview_of_whole_pipeline_equals_training(photo: Image.Image, seed: int) -> None:
    pipeline = _one_of_each()
    for tile in preview(pipeline, photo, n=8, seed=seed):
        assert torch.equal(tile.tensor, _plain(pipeline, photo, tile.seed))
        assert tile.tensor.dtype == torch.float32
        assert len(tile.labels) == len(pipeline.steps)


def test_exported_code_builds_the_same_transforms(photo: Image.Image) -> None:
    pipeline = _one_of_each()
    code = export_code(pipeline)
    namespace: dict = {"__name__": "exported"}
    exec(compile(code, "exported.py", "exec"), namespace)
    for seed in range(5):
        torch.manual_seed(seed)
        exported = namespace["train_transform"](photo)
        assert torch.equal(exported, _plain(pipeline, photo, seed))
    eval_ours = build_transform(pipeline, train=False)(photo)
    assert torch.equal(namespace["eval_transform"](photo), eval_ours)
    # The JSON in the header comment loads back to the same pipeline.
    line = next(line for line in code.splitlines() if line.startswith("# {"))
    assert Pipeline.from_json(line[2:]) == pipeline


# --- the labels are honest --------------------------------------------------------------


def test_rotation_label_is_the_angle_used(photo: Image.Image) -> None:
    pipeline = Pipeline((Rotation(degrees=40.0, p=1.0),))
    x = _as_tensor(photo)
    for tile in preview(pipeline, photo, n=8, seed=2):
        angle = tile.params["1.rotation"]["angle"]
        assert -40.0 <= angle <= 40.0
        assert tile.labels == (f"rotation: {angle:+.1f}°",)
        redone = F.rotate(x, angle=angle, interpolation=v2.InterpolationMode.BILINEAR, fill=[0.0])
        assert torch.equal(redone, tile.tensor)


def test_crop_box_label_is_the_box_used(photo: Image.Image) -> None:
    pipeline = Pipeline((RandomResizedCrop(size=24, scale=(0.2, 0.8)),))
    x = _as_tensor(photo)
    for tile in preview(pipeline, photo, n=8, seed=3):
        box = tile.params["1.random_resized_crop"]
        area = box["height"] * box["width"] / (40 * 30)
        assert 0.15 <= area <= 0.85  # the drawn area, up to rounding of the box sides
        redone = F.resized_crop(
            x, box["top"], box["left"], box["height"], box["width"], [24, 24], antialias=True
        )
        assert torch.equal(redone, tile.tensor)


def test_random_crop_box_and_padding(digit: Image.Image) -> None:
    pipeline = Pipeline((RandomCrop(size=28, padding=4),))
    padded = F.pad(_as_tensor(digit), [4, 4, 4, 4])
    for tile in preview(pipeline, digit, n=8, seed=4):
        box = tile.params["1.random_crop"]
        assert 0 <= box["top"] <= 8 and 0 <= box["left"] <= 8
        assert torch.equal(F.crop(padded, box["top"], box["left"], 28, 28), tile.tensor)


def test_shift_and_zoom_labels_are_the_values_used(photo: Image.Image) -> None:
    x = _as_tensor(photo)
    shifts = preview(Pipeline((Translate(width_shift=0.2, height_shift=0.1),)), photo, 6, 5)
    for tile in shifts:
        d = tile.params["1.translate"]
        assert abs(d["dx"]) <= 8 and abs(d["dy"]) <= 3  # 0.2 * 40 px, 0.1 * 30 px
        redone = F.affine(
            x,
            angle=0.0,
            translate=[d["dx"], d["dy"]],
            scale=1.0,
            shear=[0.0, 0.0],
            interpolation=v2.InterpolationMode.BILINEAR,
            fill=[0.0],
        )
        assert torch.equal(redone, tile.tensor)
    for tile in preview(Pipeline((Zoom(amount=0.3),)), photo, 6, 6):
        scale = tile.params["1.zoom"]["scale"]
        assert 0.7 <= scale <= 1.3
        assert tile.labels == (f"zoom: ×{scale:.2f}",)


def test_colour_factors_are_the_values_used(photo: Image.Image) -> None:
    x = _as_tensor(photo)
    for tile in preview(Pipeline((Brightness(amount=0.5),)), photo, 6, 7):
        factor = tile.params["1.brightness"]["factor"]
        assert 0.5 <= factor <= 1.5
        assert torch.equal(F.adjust_brightness(x, factor), tile.tensor)
    for tile in preview(Pipeline((Hue(amount=0.2),)), photo, 4, 8):
        shift = tile.params["1.hue"]["factor"]
        assert -0.2 <= shift <= 0.2
        assert torch.equal(F.adjust_hue(x, shift), tile.tensor)
    # A strength of 0 draws nothing: the label says the identity factor.
    tile = preview(Pipeline((Brightness(amount=0.0),)), photo, 1, 0)[0]
    assert tile.params["1.brightness"]["factor"] == 1.0
    assert torch.equal(tile.tensor, x)


def test_blur_sigma_and_erased_box_are_the_values_used(photo: Image.Image) -> None:
    x = _as_tensor(photo)
    for tile in preview(Pipeline((GaussianBlur(kernel_size=5, p=1.0),)), photo, 4, 9):
        sigma = tile.params["1.gaussian_blur"]["sigma"]
        assert 0.1 <= sigma <= 2.0
        assert torch.equal(F.gaussian_blur(x, [5, 5], [sigma, sigma]), tile.tensor)
    erasing = Pipeline((RandomErasing(p=1.0, value=1.0),))
    for tile in preview(erasing, photo, 6, 10):
        box = tile.params["1.random_erasing"]
        assert box["erased"]
        top, left, h, w = box["top"], box["left"], box["height"], box["width"]
        assert torch.all(tile.tensor[:, top : top + h, left : left + w] == 1.0)
        outside = tile.tensor.clone()
        outside[:, top : top + h, left : left + w] = x[:, top : top + h, left : left + w]
        assert torch.equal(outside, x)


def test_skipped_steps_say_so_and_change_nothing(photo: Image.Image) -> None:
    x = _as_tensor(photo)
    never = preview(Pipeline((Rotation(p=0.0), HorizontalFlip(p=0.0))), photo, 4, 0)
    for tile in never:
        assert tile.labels == ("rotation: skipped (p=0)", "h-flip: skipped (p=0)")
        assert tile.params == {
            "1.rotation": {"applied": False},
            "2.horizontal_flip": {"applied": False},
        }
        assert torch.equal(tile.tensor, x)
    half = preview(Pipeline((HorizontalFlip(p=0.5),)), photo, 32, 0)
    flipped = [tile for tile in half if tile.params["1.horizontal_flip"]["applied"]]
    assert 0 < len(flipped) < 32
    for tile in half:
        expected = F.horizontal_flip(x) if tile in flipped else x
        assert torch.equal(tile.tensor, expected)
        assert tile.labels == (
            ("h-flip: flipped",) if tile in flipped else ("h-flip: skipped (p=0.5)",)
        )


# --- seeds ------------------------------------------------------------------------------


def test_same_seed_same_tiles_new_seed_new_tiles(photo: Image.Image) -> None:
    pipeline = Pipeline.default()
    first = preview(pipeline, photo, n=4, seed=1)
    again = preview(pipeline, photo, n=4, seed=1)
    other = preview(pipeline, photo, n=4, seed=2)
    assert [t.params for t in first] == [t.params for t in again]
    assert all(torch.equal(a.tensor, b.tensor) for a, b in zip(first, again, strict=True))
    assert [t.params for t in first] != [t.params for t in other]
    assert len({tile_seed(s, i) for s in range(50) for i in range(16)}) == 800


def test_preview_leaves_the_global_rng_alone(photo: Image.Image) -> None:
    torch.manual_seed(99)
    expected = torch.rand(3)
    torch.manual_seed(99)
    preview(Pipeline.default(), photo, n=3, seed=0)
    assert torch.equal(torch.rand(3), expected)


# --- transforms for training ----------------------------------------------------------


def test_build_transform_makes_float_tensors_and_eval_is_deterministic(digit: Image.Image) -> None:
    pipeline = Pipeline((RandomCrop(size=24, padding=2), Rotation(), Normalize()))
    train = build_transform(pipeline)(digit)
    evaluation = build_transform(pipeline, train=False)
    assert train.dtype == torch.float32 and tuple(train.shape) == (1, 24, 24)
    assert torch.equal(evaluation(digit), evaluation(digit))
    assert tuple(evaluation(digit).shape) == (1, 24, 24)
    assert [type(t).__name__ for t in evaluation.transforms] == [
        "ToImage",
        "ToDtype",
        "CenterCrop",
        "Normalize",
    ]
    unnormalised = build_transform(Pipeline((Resize(size=16),)))(digit)
    assert float(unnormalised.min()) >= 0.0 and float(unnormalised.max()) <= 1.0


def test_normalised_tiles_are_pictured_un_normalised(photo: Image.Image) -> None:
    mean, std = (0.485, 0.456, 0.406), (0.229, 0.224, 0.225)
    tile = preview(Pipeline((Normalize(mean=mean, std=std),)), photo, 1, 0)[0]
    assert float(tile.tensor.min()) < 0  # the tensor training sees is normalised...
    expected = (_as_tensor(photo) - torch.tensor(mean).view(3, 1, 1)) / torch.tensor(std).view(
        3, 1, 1
    )
    assert torch.allclose(tile.tensor, expected, atol=1e-6)
    difference = np.asarray(tile.image, dtype=int) - np.asarray(photo, dtype=int)
    assert int(np.abs(difference).max()) <= 1  # ...the picture is the photo again
    assert to_picture(_as_tensor(photo), Pipeline()).tobytes() == photo.tobytes()


def test_normalise_with_wrong_channel_count_is_a_clear_error(digit: Image.Image) -> None:
    pipeline = Pipeline((Normalize(mean=(0.5, 0.5, 0.5), std=(0.2, 0.2, 0.2)),))
    with pytest.raises(AugmentError, match="3 means but the image has 1 channel"):
        preview(pipeline, digit, 2, 0)


def test_step_that_cannot_run_is_a_clear_error() -> None:
    tiny = Image.new("RGB", (4, 4))
    with pytest.raises(AugmentError, match=r"Step 1 \(Gaussian blur\) failed"):
        preview(Pipeline((GaussianBlur(kernel_size=31, p=1.0),)), tiny, 1, 0)
    with pytest.raises(AugmentError, match="between 1 and 64 tiles"):
        preview(Pipeline(), tiny, 0, 0)


# --- JSON -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", TYPES)
def test_every_step_round_trips_through_json(kind: str) -> None:
    pipeline = Pipeline((REGISTRY[kind](),))
    assert Pipeline.from_json(pipeline.to_json()) == pipeline
    assert Pipeline.from_dict([{"type": kind}]) == pipeline  # missing params: defaults


def test_pipeline_editing() -> None:
    pipeline = Pipeline((Rotation(), Resize(), Zoom()))
    assert [s.type for s in pipeline.move(0, 1).steps] == ["resize", "rotation", "zoom"]
    assert pipeline.move(0, -1) == pipeline and pipeline.move(2, 1) == pipeline
    assert [s.type for s in pipeline.remove(1).steps] == ["rotation", "zoom"]
    assert pipeline.add(Hue()).steps[-1] == Hue()


BAD = [
    ("{not json", "Not valid JSON"),
    ("[1, 2", "Not valid JSON"),
    ('"rotation"', "must be a JSON object"),
    ('{"steps": [{"type": "warp"}]}', "Step 1: unknown augmentation 'warp'"),
    ('[{"type": "rotation", "params": {"degrees": "lots"}}]', "'degrees' must be a number"),
    ('[{"type": "rotation", "params": {"degrees": true}}]', "'degrees' must be a number"),
    ('[{"type": "rotation", "params": {"degrees": 500}}]', "between 0 and 180, not 500"),
    ('[{"type": "rotation", "params": {"p": -0.1}}]', "between 0 and 1"),
    ('[{"type": "rotation", "params": {"degrees": NaN}}]', "NaN is not a number"),
    ('[{"type": "rotation", "params": {"degrees": Infinity}}]', "Infinity"),
    ('[{"type": "rotation", "params": {"spin": 1}}]', "rotation has no parameter spin"),
    ('[{"type": "rotation", "params": [1]}]', "'params' must be an object"),
    ('[{"type": "rotation", "extra": 1}]', "unknown keys extra"),
    ('[{"params": {}}]', "each step must be an object"),
    ("[5]", "each step must be an object"),
    ('[{"type": "resize", "params": {"size": 2.5}}]', "must be a whole number"),
    ('[{"type": "gaussian_blur", "params": {"kernel_size": 4}}]', "must be odd"),
    ('[{"type": "gaussian_blur", "params": {"sigma": [3, 1]}}]', "low <= high"),
    ('[{"type": "gaussian_blur", "params": {"sigma": 2}}]', "a pair"),
    ('[{"type": "normalize", "params": {"mean": [0.1, 0.2]}}]', "1 or 3 numbers"),
    ('[{"type": "normalize", "params": {"mean": [0.1, 0.2, 0.3]}}]', "as many std values"),
    ('[{"type": "normalize", "params": {"std": [0]}}]', "between 0.001 and 10"),
    ('[{"type": "random_crop", "params": {"padding_mode": "wrap"}}]', "must be one of"),
    ('{"steps": [], "evil": 1}', "Unknown keys in the pipeline: evil"),
    ('{"format": "keras", "steps": []}', "not a version 1"),
    (json.dumps([{"type": "zoom"}] * (MAX_STEPS + 1)), f"at most {MAX_STEPS}"),
    ("[" * 100_001, "characters"),
    ("[" * 5_000 + "]" * 5_000, "Not usable JSON"),
    ('[{"type": "zoom", "params": {"amount": 1' + "0" * 5000 + "}}]", "Not usable JSON"),
]


@pytest.mark.parametrize(("text", "message"), BAD)
def test_bad_json_is_a_clear_error(text: str, message: str) -> None:
    with pytest.raises(AugmentError, match=message.replace("(", r"\(").replace("[", r"\[")):
        Pipeline.from_json(text)


def test_non_utf8_bytes_are_a_clear_error() -> None:
    with pytest.raises(AugmentError, match="not UTF-8"):
        Pipeline.from_json(b"\xff\xfe\x00garbage")


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["type", "params", "steps", "p", "size", "x"]), children, max_size=4
        )
    ),
    max_leaves=20,
)
STEP_JSON = st.fixed_dictionaries(
    {"type": st.sampled_from(TYPES)},
    optional={
        "params": st.dictionaries(
            st.sampled_from(
                [
                    "p",
                    "size",
                    "degrees",
                    "amount",
                    "sigma",
                    "scale",
                    "mean",
                    "std",
                    "padding",
                    "kernel_size",
                    "value",
                    "ratio",
                ]
            ),
            JSON_VALUES,
            max_size=3,
        )
    },
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(JSON_VALUES, st.lists(STEP_JSON, max_size=4)))
def test_any_json_gives_a_pipeline_or_a_clear_error(data) -> None:
    try:
        pipeline = Pipeline.from_json(json.dumps(data))
    except AugmentError as error:
        assert str(error)
    else:
        assert Pipeline.from_json(pipeline.to_json()) == pipeline


@st.composite
def valid_steps(draw):
    cls = REGISTRY[draw(st.sampled_from([k for k in TYPES if k != "normalize"]))]
    values = {}
    for name, info in cls.params():
        if info.kind == "choice":
            values[name] = draw(st.sampled_from(info.choices))
        elif info.kind in ("int", "odd"):
            values[name] = draw(st.integers(int(info.low), min(int(info.high), 40)))
            values[name] |= 1 if info.kind == "odd" else 0
        elif info.kind == "range":
            pair = sorted(draw(st.lists(st.floats(info.low, info.high), min_size=2, max_size=2)))
            values[name] = tuple(pair)
        else:
            values[name] = draw(st.floats(info.low, info.high))
    if cls is GaussianBlur:
        values["kernel_size"] = min(values["kernel_size"], 15)  # must fit the 16 px image
    return cls(**values)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(valid_steps(), min_size=1, max_size=4), st.integers(0, 2**31))
def test_random_valid_pipelines_preview_exactly_what_trains(steps, seed) -> None:
    image = Image.new("RGB", (20, 16), (200, 40, 90))
    image.paste((10, 220, 30), (4, 4, 12, 10))
    pipeline = Pipeline(tuple(steps))
    assert Pipeline.from_json(pipeline.to_json()) == pipeline
    try:
        tiles = preview(pipeline, image, n=2, seed=seed)
    except AugmentError as error:
        # A step that cannot run on this tiny image (e.g. reflect padding wider than it)
        # fails in training too; the preview turns it into a sentence.
        assert "failed" in str(error)
        with pytest.raises((ValueError, RuntimeError, TypeError, IndexError)):
            _plain(pipeline, image, tile_seed(seed, 0))
        return
    for tile in tiles:
        assert torch.equal(tile.tensor, _plain(pipeline, image, tile.seed))


# --- images and advice ----------------------------------------------------------------


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def test_load_image_accepts_images_and_refuses_the_rest() -> None:
    rgba = Image.new("RGBA", (600, 300), (255, 0, 0, 0))
    loaded = load_image(_png(rgba))
    assert loaded.mode == "RGB" and loaded.size == (256, 128)
    assert loaded.getpixel((0, 0)) == (255, 255, 255)  # transparent -> white
    for data, message in [
        (b"hello, not an image", "not an image"),
        (_png(Image.new("RGB", (50, 50)))[:60], "corrupt or truncated"),
        (b"", "not an image"),
    ]:
        with pytest.raises(AugmentError, match=message):
            load_image(data)


def test_decompression_bombs_are_refused_from_the_header() -> None:
    # 8000 x 8000 1-bit pixels: a tiny PNG that claims 64 million pixels.
    bomb = _png(Image.new("1", (8000, 8000)))
    assert len(bomb) < 100_000
    with pytest.raises(AugmentError, match="decompression bomb"):
        load_image(bomb)


def test_shrink_keeps_small_images_and_the_aspect() -> None:
    small = Image.new("L", (28, 28))
    assert shrink(small) is small
    assert shrink(Image.new("RGB", (1000, 500)), 200).size == (200, 100)


def test_advice_on_order() -> None:
    good = Pipeline((Rotation(), Brightness(), Normalize()))
    assert advice(good) == []
    notes = advice(Pipeline((Normalize(), Brightness(), Resize(), RandomCrop())))
    assert notes == [
        "Step 2 (Brightness) comes after normalise (step 1): it sees values around 0 "
        "instead of 0..1. Put normalise last.",
        "Steps 3, 4 all set the image size; the last one wins.",
    ]


def test_a_pipeline_that_changes_the_size_names_its_step() -> None:
    from core.augment.geometry import RandomCrop, Resize, Rotation

    crop = Pipeline((Rotation(), RandomCrop(size=28)))
    problem = crop.size_problem((32, 32), (32, 32))  # CIFAR-10 and a 32×32 model
    assert problem == (
        "Step 2 (Random crop with padding) makes 28×28 images but the model takes 32×32: "
        "set its size to 32 in the Augmentation lab."
    )
    assert Pipeline((RandomCrop(size=32),)).size_problem((32, 32), (32, 32)) is None
    assert Pipeline((Rotation(),)).size_problem((28, 28), (28, 28)) is None
    # The last size step wins: a resize after the crop makes it fit again.
    assert Pipeline((RandomCrop(size=28), Resize(size=32))).size_problem((32, 32), (32, 32)) is None


def test_000s_resize_crop_flip_is_torchvisions_compose() -> None:
    """000:334: Resize(56), RandomCrop(56, padding=6), RandomHorizontalFlip(): the lab's
    pipeline draws the same crops and flips as torchvision's own Compose, seed for seed."""
    import torch
    from PIL import Image
    from torchvision.transforms import v2

    from core.augment.pipeline import Pipeline
    from core.augment.preview import build_transform

    pixels = torch.randint(0, 256, (32, 32, 3), generator=torch.Generator().manual_seed(3))
    image = Image.fromarray(pixels.to(torch.uint8).numpy())
    ours = build_transform(Pipeline.resize_crop_flip())
    course = v2.Compose(
        [
            v2.ToImage(),
            v2.ToDtype(torch.float32, scale=True),
            v2.Resize(56),
            v2.RandomCrop(56, padding=6),
            v2.RandomHorizontalFlip(),
        ]
    )
    for seed in range(8):
        torch.manual_seed(seed)
        expected = course(image)
        torch.manual_seed(seed)
        assert torch.equal(ours(image), expected)
    assert ours(image).shape == (3, 56, 56)
