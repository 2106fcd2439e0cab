"""The course's exercises as the lab uses them: found by id, named in either language, put
beside a student's runs (the document's figure next to ours), listed for the CLI. What each
exercise is lives in core.course.catalogue."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from core.course.catalogue import DOCUMENTS, EXERCISES, SECTIONS_IN_ENGLISH, Exercise
from core.i18n import _, get_language

if TYPE_CHECKING:
    from core.training.store import RunInfo

__all__ = ["DOCUMENTS", "EXERCISES", "Exercise", "exercise", "listing", "matching_runs"]


def section_heading(item: Exercise) -> str:
    """The section as the document heads it on a Korean page; in English on an English one."""
    if get_language() == "ko" or item.section not in SECTIONS_IN_ENGLISH:
        return item.section
    return _(SECTIONS_IN_ENGLISH[item.section])


def exercise(exercise_id: str) -> Exercise:
    """The exercise by id; KeyError names the known ones."""
    for item in EXERCISES:
        if item.id == exercise_id:
            return item
    raise KeyError(_("No exercise {id!r}; see `python -m core exercises`.").format(id=exercise_id))


def matching_runs(item: Exercise, runs: Iterable[RunInfo]) -> list[RunInfo]:
    """The runs (core.training.store.RunInfo) trained with the exercise's model, data,
    batch size and optimizer: the ones to put beside the document's figure."""
    keys = ("preset", "dataset", "optimizer", "batch_size", "classes", "per_class")
    wanted = {key: item.settings[key] for key in keys if key in item.settings}
    if item.kind != "train" or not wanted:
        return []
    return [run for run in runs if all(run.config.get(k) == v for k, v in wanted.items())]


def our_figure(item: Exercise, run: RunInfo) -> tuple[str, float] | None:
    """The run's accuracy of the kind the document reports, like with like: ("train", its
    last epoch's training accuracy) where the document prints training accuracy, else
    ("test", its test accuracy) or, before a test or where the document prints validation
    accuracy, ("val", its best validation accuracy)."""
    if item.reported_metric == "train":
        from core.training.records import read_epochs

        epochs = read_epochs(run.run_dir)
        last = epochs[-1].get("train_acc") if epochs else None
        return None if last is None else ("train", float(last))
    if run.test_acc is not None and item.reported_metric == "test":
        return "test", run.test_acc
    return None if run.best_val_acc is None else ("val", run.best_val_acc)


def model_name(item: Exercise) -> str:
    """The card's model: a preset's name, or the name of the model it puts in the builder."""
    if "preset" in item.settings:
        return str(item.settings["preset"])
    return str(item.settings.get("spec", {}).get("name", ""))


def lab_choices_text(item: Exercise) -> str:
    """'Not given in the document; the lab uses: epochs 10, batch size 64.' (translated), or
    '' where the card uses only the document's settings."""
    from core.training.config import SETTING_LABELS, setting_text

    if not item.lab_choices:
        return ""
    choices = ", ".join(
        f"{_(SETTING_LABELS[key])} {setting_text(key, item.settings)}" for key in item.lab_choices
    )
    return _("Not given in the document; the lab uses: {choices}.").format(choices=choices)


def listing() -> list[str]:
    """One line per exercise: its id, the document's file and section, its title (in the
    session's language)."""
    return [f"{e.id}\t{e.file}\t{section_heading(e)}\t{_(e.title)}" for e in EXERCISES]
