"""The Course page sets an exercise up on the Train page in one click."""

from __future__ import annotations

import pytest

from core.course.exercises import EXERCISES
from core.model.presets import get_preset
from dashboard.keys import AugmentKeys, TransferKeys
from dashboard.keys import TrainKeys as K
from tests.dashboard.apptest import open_page, page_file, page_titles


@pytest.fixture(scope="module")
def titles() -> dict[str, str]:
    return page_titles({item.page for item in EXERCISES})


@pytest.mark.parametrize("item", EXERCISES, ids=lambda item: item.id)
def test_each_exercise_opens_its_page(titles: dict[str, str], item) -> None:
    """Every card's "Set it up" opens its page (by the title it shows) with no error (the
    browser test opens one card per page in Chromium)."""
    at = open_page("course")
    at.button(key=f"course.{item.id}").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == titles[item.page]


def test_set_up_opens_the_train_page_with_the_documents_settings() -> None:
    at = open_page("course")
    assert not at.exception
    assert any("004-mnist-32-64" in block.value for block in at.markdown)
    at.button(key="course.004-mnist-32-64").click().run()
    assert not at.exception
    assert at.selectbox(key=K.PRESET).value == "mnist_32_64"
    assert at.selectbox(key=K.OPTIMIZER).value == "adam"
    assert at.number_input(key=K.BATCH_SIZE).value == 200
    assert at.number_input(key=K.EPOCHS).value == 7
    # 004:320's 300/300: every image trains; 004:250: raw pixels in.
    assert at.slider(key=K.VAL_FRACTION).value == 0
    assert at.selectbox(key=K.SCALING).value == "none"
    assert any(c.value.startswith("No validation split: the curves") for c in at.caption)


def test_a_card_says_which_settings_the_document_does_not_give() -> None:
    """000's feature extractor: the document gives the model and Adam, not epochs or batch;
    001's dropout MLP: the model only. Set it up then puts back the lab's validation share
    and scaling that a 004 card changed."""
    at = open_page("course")
    captions = [c.value for c in at.caption]
    assert "Not given in the document; the lab uses: epochs 10, batch size 64." in captions
    assert (
        "Not given in the document; the lab uses: dataset fashion_mnist, epochs 10, "
        "batch size 32, optimizer adam." in captions
    )
    at.button(key="course.004-cifar10-cnn").click().run()
    assert at.selectbox(key=K.SCALING).value == "divide_255"  # 004:548: x / 255
    at.switch_page(page_file("course")).run()
    at.button(key="course.001-dropout").click().run()
    assert not at.exception
    assert at.slider(key=K.VAL_FRACTION).value == 0.1
    assert at.selectbox(key=K.SCALING).value == "standardize"


def test_004s_early_stopping_and_k_fold_cards_set_up_the_train_page() -> None:
    """004:662-671: early stopping (patience 2 on the CIFAR-10 CNN, the lab's choice, said on
    the card) and K-fold (the Race tab's k-fold, on the fast MNIST CNN)."""
    at = open_page("course")
    at.button(key="course.004-early-stopping").click().run()
    assert not at.exception
    assert at.selectbox(key=K.PRESET).value == "cifar10_cnn"
    assert at.select_slider(key=K.EARLY_STOP).value == 2
    assert at.number_input(key=K.EPOCHS).value == 20
    at = open_page("course")
    at.button(key="course.004-k-fold").click().run()
    assert not at.exception
    assert at.selectbox(key=K.PRESET).value == "mnist_fast"
    assert at.select_slider(key=K.EARLY_STOP).value == "off"


def test_the_resnet18_exercise_opens_transfer_with_the_course_recipe(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path))
    at = open_page("course")
    at.button(key="course.000-resnet18-transfer").click().run()
    assert not at.exception
    assert at.toggle(key="transfer.course_recipe").value is True
    # 000:473 optimises net.parameters(): every layer trains.
    assert at.session_state["transfer.strategy"] == "full"


