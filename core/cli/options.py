"""The optimizer and schedule options `train` and `finetune` share (001's settings)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from core.i18n import _
from core.training.config import ConfigError
from core.training.methods import OPTIMIZER_KNOBS, OPTIMIZERS, SCHEDULES

OPTIMIZER_OPTIONS: tuple[str, ...] = ("optimizer", "lr", *OPTIMIZER_KNOBS)
OPTIMIZER_OPTIONS += ("schedule", "device", "amp")


def add_optimizer_arguments(parser: argparse.ArgumentParser) -> None:
    """--optimizer, --lr and every optimizer setting of core.training.methods' records (each
    with the optimizers that take it), the schedule, the device and mixed precision."""
    parser.add_argument("--optimizer", help=", ".join(OPTIMIZERS))
    parser.add_argument("--lr", type=float, help=_("learning rate"))
    for knob in OPTIMIZER_KNOBS.values():
        users = [name for name, optimizer in OPTIMIZERS.items() if knob.name in optimizer.knobs]
        parser.add_argument(
            "--" + knob.name.replace("_", "-"),
            type=float,
            help=f"{', '.join(users)}: {_(knob.help)}",
        )
    parser.add_argument("--schedule", help=", ".join(SCHEDULES))
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
