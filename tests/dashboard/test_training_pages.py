"""The Train and Runs pages headlessly: a short real run, a race, the history."""

import time

import pytest

from tests.dashboard.apptest import open_page


@pytest.fixture(autouse=True)
def lab_home(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path))
    return tmp_path


def _wait(runs, seconds: float = 120) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    for run in runs:
        run.join(timeout=max(1.0, deadline - time.monotonic()))
        assert not run.alive, "the run did not finish in time"


def _small(at):  # type: ignore[no-untyped-def]
    at.select_slider(key="train.limit").set_value(500)
    at.number_input(key="train.epochs").set_value(1)
    return at.run()


def test_train_a_short_run_and_see_its_log() -> None:
    at = _small(open_page("training.py"))
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
    at = _small(open_page("training.py"))
    at.radio(key="train.race_kind").set_value("Optimizers").run()
    at.multiselect(key="train.race_choices.Optimizers").set_value(["sgd", "adam"]).run()
    at.button(key="race_start").click().run()
    assert not at.exception
    runs = at.session_state["train.race"]
    assert set(runs) == {"sgd", "adam"}
    assert runs["sgd"].config.lr == 0.05 and runs["adam"].config.lr == 0.001
    _wait(runs.values())
    at.run()
    assert not at.exception
    at.switch_page("../pages/runs.py").run()
    assert not at.exception
    names = list(at.dataframe[0].value["name"])
    assert sorted(names) == ["race-adam", "race-sgd"]
