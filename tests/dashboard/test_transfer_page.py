"""The Transfer learning page headlessly: the frozen summary, a real head-only fine-tune."""

from __future__ import annotations

import pytest

from tests.core.transfer_photos import photo_folder
from tests.dashboard.apptest import default_value_warnings, open_page, page_file


@pytest.fixture(autouse=True)
def lab_home(tmp_path, monkeypatch):
    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path / "home"))


def _metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def _open_with(folder) -> object:
    at = open_page("transfer")
    at.text_input(key="transfer.folder").set_value(str(folder)).run()
    assert not at.exception, at.exception
    return at


def test_summary_counts_follow_the_strategy(shared_datasets, tmp_path) -> None:
    at = _open_with(photo_folder(shared_datasets, tmp_path / "photos", 3))
    assert _metric(at, "Trainable parameters") == "2,562"  # fc = nn.Linear(1280, 2)
    assert _metric(at, "Frozen parameters") == "3,371,008"  # EfficientNet-Lite0's base
    assert _metric(at, "Trainable share") == f"{2562 / (2562 + 3371008):.2%}"
    assert any("fc = nn.Linear(num_features, n_classes)" in c.value for c in at.code)
    at.radio(key="transfer.strategy").set_value("full").run()
    assert _metric(at, "Frozen parameters") == "0"
    at.radio(key="transfer.strategy").set_value("partial").run()
    at.slider(key="transfer.blocks").set_value(1).run()
    # head_conv: Conv2d(320, 1280, 1) without bias + BatchNorm(1280), plus the new head.
    assert _metric(at, "Trainable parameters") == f"{320 * 1280 + 2 * 1280 + 2562:,}"
    assert not at.exception


def test_fine_tune_the_head_and_get_a_saved_model(shared_datasets, tmp_path) -> None:
    at = _open_with(photo_folder(shared_datasets, tmp_path / "photos", 6))
    at.number_input(key="transfer.epochs.head").set_value(2).run()
    at.button(key="transfer_start").click().run()
    assert not at.exception, at.exception
    run = at.session_state["transfer.run"]
    run.join(300)
    assert run.status == "finished", run.error
    at.run()
    assert not at.exception, at.exception
    assert any("Iter: 2 >> T_loss" in c.value for c in at.code)
    assert any("Saved the fine-tuned model" in s.value for s in at.success)
    assert (run.run_dir / "model.pt").is_file()
    best = run.snapshot().best_val_acc
    assert f"best validation accuracy {best:.1%}" in at.success[0].value


def _no_warning_or_exception(at) -> None:
    assert not at.exception, at.exception
    # Streamlit 1.67 logs its default-value warning (see default_value_warnings) rather
    # than drawing it; an st.warning element saying so would be caught here.
    assert not [w.value for w in at.warning if "default value" in w.value]


def _visit_home_and_come_back(at) -> None:
    at.switch_page(page_file("home")).run()
    at.switch_page(page_file("transfer")).run()
    _no_warning_or_exception(at)


def _change_settings_and_come_back(shared_datasets, tmp_path) -> None:
    folder = str(photo_folder(shared_datasets, tmp_path / "photos", 2))
    at = _open_with(folder)
    at.number_input(key="transfer.epochs.head").set_value(4).run()
    at.radio(key="transfer.strategy").set_value("partial").run()
    at.slider(key="transfer.blocks").set_value(1)
    at.number_input(key="transfer.two_phase").set_value(2)
    at.number_input(key="transfer.epochs.partial").set_value(7)
    at.number_input(key="transfer.lr.partial").set_value(0.002)
    at.number_input(key="transfer.race_epochs.strategies").set_value(3)
    at.number_input(key="transfer.limit.scratch").set_value(60).run()
    _no_warning_or_exception(at)

    _visit_home_and_come_back(at)
    assert at.text_input(key="transfer.folder").value == folder
    assert at.radio(key="transfer.strategy").value == "partial"
    assert at.slider(key="transfer.blocks").value == 1
    assert at.number_input(key="transfer.two_phase").value == 2
    assert at.number_input(key="transfer.epochs.partial").value == 7
    assert at.number_input(key="transfer.lr.partial").value == 0.002
    assert at.number_input(key="transfer.race_epochs.strategies").value == 3
    assert at.number_input(key="transfer.race_epochs.scratch").value == 2  # untouched: default
    assert at.number_input(key="transfer.limit.scratch").value == 60
    at.radio(key="transfer.strategy").set_value("head").run()  # its widgets were hidden
    _no_warning_or_exception(at)
    assert at.number_input(key="transfer.epochs.head").value == 4

    # Another backbone (four are offered, whether or not their weights are here).
    at.selectbox(key="transfer.backbone").set_value("mobilenet_v3_small").run()
    _visit_home_and_come_back(at)
    assert at.selectbox(key="transfer.backbone").value == "mobilenet_v3_small"
    at.selectbox(key="transfer.backbone").set_value("efficientnet_lite0").run()
    at.radio(key="transfer.strategy").set_value("partial").run()
    _no_warning_or_exception(at)
    assert at.number_input(key="transfer.epochs.partial").value == 7
    assert at.slider(key="transfer.blocks").value == 1


def test_settings_survive_a_visit_to_another_page(shared_datasets, tmp_path) -> None:
    with default_value_warnings() as warnings:
        _change_settings_and_come_back(shared_datasets, tmp_path)
    assert not warnings  # each widget is drawn without a default (app.py sets its value)


def test_the_course_recipe_and_003s_case(shared_datasets, tmp_path) -> None:
    at = _open_with(photo_folder(shared_datasets, tmp_path / "photos", 3))
    # 3 photos per class, like ImageNet's: 003's case 4, train the head only.
    assert any("case 4" in b.value and "Small & similar" in b.value for b in at.markdown)
    at.toggle(key="transfer.similar").set_value(False).run()
    assert any("case 3" in block.value for block in at.markdown)
    at.toggle(key="transfer.course_recipe").set_value(True).run()
    assert not at.exception
    assert any("StepLR(optimizer, step_size=3, gamma=0.5)" in c.value for c in at.code)
    assert not [n for n in at.number_input if n.key and n.key.startswith("transfer.lr.")]


def test_cats_and_dogs_of_oxford_iiit_pet_become_a_photo_set_with_their_licence() -> None:
    from tests.core.transfer.test_online_sets import _unpacked

    at = open_page("transfer")
    licence = "Online: cats and dogs from Oxford-IIIT Pet (CC BY-SA 4.0)"
    assert any(e.label == licence for e in at.expander)
    assert any("creativecommons.org/licenses/by-sa/4.0" in m.value for m in at.markdown)
    _unpacked(cats=12, dogs=11)  # as torchvision unpacks a download
    at.run()
    at.button(key="transfer_pets_make").click().run()  # "Make the photo set": no download
    assert not at.exception, at.exception
    assert any("Made the photo set" in s.value and "CC BY-SA 4.0" in s.value for s in at.success)