def test_the_augmentation_exercise_fills_the_pipeline_with_000s_generator() -> None:
    at = open_page("course")
    at.button(key="course.000-augmentation").click().run()
    assert not at.exception
    steps = [step for _, step in at.session_state[AugmentKeys.STEPS]]
    assert [s.type for s in steps] == ["keras_affine", "horizontal_flip"]
    affine = steps[0]  # 000:140-145
    assert (affine.rotation_range, affine.zoom_range) == (2, 0.1)
    assert (affine.width_shift_range, affine.height_shift_range) == (0.1, 0.1)
    assert steps[1].p == 0.5  # horizontal_flip=True: Keras flips half the images


def test_000s_resize_and_random_crop_card_fills_the_pipeline() -> None:
    """000:334: Resize(56), RandomCrop(56, padding=6), RandomHorizontalFlip()."""
    at = open_page("course")
    at.button(key="course.000-resize-crop-flip").click().run()
    assert not at.exception
    resize, crop, flip = [step for _, step in at.session_state[AugmentKeys.STEPS]]
    assert (resize.type, resize.size) == ("resize", 56)
    assert (crop.type, crop.size, crop.padding) == ("random_crop", 56, 6)
    assert (flip.type, flip.p) == ("horizontal_flip", 0.5)


def test_002s_pretrained_vs_empty_card_opens_transfer_on_fashion_mnist(
    tmp_path, monkeypatch
) -> None:
    """002:247-249: MobileNet with and without its pretrained weights, on Fashion-MNIST."""
    from dashboard.keys import TransferKeys

    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path))
    at = open_page("course")
    at.button(key="course.002-mobilenet-pretrained-vs-empty").click().run()
    assert not at.exception
    assert at.session_state[TransferKeys.SOURCE] == "fashion_mnist"
    assert at.session_state[TransferKeys.STRATEGY] == "full"
    at = open_page("course")
    at.button(key="course.000-own-cnn-vs-transfer").click().run()  # 000:516, on CIFAR-10
    assert not at.exception
    if at.session_state[TransferKeys.SOURCE] != "cifar10":  # not prepared in this lab home
        assert any("cifar10 is not on this computer yet" in i.value for i in at.info)
    at = open_page("course")
    at.button(key="course.002-fashion-mnist-cnn").click().run()
    assert at.selectbox(key=K.DATASET).value == "fashion_mnist"


def test_a_run_without_a_figure_yet_does_not_break_the_card(tmp_path, monkeypatch) -> None:
    import json

    from core.course.exercises import exercise
    from core.training.store import new_run_dir

    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path))
    settings = exercise("004-mnist-1-filter").settings
    run_dir = new_run_dir(tmp_path / "runs", "started, no epoch yet")
    (run_dir / "config.json").write_text(json.dumps(settings))
    (run_dir / "status.json").write_text(json.dumps({"status": "failed", "name": "x"}))
    (run_dir / "metrics.jsonl").write_text("")
    at = open_page("course")
    assert not at.exception, at.exception  # was: None.__format__ on the card
    assert not any("Ours (" in s.value for s in at.success)


def test_a_runs_name_beside_the_documents_figure_shows_as_typed(tmp_path, monkeypatch) -> None:
    """A run's name is a student's text: Markdown and HTML in it stay text on the card."""
    import dataclasses

    from core.course.exercises import exercise
    from core.model.presets import get_preset
    from core.runs.run import TrainingRun
    from core.training.config import TrainConfig
    from tests.core.short_runs import finished

    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path))
    settings = exercise("004-mnist-1-filter").settings
    fields = {f.name for f in dataclasses.fields(TrainConfig)}
    config = TrainConfig(**{k: v for k, v in settings.items() if k in fields})
    config = dataclasses.replace(config, epochs=1, train_limit=200)
    name = "**bold** <b>x</b> [link](http://evil.example)"
    finished(TrainingRun(get_preset(settings["preset"]), config, name=name))
    at = open_page("course")
    assert not at.exception, at.exception
    [beside] = [s.value for s in at.success if "Ours (" in s.value]
    assert "\\*\\*bold\\*\\*" in beside and "\\[link\\]" in beside  # escaped: shown as typed


