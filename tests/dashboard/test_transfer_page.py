"""The Transfer learning page headlessly: the frozen summary, a real head-only fine-tune."""

from __future__ import annotations

import pytest

from tests.core.transfer_photos import photo_folder
from tests.dashboard.apptest import open_page


@pytest.fixture(autouse=True)
def lab_home(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path / "home"))


def _metric(at, label: str) -> str:  # type: ignore[no-untyped-def]
    return next(m.value for m in at.metric if m.label == label)


def _open_with(folder) -> object:  # type: ignore[no-untyped-def]
    at = open_page("transfer.py")
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
