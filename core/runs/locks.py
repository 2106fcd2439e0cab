"""An assignment's locks, held in core: every run a student starts or continues while the
teacher's assignment is active uses its locked settings, whichever way it was started (the
Train page, a race, k-fold, Continue, Model B on A, fine-tuning, a direct call), because all
of them make a `core.runs.run.TrainingRun`, which asks `check_locks` first.

The teacher's own runs are never refused; like every run, they count for the assignment's
leaderboard only when they followed its locks.
"""

from __future__ import annotations

import json
import math
from typing import Any

from core.classroom.assignments import Assignment, current
from core.i18n import N_, _
from core.identity.people import Actor, NotAllowed
from core.identity.settings import classroom_mode
from core.model.presets import get_preset
from core.training.config import RunSpec, TrainConfig

# How each lockable setting is named in a refusal (msgids).
LOCK_NAMES = {
    "preset": N_("the model (a course preset)"),
    "spec": N_("the model (from Build a CNN)"),
    "dataset": N_("the dataset"),
    "optimizer": N_("the optimizer"),
    "lr": N_("the learning rate"),
    "batch_size": N_("the batch size"),
    "epochs": N_("the epochs"),
    "train_limit": N_("the number of training images"),
}


def _same_model(spec: Any, wanted: Any) -> bool:
    """Two model specs (or their JSON) describe the same network."""
    mine = spec.to_json() if hasattr(spec, "to_json") else spec
    theirs = wanted.to_json() if hasattr(wanted, "to_json") else wanted
    return json.dumps(mine, sort_keys=True) == json.dumps(theirs, sort_keys=True)


def _follows(name: str, wanted: Any, spec: RunSpec, config: TrainConfig) -> bool:
    """True when the run's `name` setting is the assignment's `wanted` value."""
    if name == "preset":
        try:
            preset = get_preset(str(wanted))
        except ValueError:  # SpecError: a preset this lab does not have
            return False
        # The spec itself is compared: `config.preset` is only a label a caller could forge.
        return config.preset == wanted and _same_model(spec, preset)
    if name == "spec":
        return _same_model(spec, wanted)
    if name == "train_limit":
        return (config.train_limit or None) == (wanted or None)
    if name == "lr":
        try:
            return math.isclose(float(config.lr), float(wanted), rel_tol=1e-9)
        except (TypeError, ValueError):
            return False
    return getattr(config, name, None) == wanted


def broken_locks(assignment: Assignment, spec: RunSpec, config: TrainConfig) -> list[str]:
    """The locked settings (names) this run does not follow; empty when it follows them."""
    return [
        name
        for name in assignment.locked
        if not _follows(name, assignment.settings.get(name), spec, config)
    ]


def check_locks(actor: Actor, spec: RunSpec, config: TrainConfig) -> int | None:
    """The active assignment's id when this run follows its locks (None when there is no
    assignment, or the teacher's run does not follow them); a student's run that does not
    follow them is refused with NotAllowed, naming what is locked."""
    if not classroom_mode() or actor.role == "local":
        return None
    assignment = current()
    if assignment is None:
        return None
    broken = broken_locks(assignment, spec, config)
    if not broken:
        return assignment.id
    if actor.is_teacher:
        return None
    raise NotAllowed(
        _(
            'The teacher\'s assignment "{title}" fixes {settings}: this run changes them, so '
            "it cannot start. Use the assignment's values (the Train page fills them in)."
        ).format(
            title=assignment.title,
            settings=", ".join(_(LOCK_NAMES.get(name, name)) for name in broken),
        )
    )