def test_the_keras_model_zoo_table_sits_beside_torchvisions_counts() -> None:
    """001:257-275 on the Course page: every model, Keras's count and torchvision's with the
    terms that rebuild one from the other (core/course/model_zoo.py checks the arithmetic)."""
    at = open_page("course")
    [table] = [frame for frame in at.dataframe if "keras" in frame.value.columns]
    rows = table.value.set_index("model")
    assert len(rows) == 18  # the course table's models
    assert rows.loc["ResNet50", "keras"] == "25,636,712"
    assert rows.loc["ResNet50", "torch_params"] == "25,557,032"
    assert rows.loc["ResNet50", "statistics"] == "+ 53,120"
    assert rows.loc["ResNet50", "biases"] == "+ 26,560"
    assert rows.loc["InceptionV3", "scales"] == "− 17,216"
    assert rows.loc["Xception", "torchvision"] == "not in torchvision"
    assert any("Keras's model zoo (001:257-275)" in e.label for e in at.expander)


def test_001s_model_b_on_a_starts_from_model_as_run(tmp_path, monkeypatch) -> None:
    """001:338-396 (실습과제 19-2): model A on eight classes, then model B on A, which reuses
    A's layers locked for 4 epochs, on sandals and shirts with 200 images."""
    import time

    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path))
    at = open_page("course")
    at.button(key="course.001-model-b-on-a").click().run()
    assert not at.exception
    assert any("Train model A first" in w.value for w in at.warning)  # no run of A yet
    at.switch_page(page_file("course")).run()
    at.button(key="course.001-model-a").click().run()
    assert at.multiselect(key=K.CLASSES).value == [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sneaker", "Bag", "Ankle boot"
    ]  # fmt: skip
    at.switch_page(page_file("training")).run()  # AppTest keeps no page the script switched to
    at.select_slider(key=K.LIMIT).set_value(500)
    at.number_input(key=K.EPOCHS).set_value(1).run()
    at.button(key="train_start").click().run()
    run_a = at.session_state[K.RUN]
    deadline = time.monotonic() + 120
    while run_a.alive and time.monotonic() < deadline:
        run_a.join(1)
    assert run_a.snapshot().status == "finished", run_a.snapshot().error
    at.switch_page(page_file("course")).run()
    at.button(key="course.001-model-b-on-a").click().run()
    assert not at.exception
    assert at.session_state[K.INIT_FROM] == str(run_a.run_dir)
    assert at.multiselect(key=K.CLASSES).value == ["Sandal", "Shirt"]
    assert at.select_slider(key=K.PER_CLASS).value == 100  # 200 labelled images
    assert at.select_slider(key=K.UNFREEZE).value == 4
    at.switch_page(page_file("training")).run()
    at.number_input(key=K.EPOCHS).set_value(5).run()
    at.button(key="train_start").click().run()
    run_b = at.session_state[K.RUN]
    config = run_b.config
    assert (config.init_from, config.unfreeze_after) == (str(run_a.run_dir), 4)
    assert (config.classes, config.per_class) == (["Sandal", "Shirt"], 100)
    run_b.join(120)
    assert run_b.snapshot().status == "finished", run_b.snapshot().error


