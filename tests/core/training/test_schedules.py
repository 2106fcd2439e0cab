"""Learning-rate schedules: plain math that the preview and the loop share."""

from __future__ import annotations

import itertools
import math
import subprocess
import sys

import pytest

from core.training.config import SCHEDULES, ConfigError, TrainConfig, parse_piecewise
from core.training.schedules import LrSchedule, schedule_curve, schedule_note
from tests.conftest import ROOT


def curve(schedule: str, epochs: int = 6, steps: int = 10, **params: object) -> list[float]:
    config = TrainConfig(epochs=epochs, lr=0.1, schedule=schedule, schedule_params=params)
    return schedule_curve(config, steps)


def test_the_preview_needs_no_torch() -> None:
    code = "import sys, core.training.schedules, core.runs.run; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr


@pytest.mark.parametrize("schedule", list(SCHEDULES))
def test_every_schedule_gives_one_positive_rate_per_batch(schedule: str) -> None:
    lrs = curve(schedule)
    assert len(lrs) == 60 and all(lr > 0 and math.isfinite(lr) for lr in lrs)


def test_constant_step_and_piecewise() -> None:
    assert curve("constant") == [0.1] * 60
    step = curve("step", step_size=2, gamma=0.5)
    assert step[0] == step[19] == 0.1 and step[20] == 0.05 and step[59] == 0.025
    piecewise = curve("piecewise", boundaries=[2, 4], values=[0.1, 0.01, 0.001])
    assert piecewise[19] == 0.1 and piecewise[20] == 0.01 and piecewise[40] == 0.001


def test_power_scheduling_is_001s_formula_in_steps() -> None:
    # η(t) = η₀ / (1 + t/s)^c with t and s in steps: Keras's decay = 1/s (c = 1).
    for s, c in ((25, 1.0), (7, 2.0)):
        lrs = curve("power", s=s, c=c)
        assert lrs == pytest.approx([0.1 / (1 + t / s) ** c for t in range(60)])
    # By default 001's s: SGD(lr=0.01, decay=1e-4) is s = 10,000 steps (001:657).
    assert curve("power")[10] == pytest.approx(0.1 / (1 + 10 / 10_000))
    # Without s: one epoch's worth of steps (10 here), so the rate halves after one epoch.
    assert curve("power", s=None)[10] == pytest.approx(0.05)
    config = TrainConfig(lr=0.01, schedule="power", schedule_params={"s": 10_000})
    assert "decay=0.0001" in schedule_note(config, 100)  # 001: SGD(lr=0.01, decay=1e-4)


def test_exponential_scheduling_is_001s_formula_in_epochs() -> None:
    # η(t) = η₀ · 0.1^(t/s): a tenth of the rate every s epochs (10 steps per epoch here).
    lrs = curve("exponential", s=3)
    assert lrs == pytest.approx([0.1 * 0.1 ** ((step / 10) / 3) for step in range(60)])
    assert lrs[30] == pytest.approx(0.01)
    assert curve("exponential")[59] == pytest.approx(0.1 * 0.1 ** (5.9 / 6))  # s = epochs


def test_a_stored_per_epoch_gamma_reads_as_the_same_curve() -> None:
    old = {"epochs": 6, "lr": 0.1, "schedule": "exponential", "schedule_params": {"gamma": 0.5}}
    lrs = schedule_curve(TrainConfig.from_json(old), 10)
    assert lrs == pytest.approx([0.1 * 0.5 ** (step / 10) for step in range(60)])


def test_1cycle_is_001s_linear_cycle_then_a_sharp_drop() -> None:
    # 100 steps, last 10% the final drop: up to η₁ at step 45, back to η₀ at 90, then
    # down to η₀ / 1000 at the end, in straight lines.
    lrs = curve("1cycle", epochs=10, steps=10, max_lr=1.0)
    assert lrs[0] == pytest.approx(0.1) and lrs[45] == pytest.approx(1.0)
    assert lrs[90] == pytest.approx(0.1) and lrs[99] == pytest.approx(0.1 + (1e-4 - 0.1) * 0.9)
    assert lrs[20] == pytest.approx(0.1 + 0.9 * 20 / 45)  # linear rise
    assert lrs[70] == pytest.approx(1.0 - 0.9 * 25 / 45)  # linear fall


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
        ("piecewise", {"boundaries": [float("inf")], "values": [0.1, 0.01]}),
        ("piecewise", {"boundaries": [2], "values": [0.1, -1]}),
        ("piecewise", {"boundaries": [2], "values": [0.1, 1e308]}),
        ("1cycle", {"final_fraction": 1.0}),
        ("1cycle", {"max_lr": 1e9}),
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


def test_piecewise_text_is_parsed_or_refused_with_an_example() -> None:
    assert parse_piecewise("3, 6 : 1e-3, 5e-4, 1e-4") == {
        "boundaries": [3, 6],
        "values": [1e-3, 5e-4, 1e-4],
    }
    for text in ("inf : 0.1, 0.01", "1e400 : 0.1, 0.01", "2.5 : 0.1, 0.01", "no colon", "3 :"):
        with pytest.raises(ConfigError, match="boundaries : rates"):
            parse_piecewise(text)
    for text in ("2 : 0.1, -1", "2 : 0.1, 1e308"):  # rates outside the learning rate's limits
        with pytest.raises(ConfigError, match="values"):
            TrainConfig(epochs=4, schedule="piecewise", schedule_params=parse_piecewise(text))
