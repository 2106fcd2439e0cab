"""Fixtures shared by the engine's tests."""

import pytest


@pytest.fixture
def engine_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """One CNNLAB_HOME for the engine tests of a session: MNIST is unpacked there once."""
    home = tmp_path_factory.getbasetemp() / "engine-home"
    home.mkdir(exist_ok=True)
    monkeypatch.setenv("CNNLAB_HOME", str(home))
