"""`python -m core finetune` and `python -m core predict`: transfer learning in a terminal.

    python -m core finetune --data monkey_vs_human/train --out monkey_or_human.pt
    python -m core predict --model monkey_or_human.pt photo.jpg --json
    python -m core predict --model imagenet baboon.jpg          # the backbone's ImageNet head

Fine-tuning goes through the same `TrainingRun` as the page (a run folder the "Test a
photo" page lists), with the epoch log on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from core.cli.options import add_optimizer_arguments, optimizer_values
from core.data.custom import list_custom
from core.data.datasets import BUILTIN
from core.i18n import _
from core.training.config import ConfigError

if TYPE_CHECKING:
    from core.transfer.data import PhotoSet

# Literal names so that building the parser imports no torch (a test keeps them in step
# with core.transfer.backbones.BACKBONES and core.transfer.net.STRATEGIES).
BACKBONE_NAMES = (
    "efficientnet_lite0",
    "resnet18",
    "resnet50",
    "mobilenet_v3_small",
    "mobilenet_v3_large",
)
STRATEGY_NAMES = ("head", "partial", "full")
DEFAULT_BACKBONE = BACKBONE_NAMES[0]


def add_finetune_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data",
        required=True,
        help=_(
            "a folder of class subfolders of photos, the name of a dataset imported in the "
            "lab, or mnist / fashion_mnist / cifar10 (100 training images per class)"
        ),
    )
    parser.add_argument("--backbone", default=DEFAULT_BACKBONE, choices=BACKBONE_NAMES)
    parser.add_argument(
        "--strategy",
        default="head",
        choices=STRATEGY_NAMES,
        help=_("head (default, fast), partial (last N blocks) or full"),
    )
    parser.add_argument("--blocks", type=int, default=2, help=_("partial: how many last blocks"))
    parser.add_argument(
        "--two-phase",
        type=int,
        default=0,
        metavar="EPOCHS",
        help=_("partial/full: train the head this many epochs first"),
    )
    parser.add_argument(
        "--recipe",
        choices=("lab", "course"),
        default="lab",
        help=_(
            "course: 000's ResNet18 recipe (Adam, lr 1e-5, StepLR(3, 0.5), 10 epochs); "
            "lab: fast defaults per strategy"
        ),
    )
    parser.add_argument("--epochs", type=int)
    add_optimizer_arguments(parser)
    parser.add_argument("--batch-size", type=int)
    parser.add_argument("--val-split", type=float, help=_("fraction held out (default 0.2)"))
    parser.add_argument("--limit", type=int, help=_("use only N photos (validation included)"))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", help=_("save the fine-tuned model here (default: in the run)"))
    parser.add_argument("--json", action="store_true", help=_("last stdout line: JSON results"))


def add_predict_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--model", required=True, help=_("a fine-tuned .pt file, a run folder, or 'imagenet'")
    )
    parser.add_argument(
        "--backbone",
        default=DEFAULT_BACKBONE,
        choices=BACKBONE_NAMES,
        help=_("with --model imagenet: which backbone"),
    )
    parser.add_argument(
        "--top", type=int, default=3, help=_("how many classes (default 3, as 001)")
    )
    parser.add_argument("images", nargs="+", help=_("photo files"))
    parser.add_argument("--json", action="store_true", help=_("print JSON"))


def _photos(data: str) -> PhotoSet:
    from core.transfer.data import (  # lazy: it imports torch
        photos_from_dataset,
        photos_from_folder,
        readable,
    )

    if not Path(data).is_dir() and (data in list_custom() or data in BUILTIN):
        photos = photos_from_dataset(data)
    else:
        photos = photos_from_folder(data)
    photos = readable(photos)
    for path, reason in photos.skipped:
        print(
            _("warning: skipped {path}: {reason}").format(path=path, reason=reason), file=sys.stderr
        )
    return photos


def run_finetune(args: argparse.Namespace) -> int:
    from core.training.callbacks import ProgressBar  # lazy: it imports torch
    from core.transfer.backbones import BackboneUnavailable  # lazy: it imports torch
    from core.transfer.finetune import (  # lazy: it imports torch
        COURSE_RECIPE,
        default_config,
        export_run,
        make_run,
    )
    from core.transfer.net import TransferSpec  # lazy: it imports torch

    try:
        photos = _photos(args.data)
        # The recipe first; any setting given on the command line wins over it.
        settings = {**(COURSE_RECIPE if args.recipe == "course" else {}), **optimizer_values(args)}
        if args.epochs is not None:
            settings["epochs"] = args.epochs
        config = default_config(
            args.strategy,
            photos.name,
            **settings,
            batch_size=args.batch_size,
            val_fraction=args.val_split,
            seed=args.seed,
            train_limit=args.limit,
        )
        spec = TransferSpec(
            args.backbone,
            tuple(photos.classes),
            args.strategy,
            args.blocks,
            two_phase=args.two_phase,
        )
        run = make_run(spec, photos, config, callbacks=(ProgressBar(),))
    except (BackboneUnavailable, ConfigError, ValueError, FileNotFoundError) as error:
        print(_("error: {error}").format(error=error), file=sys.stderr)
        return 2
    print(
        _("{photos} photos in {count} classes: {classes}; {backbone}, strategy {strategy}").format(
            photos=len(photos),
            count=len(photos.classes),
            classes=", ".join(photos.classes),
            backbone=spec.backbone,
            strategy=spec.strategy,
        ),
        file=sys.stderr,
    )
    started = time.perf_counter()
    run.start()
    try:
        while run.alive:
            run.join(0.5)
    except KeyboardInterrupt:
        run.stop()
        run.join()
    snap = run.snapshot()
    if run.status == "failed" or not snap.epochs:
        print(
            _("error: {error}").format(error=run.error or _("no epoch finished")), file=sys.stderr
        )
        return 1
    out = export_run(run.run_dir, args.out or run.run_dir / "model.pt")
    seconds = [e["seconds"] for e in snap.epochs]
    result = {
        "out": str(out),
        "run_dir": str(run.run_dir),
        "classes": photos.classes,
        "photos": len(photos),
        "skipped": len(photos.skipped),
        "status": run.status,
        "best_val_acc": snap.best_val_acc,
        "best_epoch": snap.best_epoch,
        "epochs": len(snap.epochs),
        "seconds_per_epoch": sum(seconds) / len(seconds),
        "total_seconds": round(time.perf_counter() - started, 3),
    }
    print(
        _("best validation accuracy {accuracy:.2%} (epoch {epoch}); saved {out}").format(
            accuracy=snap.best_val_acc, epoch=snap.best_epoch, out=out
        )
    )
    if args.json:
        print(json.dumps(result))
    return 0


def run_predict(args: argparse.Namespace) -> int:
    from core.transfer.backbones import BackboneUnavailable  # lazy: it imports torch
    from core.transfer.inference import load_model, predict_files  # lazy: it imports torch

    try:
        model = load_model(args.model, args.backbone)
    except FileNotFoundError as error:
        missing = error.filename or args.model
        print(_("error: no such file or folder: {path}").format(path=missing), file=sys.stderr)
        return 2
    except (BackboneUnavailable, ValueError, OSError, KeyError) as error:
        text = error.args[0] if isinstance(error, KeyError) and error.args else error
        print(_("error: {error}").format(error=text), file=sys.stderr)
        return 2
    results = predict_files(model, args.images, args.top)
    if args.json:
        print(json.dumps(results))
    else:
        for item in results:
            if "error" in item:
                print(_("{file}: error: {error}").format(file=item["file"], error=item["error"]))
                continue
            top = ", ".join(
                f"{t['wnid'] + ' ' if 'wnid' in t else ''}{t['label']} {t['prob']:.1%}"
                for t in item["top"]
            )
            if item.get("unknown"):
                top = _("neither ({score:.3f} > threshold {threshold:.3f}); softmax: {top}").format(
                    score=item["ood_score"], threshold=item["ood_threshold"], top=top
                )
            print(f"{item['file']}: {top}")
    return 0 if all("top" in item for item in results) else 1
