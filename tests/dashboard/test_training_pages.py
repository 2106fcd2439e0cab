"""The Train and Runs pages headlessly: a short real run, a race, the history."""

import time

import pytest

from tests.conftest import ROOT
from tests.dashboard.apptest import default_value_warnings, open_page, page_file


@pytest.fixture(autouse=True)
def lab_home(tmp_path, monkeypatch):
    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path))
    return tmp_path


def _wait(runs, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    for run in runs:
        run.join(timeout=max(1.0, deadline - time.monotonic()))
        assert not run.alive, "the run did not finish in time"


def _small(at):
    at.select_slider(key="train.limit").set_value(500)
    at.number_input(key="train.epochs").set_value(1)
    return at.run()


def test_before_a_run_the_page_says_what_start_will_train() -> None:
    at = open_page("training")
    [idle] = [i.value for i in at.info if "Nothing is training yet" in i.value]
    assert "Fast MNIST CNN on 20,000 images for 10 epochs with adam, lr 0.001" in idle
    assert "about 20 seconds" in idle  # measured for these defaults only
    _small(at)  # as "Set it up" or a student would change them
    [idle] = [i.value for i in at.info if "Nothing is training yet" in i.value]
    assert "on 500 images for 1 epoch with" in idle and "20 seconds" not in idle


def _run_opened_on_the_runs_page():
    """A short run trained on the Train page, then picked on the Runs page: (AppTest, run)."""
    at = _small(open_page("training"))
    at.button(key="train_start").click().run()
    run = at.session_state["train.run"]
    _wait([run])
    at.switch_page(page_file("runs")).run()
    at.session_state["runs.selected"] = {"selection": {"rows": [0], "columns": []}}
    return at.run(), run


def test_train_a_short_run_and_see_its_log() -> None:
    at = _small(open_page("training"))
    at.button(key="train_start").click().run()
    assert not at.exception
    run = at.session_state["train.run"]
    _wait([run])
    at.run()
    assert not at.exception
    snapshot = run.snapshot()
    assert snapshot.status == "finished", snapshot.error
    assert any("Iter: 1 >> T_loss" in code.value for code in at.code)


def test_race_two_optimizers_then_list_the_runs() -> None:
    at = _small(open_page("training"))
    at.radio(key="train.race_kind").set_value("Optimizers").run()
    at.multiselect(key="train.race_choices.Optimizers").set_value(["sgd", "adam"]).run()
    assert at.radio(key="train.race_lr_rule").value == "document"  # 001: lr=0.001 for all
    at.radio(key="train.race_lr_rule").set_value("usual").run()
    at.button(key="race_start").click().run()
    assert not at.exception
    runs = at.session_state["train.race"]
    assert set(runs) == {"sgd", "adam"}
    assert runs["sgd"].config.lr == 0.05 and runs["adam"].config.lr == 0.001
    _wait(runs.values())
    at.run()
    assert not at.exception
    at.switch_page(page_file("runs")).run()
    assert not at.exception
    names = list(at.dataframe[0].value["name"])
    assert sorted(names) == ["race-adam", "race-sgd"]
    at.session_state["runs.selected"] = {"selection": {"rows": [0], "columns": []}}
    at.run()
    assert not at.exception
    assert any(e.label.startswith("Analysis checklist (000):") for e in at.expander)


def test_k_fold_cross_validation_reports_mean_and_spread() -> None:
    at = _small(open_page("training"))
    at.radio(key="train.race_kind").set_value("K-fold cross-validation").run()
    at.number_input(key="train.race_folds").set_value(2).run()
    at.button(key="race_start").click().run()
    assert not at.exception
    runs = at.session_state["train.race"]
    assert [(r.config.folds, r.config.fold) for r in runs.values()] == [(2, 0), (2, 1)]
    _wait(runs.values())
    assert all(r.status == "finished" for r in runs.values()), [r.error for r in runs.values()]
    at.run()
    assert not at.exception
    accuracies = [run.snapshot().best_val_acc for run in runs.values()]
    mean = sum(accuracies) / 2
    spread = abs(accuracies[0] - accuracies[1]) / 2  # the std of two values
    metric = next(m for m in at.metric if m.label == "2-fold validation accuracy")
    assert metric.value == f"{mean:.2%} ± {spread:.2%}"


def test_race_settings_survive_a_visit_to_another_page() -> None:
    at = open_page("training")
    schedules = "train.race_choices.Learning-rate schedules"
    with default_value_warnings() as warnings:
        at.radio(key="train.race_kind").set_value("Learning-rate schedules").run()
        at.multiselect(key=schedules).set_value(["constant", "exponential"]).run()
        assert not at.exception, at.exception
        at.switch_page(page_file("home")).run()
        assert at.title[0].value == "CNN Lab"
        at.switch_page(page_file("training")).run()
        assert not at.exception, at.exception
        assert at.radio(key="train.race_kind").value == "Learning-rate schedules"
        assert at.multiselect(key=schedules).value == ["constant", "exponential"]
    assert not warnings


def test_reuse_a_runs_layers_for_model_b() -> None:
    at, run_a = _run_opened_on_the_runs_page()
    assert not at.exception
    key = run_a.run_dir.name
    at.number_input(key=f"runs_reuse_units_{key}").set_value(10)
    at.button(key=f"runs_reuse_{key}").click().run()
    assert not at.exception
    assert at.session_state["train.init_from"] == str(run_a.run_dir)
    assert at.radio(key="train.model_source").value == "My model from Build a CNN"
    layers = at.session_state["builder.layers"]
    assert not any(layer.trainable for layer in layers[:-1]) and layers[-1].units == 10
    at.switch_page(page_file("training")).run()  # AppTest's own page follows st.switch_page
    assert not at.error, [e.value for e in at.error]
    at.button(key="train_start").click().run()
    run_b = at.session_state["train.run"]
    assert run_b.config.init_from == str(run_a.run_dir)
    _wait([run_b])
    assert run_b.status == "finished", run_b.error


def test_the_course_models_fast_recipe_fills_in_the_clis_settings() -> None:
    from core.training.recipes import fast_recipe

    at = open_page("training")
    at.selectbox(key="train.preset").set_value("mnist_32_64").run()
    at.button(key="train_fast_recipe").click().run()
    assert not at.exception, at.exception
    recipe = fast_recipe("mnist_32_64")
    assert at.number_input(key="train.epochs").value == recipe["epochs"] == 2
    assert at.number_input(key="train.batch_size").value == recipe["batch_size"]
    assert at.select_slider(key="train.lr").value == recipe["lr"]
    assert at.selectbox(key="train.schedule").value == "onecycle"
    assert at.select_slider(key="train.limit").value == "all"
    at.selectbox(key="train.preset").set_value("cifar10_cnn").run()
    assert not [b for b in at.button if b.key == "train_fast_recipe"]  # no recipe for it


def test_the_cifar10_recipe_sets_every_setting_the_cli_uses() -> None:
    """Dataset, optimizer, momentum, weight decay, label smoothing, test-time flip,
    channels-last memory and the crop-and-flip pipeline: the page's config is the CLI's."""
    from core.training.config import TrainConfig
    from core.training.recipes import fast_recipe
    from dashboard.keys import AugmentKeys

    at = open_page("training")
    at.selectbox(key="train.preset").set_value("cifar10_cpu").run()
    at.button(key="train_fast_recipe").click().run()
    assert not at.exception, at.exception
    recipe = fast_recipe("cifar10_cpu")
    assert at.selectbox(key="train.dataset").value == "cifar10"
    assert at.selectbox(key="train.optimizer").value == "nesterov"
    assert at.select_slider(key="train.lr").value == recipe["lr"]
    assert at.select_slider(key="train.weight_decay").value == recipe["weight_decay"]
    assert at.select_slider(key="train.label_smoothing").value == recipe["label_smoothing"]
    assert at.checkbox(key="train.tta").value and at.checkbox(key="train.channels_last").value
    assert at.checkbox(key="train.augment").value
    from core.augment.pipeline import Pipeline

    steps = tuple(step for _uid, step in at.session_state[AugmentKeys.STEPS])
    assert Pipeline(steps).to_dict() == Pipeline.from_dict(recipe["augment"]).to_dict()
    assert TrainConfig(**recipe).tta  # the recipe itself is valid


def test_onnx_export_is_kept_and_a_run_that_cannot_be_exported_says_why() -> None:
    at, run = _run_opened_on_the_runs_page()
    key = f"runs_onnx_{run.run_dir.name}"
    assert not any(b.label.startswith("Download as ONNX") for b in at.get("download_button"))
    at.button(key=f"{key}.export").click().run()  # exported into the run's folder, once
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert (run.run_dir / "model.onnx").stat().st_size > 10_000
    assert any(b.label.startswith("Download as ONNX") for b in at.get("download_button"))

    for name in ("best.pt", "last.pt"):  # new, damaged weights: the old export is stale
        (run.run_dir / name).write_bytes(b"not a checkpoint")
    at.run()
    at.button(key=f"{key}.export").click().run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert any(e.startswith("Could not export to ONNX:") for e in errors), errors


def test_each_schedule_shows_its_own_settings_from_its_record() -> None:
    """The Train page draws a schedule's settings from its record: 001's names, the
    engine's defaults (power's s: 001's decay = 1e-4, s = 10,000), nothing for constant."""
    at = open_page("training")
    expected = {
        "constant": [],
        "step": ["step_size (epochs)", "gamma"],
        "power": ["s (steps = batches)", "c"],
        "exponential": ["s (epochs: the rate falls tenfold every s epochs)"],
        "plateau": ["factor", "patience (epochs)"],
        "1cycle": ["η₁ (peak)", "final part", "final η / η₀"],
        "onecycle": [],
    }
    for schedule, labels in expected.items():
        at.selectbox(key="train.schedule").set_value(schedule).run()
        assert not at.exception, (schedule, at.exception)
        shown = [n.label for n in at.number_input if n.key is None]
        assert shown == labels, schedule
    at.selectbox(key="train.schedule").set_value("power").run()
    power_s = next(n for n in at.number_input if n.label == "s (steps = batches)")
    assert power_s.value == 10_000  # 001:657: decay = 1e-4
    at.selectbox(key="train.schedule").set_value("piecewise").run()
    boundaries = [t for t in at.text_input if t.label == "Boundaries (epochs) : rates"]
    assert not at.exception and boundaries and boundaries[0].value


def test_001s_piecewise_example_is_one_click_and_the_default_keeps_adams_rate() -> None:
    """001:643: 'η₀=0.1 for the first epochs, then η₁=0.001' (with SGD: with Adam, 0.1
    explodes, so the default starts at the page's rate and divides it by 10 and 100)."""
    course = ROOT.parent / "shared" / "course" / "001_113cd921adae38f8.txt"
    if course.is_file():
        text = course.read_text()
        assert "$\\eta_0=0.1$" in text and "$\\eta_1=0.001$" in text
        assert "N 스텝마다 validation error를 측정" in text  # the page says why once per epoch
    at = open_page("training")
    at.number_input(key="train.epochs").set_value(9).run()
    at.selectbox(key="train.schedule").set_value("piecewise").run()
    assert at.text_input(key="train.piecewise").value == "4, 7 : 0.001, 0.0001, 1e-05"
    at.button(key="train.piecewise_001").click().run()
    assert not at.exception
    assert at.text_input(key="train.piecewise").value == "3 : 0.1, 0.001"
    assert at.selectbox(key="train.optimizer").value == "sgd"
    assert at.select_slider(key="train.lr").value == 0.1
    at.selectbox(key="train.schedule").set_value("plateau").run()
    assert any("the lab measures once per epoch" in c.value for c in at.caption)


def test_the_idle_message_counts_images_per_class() -> None:
    """001's model B: 100 images of each of two classes is 200 images, not "all"."""
    from core.training.config import TrainConfig
    from dashboard.training.page import idle_message

    config = TrainConfig(dataset="fashion_mnist", classes=["Sandal", "Shirt"], per_class=100)
    assert "on 200 images for 3 epochs" in idle_message(config)


def test_a_model_answering_with_a_value_says_its_loss_is_mse() -> None:
    at = open_page("training")
    assert not any("mean squared error" in i.value for i in at.info)  # mnist_fast: a category
    at.selectbox(key="train.preset").set_value("mnist_value").run()
    assert not at.exception, at.exception
    note = next(i.value for i in at.info if "answers with a **value**" in i.value)
    assert "MSE = mean((y − ŷ)²)" in note and "round(ŷ)" in note
    assert not at.button(key="train_start").disabled  # one output fits MNIST's ten classes
