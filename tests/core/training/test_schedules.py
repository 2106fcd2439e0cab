"""Learning-rate schedules: plain math that the preview and the loop share."""

from __future__ import annotations

import itertools
import math
import subprocess
import sys

import pytest

from core.training.config import SCHEDULES, ConfigError, TrainConfig
from core.training.schedules import LrSchedule, schedule_curve, schedule_note
from tests.conftest import ROOT


def curve(schedule: str, epochs: int = 6, steps: int = 10, **params: object) -> list[float]:
    config = TrainConfig(epochs=epochs, lr=0.1, schedule=schedule, schedule_params=params)
    return schedule_curve(config, steps)


def test_the_preview_needs_no_torch() -> None:
    code = "import sys, core.training.schedules, core.training.runs; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr


@pytest.mark.parametrize("schedule", list(SCHEDULES))
def test_every_schedule_gives_one_positive_rate_per_batch(schedule: str) -> None:
    lrs = curve(schedule)
    assert len(lrs) == 60 and all(lr > 0 and math.isfinite(lr) for lr in lrs)


def test_constant_step_exponential_power_piecewise() -> None:
    assert curve("constant") == [0.1] * 60
    step = curve("step", step_size=2, gamma=0.5)
    assert step[0] == step[19] == 0.1 and step[20] == 0.05 and step[59] == 0.025
    exponential = curve("exponential", gamma=0.5)
    assert exponential[10] == pytest.approx(0.05) and exponential[5] == pytest.approx(
        0.1 * 0.5**0.5
    )
    power = curve("power", s=1.0, c=1.0)
    assert power[10] == pytest.approx(0.05) and power[30] == pytest.approx(0.025)
    piecewise = curve("piecewise", boundaries=[2, 4], values=[0.1, 0.01, 0.001])
    assert piecewise[19] == 0.1 and piecewise[20] == 0.01 and piecewise[40] == 0.001


def test_onecycle_warms_up_to_lr_then_anneals_far_below() -> None:
    lrs = curve("onecycle", epochs=10, steps=10)
    peak = max(range(len(lrs)), key=lrs.__getitem__)
    assert lrs[0] == pytest.approx(0.1 / 25) and lrs[peak] == pytest.approx(0.1)
    assert 25 <= peak <= 31 and lrs[-1] == pytest.approx(0.1 / 25 / 1e4)
    assert all(a <= b for a, b in itertools.pairwise(lrs[: peak + 1]))
    assert all(a >= b for a, b in itertools.pairwise(lrs[peak:]))


def test_plateau_is_flat_in_the_preview_and_cuts_on_a_stall() -> None:
    config = TrainConfig(lr=0.1, schedule="plateau", schedule_params={"patience": 2})
    assert schedule_curve(config, 5) == [0.1] * 15 and "validation" in schedule_note(config)
    schedule = LrSchedule(config, 5)
    for loss in (1.0, 0.9, 0.95, 0.95):
        schedule.epoch_end(loss)
    assert schedule.lr(0) == pytest.approx(0.05)


def test_bad_schedule_parameters_are_refused() -> None:
    for schedule, params in [
        ("piecewise", {"boundaries": [2], "values": [0.1]}),
        ("onecycle", {"pct_start": 1.5}),
        ("step", {"gamma": -1}),
        ("exponential", {"step_size": 2}),
    ]:
        with pytest.raises(ConfigError):
            TrainConfig(schedule=schedule, schedule_params=params)


@pytest.mark.usefixtures("engine_home")
def test_the_loop_uses_exactly_the_previewed_rates() -> None:
    from core.model.presets import get_preset
    from core.training.callbacks import MetricsCallback
    from core.training.loop import fit
    from core.training.progress import MetricsLog

    config = TrainConfig(epochs=2, train_limit=200, batch_size=32, schedule="onecycle")
    log = MetricsLog()
    trainer = fit(get_preset("mnist_fast"), config, [MetricsCallback(log)])
    used = [b["lr"] for b in log.snapshot()["batches"]]
    assert used == schedule_curve(config, trainer.steps_per_epoch)
