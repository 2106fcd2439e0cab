"""`python -m core train` and `python -m core evaluate`: the engine in a terminal.

Training goes through the same `TrainingRun` as the page (a run folder, checkpoints,
metrics files), with a progress bar on stderr; Ctrl-C stops it cleanly.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from core.augment.specs import AugmentError
from core.cli.options import add_optimizer_arguments, optimizer_values
from core.course.exercises import exercise
from core.data.datasets import BUILTIN, get_info, is_available, list_datasets
from core.data.errors import DatasetUnavailable
from core.data.scaling import SCALINGS
from core.errors import ArchitectureError
from core.i18n import _
from core.model.build import check_outputs
from core.model.presets import get_preset
from core.model.spec_io import load_spec_file
from core.pages import page
from core.runs.run import TrainingRun
from core.training.config import ConfigError, TrainConfig
from core.training.evaluate import evaluate_run
from core.training.recipes import RECIPE_DATASETS, fast_recipe

# With no --spec, a preset trains with its fast recipe (core.training.recipes) where it has
# one: with no --preset, the fast MNIST model reaches ~99% test accuracy in about 15 s.


def add_train_arguments(parser: argparse.ArgumentParser) -> None:
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--preset", help=_("a preset name (default: mnist_fast, fast settings)"))
    source.add_argument("--spec", help=_("a spec JSON file saved from the builder"))
    source.add_argument(
        "--exercise",
        help=_(
            "a course exercise's id (see `exercises`): its model, data, batch size, "
            "optimizer and epochs; other options override them"
        ),
    )
    parser.add_argument(
        "--dataset", help=_("dataset name (default: the preset's recipe's, else mnist)")
    )
    parser.add_argument("--epochs", type=int)
    parser.add_argument("--batch-size", type=int)
    add_optimizer_arguments(parser)
    parser.add_argument("--augment", help=_("an augmentation pipeline JSON file"))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", help=_("folder for the run folder (default: the lab's runs/)"))
    parser.add_argument("--limit", type=int, help=_("train on only N training images"))
    parser.add_argument(
        "--init-from",
        help=_(
            "a run folder: start every layer but the last from its weights (001: model B "
            "on model A; make the spec with a new output layer)"
        ),
    )
    parser.add_argument("--early-stopping", type=int, help=_("patience in epochs"))
    parser.add_argument(
        "--val-fraction",
        type=float,
        help=_(
            "share of the training images held out for validation (default 0.1); 0 trains on "
            "all of them and checks each epoch on the test set, as Keras's validation_data"
        ),
    )
    parser.add_argument(
        "--scaling",
        choices=list(SCALINGS),
        help=_("how pixels become the input: standardize (default), divide_255 or none (raw)"),
    )
    parser.add_argument(
        "--classes",
        type=lambda text: [name.strip() for name in text.split(",") if name.strip()],
        help=_("some classes only, comma-separated (001's model B: 'Sandal,Shirt')"),
    )
    parser.add_argument("--per-class", type=int, help=_("at most N training images per class"))
    parser.add_argument("--json", action="store_true", help=_("last stdout line: JSON results"))


def _exercise_settings(exercise_id: str) -> dict[str, Any]:
    """A train exercise's settings, e.g. 004's MNIST CNN: Adam, batch 200, 7 epochs."""
    try:
        item = exercise(exercise_id)
    except KeyError as error:
        raise ConfigError(error.args[0]) from None
    if item.kind != "train":
        raise ConfigError(
            _("The exercise {exercise} happens on the {page} page, not in training.").format(
                exercise=repr(exercise_id), page=_(page(item.page).title)
            )
        )
    return dict(item.settings)


def _config(args: argparse.Namespace) -> TrainConfig:
    # A preset with a fast recipe trains with it unless flags say otherwise.
    values: dict[str, Any] = {} if args.spec else fast_recipe(args.preset or "mnist_fast")
    if args.exercise:
        values = _exercise_settings(args.exercise)
        args.dataset = values.pop("dataset", args.dataset)
        if "preset" not in values:  # 001's model A and B: the builder's model and a run
            raise ConfigError(
                _(
                    "The exercise {exercise} trains a model it puts in Build a CNN: set it "
                    "up on the Course page, or save that model and use --spec."
                ).format(exercise=repr(args.exercise))
            )
        args.preset = values.pop("preset")
        values.pop("race", None)  # the Race tab's contestants: the page's, not a run's
        if args.limit is None:
            args.limit = values.pop("train_limit", None)
        values.pop("train_limit", None)
    for name in (
        "epochs",
        "batch_size",
        "early_stopping",
        "init_from",
        "val_fraction",
        "scaling",
        "classes",
        "per_class",
    ):
        if getattr(args, name) is not None:
            values[name] = getattr(args, name)
    values.update(optimizer_values(args))
    if args.augment:
        values["augment"] = json.loads(Path(args.augment).read_text())
    preset = None if args.spec else (args.preset or "mnist_fast")
    args.dataset = args.dataset or RECIPE_DATASETS.get(preset or "", "mnist")
    return TrainConfig(
        dataset=args.dataset, preset=preset, seed=args.seed, train_limit=args.limit, **values
    )


def _check_dataset(name: str) -> None:
    if name not in list_datasets():
        known = ", ".join(list_datasets())
        how = _("Known datasets: {names}.").format(names=known)
        raise DatasetUnavailable(name, how, _("unknown"))
    if not is_available(name):
        how = BUILTIN[name].how_to_get if name in BUILTIN else get_info(name).how_to_get
        raise DatasetUnavailable(name, _(how), _("no local copy"))


def _train(args: argparse.Namespace) -> int:
    from core.training.callbacks import ProgressBar  # lazy: it imports torch

    config = _config(args)
    spec = load_spec_file(args.spec) if args.spec else get_preset(args.preset or "mnist_fast")
    _check_dataset(config.dataset)
    info = get_info(config.dataset)
    check_outputs(spec, len(config.classes or info.classes))  # before any epoch, as the page
    if not info.builtin and tuple(info.input_shape) != tuple(spec.input_shape):
        have, want = ("x".join(map(str, s)) for s in (info.input_shape, spec.input_shape))
        print(
            _(
                "note: {dataset}'s photos ({have} most often) are resized to the model's "
                "input {want}, in training and wherever the run is used."
            ).format(dataset=info.title, have=have, want=want),
            file=sys.stderr,
        )
    root = Path(args.out) if args.out else None
    run = TrainingRun(spec, config, root=root, callbacks=[ProgressBar()])
    run.start()
    try:
        while run.alive:
            run.join(0.2)
    except KeyboardInterrupt:
        print(_("stopping after this batch..."), file=sys.stderr)
        run.stop()
        run.join()
    if run.status == "failed":
        print(_("error: {error}").format(error=run.error), file=sys.stderr)
        return 1
    snapshot = run.snapshot()
    try:
        evaluation = evaluate_run(run.run_dir)
    except ValueError as error:  # no test images: the run itself is fine
        evaluation = None
        print(_("note: {text}").format(text=error), file=sys.stderr)
    result = {
        "test_accuracy": evaluation.accuracy if evaluation else None,
        "val_accuracy": snapshot.best_val_acc,
        "train_accuracy": snapshot.epochs[-1]["train_acc"] if snapshot.epochs else None,
        "epochs": len(snapshot.epochs),
        "seconds": round(sum(e["seconds"] for e in snapshot.epochs), 3),
        "device": run.device,
        "run_dir": str(run.run_dir),
    }
    tested = (
        _("test accuracy {accuracy:.4f} ({count} images)").format(
            accuracy=evaluation.accuracy, count=evaluation.count
        )
        if evaluation
        else _("no test accuracy")
    )
    print(_("{tested}; run folder {folder}").format(tested=tested, folder=run.run_dir))
    if args.json:
        print(json.dumps(result))
    return 0 if run.status in ("finished", "stopped") else 1


def _evaluate(args: argparse.Namespace) -> int:
    evaluation = evaluate_run(Path(args.run_dir), args.split, args.limit)
    if args.json:
        data = evaluation.to_json()
        data["mistakes"] = data["mistakes"][:20]  # the top losses; all are in evaluation.json
        data["run_dir"] = args.run_dir
        print(json.dumps(data))
        return 0
    print(
        _("accuracy {accuracy:.4f} on {count} {split} images").format(
            accuracy=evaluation.accuracy, count=evaluation.count, split=evaluation.split
        )
    )
    print(f"{'class':<16}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>9}")
    for row in evaluation.per_class:
        print(
            f"{row['class'][:15]:<16}{row['precision']:>10.4f}{row['recall']:>10.4f}"
            f"{row['f1']:>10.4f}{row['support']:>9}"
        )
    return 0


def _guarded(action: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run a command; a known problem becomes one line on stderr and exit status 1."""

    try:
        return action(args)
    except ArchitectureError as error:
        print(_("error: {error}").format(error=error.describe()), file=sys.stderr)
    except (DatasetUnavailable, ConfigError, AugmentError, OSError, ValueError) as error:
        print(_("error: {error}").format(error=error), file=sys.stderr)
    return 1


def run_train(args: argparse.Namespace) -> int:
    return _guarded(_train, args)


def run_evaluate(args: argparse.Namespace) -> int:
    return _guarded(_evaluate, args)
