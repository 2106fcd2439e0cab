"""000's ImageDataGenerator(rotation_range=2, zoom_range=0.1, width/height_shift_range=0.1)
as Keras does it: checked against real Keras's get_random_transform and
apply_affine_transform (its legacy preprocessing, run in a child process: KERAS_BACKEND
must be set before Keras is first imported)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import numpy as np
import pytest
import torch
from PIL import Image

from core.augment.lab_transforms import KerasAffine
from core.augment.pipeline import Pipeline
from core.augment.preview import build_transform, export_code
from core.augment.steps import KerasAffine as KerasAffineStep

if not all(importlib.util.find_spec(name) for name in ("keras", "scipy")):
    # Keras's apply_affine_transform calls scipy.ndimage (both in requirements-dev.txt).
    pytest.skip("needs keras and scipy", allow_module_level=True)

KERAS = """
import json, sys
import numpy as np
from keras.src.legacy.preprocessing.image import ImageDataGenerator, apply_affine_transform

given = json.load(sys.stdin)
x = np.array(given["image"], dtype="float32")
out = {"images": [], "draws": []}
for params in given["params"]:
    out["images"].append(apply_affine_transform(
        x, row_axis=0, col_axis=1, channel_axis=2, fill_mode="nearest", order=1, **params
    ).tolist())
generator = ImageDataGenerator(
    rotation_range=2, zoom_range=0.1, width_shift_range=0.1, height_shift_range=0.1
)
np.random.seed(0)
for _ in range(2000):
    draw = generator.get_random_transform(x.shape)
    out["draws"].append([draw[k] for k in ("theta", "tx", "ty", "zx", "zy")])
print(json.dumps(out))
"""
# A non-square image, so that Keras's own order of axes (and of centres) is checked too.
IMAGE = np.random.default_rng(0).random((20, 28, 3)).astype("float32")
PARAMS = [
    {"theta": 17.0, "tx": 3.2, "ty": -5.1, "zx": 0.91, "zy": 1.07},
    {"theta": 0.0, "tx": 0.0, "ty": 0.0, "zx": 1.1, "zy": 0.9},  # a zoom per axis
    {"theta": -40.0, "tx": 0.0, "ty": 0.0, "zx": 1.0, "zy": 1.0},  # corners: nearest fill
]


@pytest.fixture(scope="module")
def keras_says() -> dict:
    given = {"image": IMAGE.tolist(), "params": PARAMS}
    done = subprocess.run(
        [sys.executable, "-c", KERAS],
        input=json.dumps(given),
        capture_output=True,
        text=True,
        env={"KERAS_BACKEND": "torch", "PATH": "/usr/bin:/bin"},
        timeout=300,
        check=True,
    )
    return json.loads(done.stdout.splitlines()[-1])


def test_each_image_is_kerass_own(keras_says) -> None:
    x = torch.from_numpy(IMAGE).permute(2, 0, 1)
    for params, theirs in zip(PARAMS, keras_says["images"], strict=True):
        ours = KerasAffine.apply(x, **params).permute(1, 2, 0).numpy()
        assert np.abs(ours - np.array(theirs)).max() < 1e-5
    # The corners of a 40° turn repeat the edge (Keras's fill_mode="nearest"), not black.
    turned = KerasAffine.apply(x, **PARAMS[2])
    assert float(turned[:, 0, 0].min()) > 0


def test_the_draws_follow_kerass_ranges(keras_says) -> None:
    """Each factor from the same ranges as Keras's draws (2,000 each): the rotation within
    ±2°, the shifts within a tenth of each side, two independent zoom factors."""
    step = KerasAffine(2.0, 0.1, 0.1, 0.1)
    torch.manual_seed(0)
    ours = np.array(
        [list(step.make_params([torch.zeros(3, 20, 28)]).values()) for _ in range(2000)]
    )
    theirs = np.array(keras_says["draws"])
    for column, limit in enumerate((2.0, 0.1 * 20, 0.1 * 28, 1.1, 1.1)):
        assert np.abs(ours[:, column]).max() <= limit
        assert np.abs(theirs[:, column]).max() <= limit
        assert ours[:, column].std() == pytest.approx(theirs[:, column].std(), rel=0.1)
    assert abs(np.corrcoef(ours[:, 3], ours[:, 4])[0, 1]) < 0.1  # each axis its own zoom


def test_the_course_recipe_trains_and_exports_with_it() -> None:
    pipeline = Pipeline.image_data_generator()
    assert [step.type for step in pipeline.steps] == ["keras_affine", "horizontal_flip"]
    assert isinstance(pipeline.steps[0], KerasAffineStep)
    image = Image.fromarray((IMAGE * 255).astype("uint8"))
    torch.manual_seed(3)
    trained = build_transform(pipeline)(image)
    namespace: dict = {}
    code = export_code(pipeline).replace('if __name__ == "__main__":', "if False:")
    exec(compile(code, "exported.py", "exec"), namespace)
    torch.manual_seed(3)
    assert torch.equal(namespace["train_transform"](image), trained)
    assert "class KerasAffine" in code
