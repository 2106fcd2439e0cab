"""003:515-527: VGG16 with every layer before block5_conv1 locked, as the document's loop
does it; our blocks are Keras's (block1 ... block5), so the counts are Keras's."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import subprocess
import sys

import pytest

from core.model.presets import get_preset
from core.model.summary import summarize

LOCKED = ("block1", "block2", "block3", "block4")
# Keras's own VGG16 (no weights: nothing is downloaded) and the document's loop.
KERAS = """
import json
import keras

conv_base = keras.applications.VGG16(weights=None)
set_trainable = False
for layer in conv_base.layers:
    if layer.name == 'block5_conv1':
        set_trainable = True
    layer.trainable = set_trainable
count = lambda weights: sum(int(w.numpy().size) for w in weights)
print(json.dumps([count(conv_base.trainable_weights), count(conv_base.non_trainable_weights)]))
"""


def _locked_vgg16():
    spec = get_preset("vgg16")
    layers = [
        dataclasses.replace(layer, trainable=False) if layer.block in LOCKED else layer
        for layer in spec.layers
    ]
    return spec.replace_layers(layers)


def test_blocks_one_to_four_hold_7635264_parameters() -> None:
    """Blocks 1-4 of VGG16: 1,792 + 36,928 + 73,856 + 147,584 + 295,168 + 2 × 590,080 +
    1,180,160 + 2 × 2,359,808 = 7,635,264 (Chollet's conv_base figure)."""
    summary = summarize(_locked_vgg16())
    assert summary.non_trainable_params == 7_635_264
    assert summary.trainable_params == 138_357_544 - 7_635_264
    blocks = [layer.block for layer in get_preset("vgg16").layers]
    assert blocks.count("block5") == 4 and blocks[-4:] == ["top"] * 4


@pytest.mark.slow  # Keras builds VGG16's 138 million weights: about 10 s
@pytest.mark.skipif(not importlib.util.find_spec("keras"), reason="needs keras")
def test_keras_locks_the_same_weights() -> None:
    done = subprocess.run(
        [sys.executable, "-c", KERAS],
        capture_output=True,
        text=True,
        env={"KERAS_BACKEND": "torch", "PATH": "/usr/bin:/bin"},
        timeout=600,
        check=True,
    )
    trainable, locked = json.loads(done.stdout.strip().splitlines()[-1])
    summary = summarize(_locked_vgg16())
    assert (trainable, locked) == (summary.trainable_params, summary.non_trainable_params)
