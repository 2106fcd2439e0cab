"""The "Inside a trained network" page headlessly: an untrained preset with no runs, a real
short run, its views, and the Runs page's Inspect button opening a misclassified image."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from core.explain import probes as explain
from core.explain.overlay import to_input
from core.explain.subjects import TRAINED, UNTRAINED
from core.model.presets import get_preset
from core.runs.run import TrainingRun
from core.training.config import TrainConfig
from core.training.trained import load_trained
from dashboard.keys import InsideKeys
from tests.dashboard.apptest import default_value_warnings, open_page, page_file


@pytest.fixture(autouse=True)
def lab_home(tmp_path, monkeypatch):
    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path))
    return tmp_path


@pytest.fixture
def trained_run(lab_home: Path) -> Path:
    run = TrainingRun(get_preset("mnist_fast"), TrainConfig(train_limit=500, epochs=1), "tiny")
    run.start()
    run.join(timeout=120)
    assert not run.alive and run.snapshot().status == "finished"
    return run.run_dir


def _charts(at) -> int:
    return sum(1 for element in at.get("plotly_chart"))


def test_without_runs_it_points_to_training_and_shows_an_untrained_preset() -> None:
    at = open_page("inside")
    assert not at.exception, at.exception
    assert at.title[0].value == "Inside a trained network"
    assert at.radio(key="inside.source").value == "Untrained preset"
    assert any("random numbers" in caption.value for caption in at.caption)
    assert _charts(at) >= 5  # top-5 bars and the feature maps of the mnist_fast layers
    at.radio(key="inside.source").set_value("Trained run").run()
    assert not at.exception
    assert any("Train page" in info.value for info in at.info)


def test_a_trained_run_shows_its_prediction_filters_and_statistics(trained_run: Path) -> None:
    at = open_page("inside")
    assert not at.exception, at.exception
    assert at.radio(key="inside.source").value == "Trained run"
    at.number_input(key="inside.index").set_value(7).run()
    assert not at.exception
    # The caption's prediction is the model's own argmax for test image 7.
    from core.data.datasets import get_info, load_dataset

    trained = load_trained(trained_run)

    model = trained.model

    classes = trained.classes
    image, label = load_dataset("mnist", "test", download=False)[7]
    info = get_info("mnist")
    with torch.no_grad():
        predicted = int(model.logits(to_input(image, (1, 28, 28), info.mean, info.std)).argmax())
    line = next(m.value for m in at.markdown if "predicted:" in m.value)
    assert f"predicted: **{classes[predicted]}**" in line
    assert f"true: **{classes[label]}**" in line
    at.segmented_control(key="inside.view").set_value("Filters").run()
    assert not at.exception
    assert at.selectbox(key="inside.driver_layer").value == "conv2d_1"
    drivers = at.dataframe[0].value
    assert len(drivers) == 16  # one row per filter of conv2d_1
    at.segmented_control(key="inside.view").set_value("Activation statistics").run()
    assert not at.exception
    stats = at.dataframe[0].value
    assert list(stats["name"]) == model.layer_names


def test_inspect_on_the_runs_page_opens_the_image_here(trained_run: Path) -> None:
    from core.training.evaluate import evaluate_run

    evaluation = evaluate_run(trained_run, limit=300)
    assert evaluation.mistakes, "a one-epoch model makes some mistakes on 300 images"
    at = open_page("runs")
    at.session_state["runs.evaluation"] = (str(trained_run), evaluation)
    at.session_state["runs.selected"] = {"selection": {"rows": [0], "columns": []}}
    at.run()
    assert not at.exception, at.exception
    worst = evaluation.mistakes[0]
    at.button(key=f"inspect_top_{worst['index']}").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Inside a trained network"
    assert at.number_input(key="inside.index").value == worst["index"]
    assert at.selectbox(key="inside.run").value == str(trained_run)
    line = next(m.value for m in at.markdown if "predicted:" in m.value)
    assert f"true: **{worst['true']}**" in line and f"predicted: **{worst['predicted']}**" in line


def test_grad_cam_layer_choices_are_the_spatial_layers() -> None:
    from dashboard.inside.panels import cam_layers

    torch.manual_seed(0)
    from core.model.build import build_model

    model = build_model(get_preset("mnist_fast"))
    layers = explain.probe_layers(model)
    outputs = explain.capture(model, torch.zeros(1, 1, 28, 28), layers)
    assert cam_layers(outputs) == [
        "conv2d",
        "max_pooling2d",
        "conv2d_1",
        "max_pooling2d_1",
    ]


def _visit_home_and_come_back(at) -> None:
    at.switch_page(page_file("home")).run()
    assert at.title[0].value == "CNN Lab"
    at.switch_page(page_file("inside")).run()
    assert not at.exception, at.exception


def test_settings_survive_a_visit_to_another_page() -> None:
    at = open_page("inside")
    assert at.radio(key="inside.source").value == "Untrained preset"
    with default_value_warnings() as warnings:
        at.selectbox(key="inside.preset").set_value("mnist_32_64").run()
        at.number_input(key="inside.index").set_value(7)
        at.toggle(key="inside.per_map").set_value(True).run()
        layers = at.select_slider(key="inside.layers").options
        at.select_slider(key="inside.layers").set_value((layers[1], layers[2])).run()
        assert not at.exception, at.exception
        _visit_home_and_come_back(at)
        assert at.radio(key="inside.source").value == "Untrained preset"
        assert at.selectbox(key="inside.preset").value == "mnist_32_64"
        assert at.number_input(key="inside.index").value == 7
        assert at.toggle(key="inside.per_map").value is True
        assert at.select_slider(key="inside.layers").value == (layers[1], layers[2])

        at.segmented_control(key="inside.view").set_value("Activation statistics").run()
        at.select_slider(key="inside.stats_images").set_value(16).run()
        _visit_home_and_come_back(at)
        assert at.segmented_control(key="inside.view").value == "Activation statistics"
        assert at.select_slider(key="inside.stats_images").value == 16
        assert at.selectbox(key="inside.preset").value == "mnist_32_64"
    assert not warnings


def test_a_fine_tuned_run_is_not_offered_where_it_cannot_be_shown(
    shared_datasets, tmp_path, monkeypatch
) -> None:
    from tests.dashboard.test_test_photo_page import _fine_tune

    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path / "home"))
    _fine_tune(shared_datasets, tmp_path / "photos")
    at = open_page("inside")
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.radio(key=InsideKeys.SOURCE).value == UNTRAINED  # was: the run, in red
    at.radio(key=InsideKeys.SOURCE).set_value(TRAINED).run()
    assert not at.error
    assert any("1 fine-tuned run(s) are not listed" in c.value for c in at.caption)


def test_a_grey_model_trained_on_colour_photos_without_test_images_opens(lab_home: Path) -> None:
    from core.data.importers import import_zip
    from core.model.layers.dense import Dense
    from tests.core.zips import make_zip

    info = import_zip(make_zip({"cats": 12, "dogs": 12}), "pets", val_fraction=0.0)
    grey = get_preset("mnist_fast")  # 1x28x28: the photos are fitted to it
    grey = grey.replace_layers([*grey.layers[:-1], Dense(units=2, activation="softmax")])
    run = TrainingRun(grey, TrainConfig(dataset=info.name, epochs=1, batch_size=8), "pets")
    run.start()
    run.join(timeout=120)
    assert run.status == "finished", run.error
    at = open_page("inside")
    assert not at.exception, at.exception  # was: min_value 0 > max_value -1
    assert at.radio(key="inside.source").value == "Trained run"
    assert any("holds no test (validation) images" in c.value for c in at.caption)
    assert at.number_input(key="inside.index").label.startswith("Training image (0 to ")
    at.segmented_control(key="inside.view").set_value("Filters").run()
    assert not at.exception, at.exception


def test_a_model_answering_with_a_value_shows_the_value_and_its_rounding() -> None:
    from core.data.datasets import get_info

    at = open_page("inside")
    at.selectbox(key=InsideKeys.PRESET).set_value("mnist_value").run()
    assert not at.exception, at.exception
    text = next(m.value for m in at.markdown if "answers with a **value**" in m.value)
    line = next(m.value for m in at.markdown if "predicted:" in m.value)
    value = float(line.rsplit("(value ", 1)[1].rstrip(")"))
    classes = get_info("mnist").classes
    nearest = classes[min(max(round(value), 0), 9)]
    assert f"**{value:.2f}**" in text and f"round({value:.2f}) → **{nearest}**" in text
    assert f"predicted: **{nearest}**" in line
    assert not any(c.key == "inside_topk" for c in at.get("plotly_chart"))  # no probabilities
    assert at.selectbox(key=InsideKeys.CAM_CLASS).options == ["the value"]


def test_a_value_runs_mistakes_show_their_values_then_inside_shows_its_rounding(
    lab_home: Path,
) -> None:
    from core.training.evaluate import evaluate_run

    run = TrainingRun(get_preset("mnist_value"), TrainConfig(train_limit=300, epochs=1), "v")
    run.start()
    run.join(timeout=120)
    assert run.snapshot().status == "finished"
    evaluation = evaluate_run(run.run_dir, limit=300)
    at = open_page("runs")
    at.session_state["runs.evaluation"] = (str(run.run_dir), evaluation)
    at.session_state["runs.selected"] = {"selection": {"rows": [0], "columns": []}}
    at.run()
    assert not at.exception, at.exception
    headings = [h.value for h in at.subheader]
    assert "Top losses: the values furthest from their class" in headings
    assert "Top losses: the most confident mistakes" not in headings
    worst = evaluation.mistakes[0]
    at.button(key=f"inspect_top_{worst['index']}").click().run()
    assert not at.exception, at.exception
    line = next(m.value for m in at.markdown if "predicted:" in m.value)
    assert f"predicted: **{worst['predicted']}**" in line
    assert f"(value {worst['value']:.2f})" in line