def test_001s_cats_vs_dogs_card_opens_transfer_on_two_classes(tmp_path, monkeypatch) -> None:
    """001:470 TRAIN_SAMPLES = 500 of two classes ({'cat': 0, 'dog': 1}, 001:566): offline,
    CIFAR-10's cats and dogs, 250 each."""
    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path))
    at = open_page("course")
    at.button(key="course.001-cats-vs-dogs").click().run()
    assert not at.exception
    assert at.session_state[TransferKeys.CLASSES] == ["cat", "dog"]
    assert at.session_state[TransferKeys.PER_CLASS] == 250
    at.switch_page(page_file("transfer")).run()
    assert not at.exception
    if at.session_state[TransferKeys.SOURCE] == "cifar10":  # prepared in this lab home
        assert any(c.value.startswith("500 photos: 250 cat, 250 dog") for c in at.caption)
    # Another card puts every class back.
    at.switch_page(page_file("course")).run()
    at.button(key="course.002-mobilenet-fashion-mnist").click().run()
    assert at.session_state[TransferKeys.CLASSES] == []


def test_a_builtin_photo_set_takes_some_classes_and_more_photos(tmp_path, monkeypatch) -> None:
    """002 fine-tunes on the whole Fashion-MNIST: the page offers more photos per class and
    says what they cost here; some classes only, as 001's cats and dogs."""
    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path))
    at = open_page("transfer")
    at.selectbox(key=TransferKeys.SOURCE).set_value("mnist").run()
    at.multiselect(key=TransferKeys.CLASSES).set_value(["0 - zero", "1 - one"]).run()
    assert not at.exception
    assert any(c.value.startswith("200 photos: 100 0 - zero, 100 1 - one") for c in at.caption)
    assert any("about 1 min for 200 photos" in c.value for c in at.caption)


def test_003s_vgg16_card_locks_blocks_one_to_four() -> None:
    """003:520: trainable from block5_conv1 on; Build a CNN then counts blocks 1-4's
    7,635,264 parameters as non-trainable."""
    from core.model.summary import summarize
    from dashboard.keys import BuilderKeys

    at = open_page("course")
    at.button(key="course.003-vgg16-block5").click().run()
    assert not at.exception
    layers = at.session_state[BuilderKeys.LAYERS]
    assert [layer.trainable for layer in layers if layer.block == "block4"] == [False] * 4
    assert all(layer.trainable for layer in layers if layer.block in ("block5", "top"))
    at.switch_page(page_file("builder")).run()
    assert not at.exception
    spec = get_preset("vgg16").replace_layers(list(layers))
    assert summarize(spec).non_trainable_params == 7_635_264
    assert any(m.value == "7,635,264" for m in at.metric)


def _race_set_up_by(card: str, preset: str):
    """The Train page after the card's Set it up: its preset chosen and a race of models
    set; returns the page and the race's contestants."""
    at = open_page("course")
    at.button(key=f"course.{card}").click().run()
    assert not at.exception
    at.switch_page(page_file("training")).run()
    assert not at.exception
    assert at.selectbox(key=K.PRESET).value == preset
    assert at.session_state[K.RACE_KIND] == "Models"
    return at, at.multiselect(key=f"{K.RACE_CHOICES}.Models").value


def test_003s_degradation_card_sets_up_a_race_of_plain_and_residual_nets() -> None:
    """003:360-372 (He et al., Figure 1): plain-20 and plain-56 against their ResNets."""
    _at, contestants = _race_set_up_by("003-plain-vs-resnet", "plain20")
    assert contestants == ["plain20", "plain56", "resnet20", "resnet56"]


def test_003s_value_card_races_the_value_against_softmaxs_category() -> None:
    """003:290-304: the value ("output을 그냥 받는다") beside the category, on one MNIST CNN."""
    at, contestants = _race_set_up_by("003-value", "mnist_value")
    assert any("answers with a **value**" in info.value for info in at.info)
    assert contestants == ["mnist_value", "mnist_fast"]


def test_the_page_says_what_the_lab_cannot_do_offline() -> None:
    at = open_page("course")
    shown = [m.value for m in at.markdown]
    assert any(text.startswith("**EMNIST, the handwritten letters** · `000:303`") for text in shown)
    # 003:292's value was out of reach until the lab gained it (its card above).
    assert not any("`003:292`" in text and "regression" in text for text in shown)
