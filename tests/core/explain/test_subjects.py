"""core.explain.subjects: the Inside page's models, built without Streamlit."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from core.data.datasets import get_info
from core.explain.subjects import TRAINED, UNTRAINED, prepare, preset_subject, run_subject
from core.runs.run import TrainingRun
from tests.core.short_runs import SMALL, SPEC, finished

pytestmark = pytest.mark.usefixtures("engine_home")


def test_an_untrained_preset_is_shown_with_a_dataset_that_fits() -> None:
    subject = preset_subject("mnist_fast")
    assert subject.kind == UNTRAINED and subject.dataset == "mnist"
    assert subject.classes == list(get_info("mnist").classes)
    assert (subject.mean, subject.std) == (get_info("mnist").mean, get_info("mnist").std)
    again = preset_subject("mnist_fast")  # seeded: the same random filters on every visit
    first, second = next(subject.model.parameters()), next(again.model.parameters())
    assert torch.equal(first, second)


def test_an_image_is_resized_and_normalised_as_in_training() -> None:
    subject = preset_subject("mnist_fast")
    seen, x = prepare(subject, Image.new("RGB", (56, 40), "white"))
    assert seen.size == (28, 28) and seen.mode == "L"
    assert x.shape == (1, 1, 28, 28)
    expected = (1.0 - subject.mean[0]) / subject.std[0]
    assert np.allclose(x.numpy(), expected, atol=1e-5)
    _, inverted = prepare(subject, Image.new("RGB", (28, 28), "white"), invert=True)
    assert np.allclose(inverted.numpy(), -subject.mean[0] / subject.std[0], atol=1e-5)


def test_a_trained_run_opens_with_its_classes_and_weights(tmp_path: Path) -> None:
    run = finished(TrainingRun(SPEC, SMALL, root=tmp_path))
    subject = run_subject(run.run_dir, key="run:test")
    assert subject.kind == TRAINED and subject.dataset == "mnist"
    assert subject.classes[9] == "9 - nine" and subject.input_shape == (1, 28, 28)
    saved = torch.load(run.run_dir / "best.pt", weights_only=True)["state_dict"]
    assert all(torch.equal(v, saved[k]) for k, v in subject.model.state_dict().items())
