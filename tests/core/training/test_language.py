"""Training's messages in Korean: a refused setting, the optimizer's line on the page, and a
run's failure, which the worker thread reports in the language of the session that made it."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.i18n import _, set_language
from core.runs.run import TrainingRun
from core.training.config import ConfigError, TrainConfig
from core.training.methods import OPTIMIZERS
from tests.core.short_runs import SPEC, finished

pytestmark = pytest.mark.usefixtures("engine_home")


def test_a_refused_setting_and_a_table_line_are_korean() -> None:
    set_language("ko")
    try:
        with pytest.raises(ConfigError, match="epochs은\\(는\\) 정수여야 합니다"):
            TrainConfig(epochs=1.5)
        assert "편향 보정" in _(OPTIMIZERS["adam"].description)
    finally:
        set_language("en")


def test_a_failed_run_speaks_the_language_it_was_made_in(tmp_path: Path) -> None:
    set_language("ko")
    try:
        run = TrainingRun(SPEC, TrainConfig(dataset="no-such-set", epochs=1), root=tmp_path)
    finally:
        set_language("en")
    finished(run)  # the worker thread starts without a language of its own
    assert run.status == "failed"
    assert "데이터셋 페이지에서 하나를 고르세요" in run.error, run.error
