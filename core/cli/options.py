"""The optimizer and schedule options `train` and `finetune` share (001's settings)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from core.i18n import _
from core.training.config import ConfigError

OPTIMIZER_OPTIONS: tuple[str, ...] = ("optimizer", "lr", "momentum", "rho", "beta_1", "beta_2")
OPTIMIZER_OPTIONS += ("initial_accumulator", "schedule", "device", "amp")


def add_optimizer_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--optimizer", help=_("sgd, momentum, nesterov, adagrad, rmsprop, adam..."))
    parser.add_argument("--lr", type=float, help=_("learning rate"))
    for name, text in (
        ("--momentum", "momentum, nesterov"),
        ("--rho", _("rmsprop (the course: 0.9)")),
        ("--beta-1", "adam, adamax, nadam, adamw"),
        ("--beta-2", "adam, adamax, nadam, adamw"),
        ("--initial-accumulator", "adagrad (Keras: 0.1)"),
    ):
        parser.add_argument(name, type=float, help=text)
    parser.add_argument("--schedule", help=_("constant, step, power, exponential, piecewise, ..."))
    parser.add_argument(
        "--schedule-params", help=_("the schedule's settings as JSON, e.g. '{\"step_size\": 3}'")
    )
    parser.add_argument(
        "--device",
        choices=("auto", "cpu", "cuda", "mps"),
        help=_("where to train: auto (default: a CUDA or Apple GPU when there is one), cpu, ..."),
    )
    parser.add_argument(
        "--no-amp",
        dest="amp",
        action="store_false",
        default=None,
        help=_("train in full precision on a CUDA GPU (default: mixed precision)"),
    )


def optimizer_values(args: argparse.Namespace) -> dict[str, Any]:
    """The TrainConfig settings given on the command line (absent ones left out)."""
    values = {name: getattr(args, name) for name in OPTIMIZER_OPTIONS}
    values = {name: value for name, value in values.items() if value is not None}
    if args.schedule_params:
        try:
            values["schedule_params"] = json.loads(args.schedule_params)
        except json.JSONDecodeError as error:
            raise ConfigError(
                _("--schedule-params is not JSON: {error}").format(error=error)
            ) from None
    return values
