"""`python -m core`: the lab's engine from the command line, in English or Korean (`--lang ko`,
or a Korean `LANG` such as ko_KR.UTF-8)."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence

from core.cli.portable import add_portable_commands
from core.cli.train import add_train_arguments, run_evaluate, run_train
from core.cli.transfer import (
    add_finetune_arguments,
    add_predict_arguments,
    run_finetune,
    run_predict,
)
from core.course.exercises import listing
from core.errors import ArchitectureError
from core.i18n import LANGUAGES, _, language_from_environment, using_language
from core.model.presets import PRESETS, get_preset
from core.model.spec_io import load_spec_file
from core.model.summary import format_summary, summarize
from core.paths import lab_home


def _spec_from_args(args: argparse.Namespace):
    if args.spec:
        return load_spec_file(args.spec)
    return get_preset(args.preset or "mnist_32_64")


def cmd_summary(args: argparse.Namespace) -> int:
    summary = summarize(_spec_from_args(args))
    print(json.dumps(summary.to_json()) if args.json else format_summary(summary))
    return 0


def cmd_exercises(args: argparse.Namespace) -> int:
    """One line per course exercise: id, document file, section, title (tab-separated)."""
    for line in listing():
        print(line)
    return 0


def cmd_lessons(args: argparse.Namespace) -> int:
    """Without an id, one line per lesson plan; with one, that plan as a teacher's handout."""
    from core.lessons.handout import handout, lesson, listing

    if args.lesson is None:
        for line in listing():
            print(line)
        return 0
    try:
        print(handout(lesson(args.lesson)), end="")
    except KeyError as error:
        print(error.args[0], file=sys.stderr)
        return 2
    return 0


def cmd_presets(args: argparse.Namespace) -> int:
    for preset in PRESETS.values():
        print(f"{preset.name}\t{_(preset.title)}")
    return 0


def cmd_classroom(args: argparse.Namespace) -> int:
    """What the teacher reads out at the start of a class: addresses and code. The teacher's
    password is never among them: a new one is printed once, above and apart from them."""
    from core.classroom.addresses import class_urls
    from core.identity.settings import SECRETS_FILE, class_secrets, ensure_secrets

    for line in _teacher_password_lines(ensure_secrets()):
        print(line)
    print("\n" + "-" * 60 + "\n")
    urls = class_urls(args.port, args.https) or [
        _("(no network found: students cannot reach this computer)")
    ]
    print(_("Students open: {urls}").format(urls="  ".join(urls)))
    print(_("Class code: {code}").format(code=class_secrets().class_code))
    print(
        _("(kept in {file}; CNNLAB_CLASS_CODE and CNNLAB_TEACHER_PASSWORD override them)").format(
            file=lab_home() / SECRETS_FILE
        )
    )
    return 0


def _teacher_password_lines(new_password: str | None) -> list[str]:
    """Where the teacher finds the password; a new one itself, this once."""
    from core.identity.settings import password_path

    file = password_path()
    if new_password:
        return [
            _("For the teacher only, not for the projector:"),
            _("  Teacher's password (new, shown this once): {password}").format(
                password=new_password
            ),
            _("  It is also in {file}, readable by this computer's user only.").format(file=file),
        ]
    if os.environ.get("CNNLAB_TEACHER_PASSWORD"):
        return [_("Teacher's password: the one in CNNLAB_TEACHER_PASSWORD.")]
    if file.is_file():
        return [_("Teacher's password: in {file} (this computer's user only).").format(file=file)]
    return [
        _("Teacher's password: the one made at the first start (delete {file} to make a new class "
          "code and password).").format(file=lab_home() / "classroom.json")
    ]  # fmt: skip


def cmd_train(args: argparse.Namespace) -> int:
    return run_train(args)


def cmd_evaluate(args: argparse.Namespace) -> int:
    return run_evaluate(args)


def cmd_finetune(args: argparse.Namespace) -> int:
    return run_finetune(args)


def cmd_predict(args: argparse.Namespace) -> int:
    return run_predict(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m core", description=_("The lab's engine from the command line.")
    )
    # --lang is read before the parser is built (its help texts are in that language); it is
    # declared here, and after each command, so `--help` shows it and either place works.
    language = argparse.ArgumentParser(add_help=False)
    language.add_argument(
        "--lang",
        choices=tuple(LANGUAGES),
        default=argparse.SUPPRESS,
        help=_("en or ko (default: from LANG)"),
    )
    parser.add_argument("--lang", choices=tuple(LANGUAGES), help=_("en or ko (default: from LANG)"))
    commands = parser.add_subparsers(dest="command", required=True)
    add_parser = commands.add_parser

    def command(name: str, help: str) -> argparse.ArgumentParser:
        return add_parser(name, parents=[language], help=help)

    summary = command("summary", help=_("print a model's Keras-style summary"))
    source = summary.add_mutually_exclusive_group()
    source.add_argument("--preset", help=_("a preset name (see `python -m core presets`)"))
    source.add_argument("--spec", help=_("a spec JSON file saved from the builder"))
    summary.add_argument("--json", action="store_true", help=_("print JSON instead of a table"))
    summary.set_defaults(handler=cmd_summary)

    presets = command("presets", help=_("list the course's models, one per line"))
    presets.set_defaults(handler=cmd_presets)

    exercises = command(
        "exercises", help=_("list the course's exercises: id, document, section, title")
    )
    exercises.set_defaults(handler=cmd_exercises)

    lessons = command(
        "lessons",
        help=_("list the lesson plans (id, document, title, steps, minutes), or print one"),
    )
    lessons.add_argument("lesson", nargs="?", help=_("a lesson's id, e.g. 004: its handout"))
    lessons.set_defaults(handler=cmd_lessons)

    classroom = command(
        "classroom",
        help=_("print the class's addresses and class code (and a new teacher's password once)"),
    )
    classroom.add_argument("--port", type=int, default=8501, help=_("the server's port"))
    classroom.add_argument("--https", action="store_true", help=_("the server uses HTTPS"))
    classroom.set_defaults(handler=cmd_classroom)

    train = command("train", help=_("train a model; prints the test accuracy"))
    add_train_arguments(train)
    train.set_defaults(handler=cmd_train)

    evaluate = command("evaluate", help=_("evaluate a run folder on the test split"))
    evaluate.add_argument("run_dir", help=_("a run folder (see the lab's runs/ folder)"))
    evaluate.add_argument("--split", default="test", help=_("test (default) or train"))
    evaluate.add_argument("--limit", type=int, help=_("evaluate only the first N images"))
    evaluate.add_argument("--json", action="store_true", help=_("print JSON instead of a table"))
    evaluate.set_defaults(handler=cmd_evaluate)

    finetune = command("finetune", help=_("fine-tune a pretrained CNN on your photos"))
    add_finetune_arguments(finetune)
    finetune.set_defaults(handler=cmd_finetune)

    predict = command("predict", help=_("top-k classes of photos (JSON with --json)"))
    add_predict_arguments(predict)
    predict.set_defaults(handler=cmd_predict)

    add_portable_commands(command)
    return parser


def language_in(argv: Sequence[str]) -> str | None:
    """The language `--lang X` or `--lang=X` asks for, wherever it stands (None if absent)."""
    for index, word in enumerate(argv):
        if word == "--lang" and index + 1 < len(argv):
            return argv[index + 1] if argv[index + 1] in LANGUAGES else None
        if word.startswith("--lang="):
            value = word.split("=", 1)[1]
            return value if value in LANGUAGES else None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    with using_language(language_in(argv) or language_from_environment()):
        return _main(argv)


def _main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    if not os.environ.get("CNNLAB_DEBUG"):
        # A failed run logs its traceback for the server's log; in a terminal the command
        # prints one "error:" line instead (CNNLAB_DEBUG=1 shows the traceback).
        logging.getLogger("core").setLevel(logging.ERROR)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except ArchitectureError as error:
        print(_("error: {error}").format(error=error.describe()), file=sys.stderr)
        return 2
