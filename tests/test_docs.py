"""Every command in README.md and docs/ still works as written: the docs cannot rot.

A command is a line of a ```bash block, or an inline `code` span that starts like one
(`.venv/bin/...`, `python -m ...`, `bash scripts/...`). Each is checked by what it names:
a `python -m` module or CLI command answers `--help` and knows every option the docs give
it (and a named choice such as a bench's `cifar10_cpu`), a script exists and handles its
options, a requirements file or test folder exists. The two main commands run in full
elsewhere: `bash scripts/test.sh` is CI itself, `bash scripts/start.sh` (also
`--classroom`) is tests/e2e/test_start_command.py. A form this file does not know fails,
so a new kind of command in the docs gets its check here.
"""

from __future__ import annotations

import functools
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
COMMAND_START = re.compile(
    r"^(?:[A-Z_]+=\S+\s+)*(?:\.venv/bin/|python |bash scripts/|cnnlab(?:\s|$))"
)
# Ray's own CLI comes with the optional extra (requirements-ray.txt), not the default install.
NOT_INSTALLED_HERE = {".venv/bin/ray"}
PLACEHOLDER = "PLACEHOLDER"  # what the docs write as <run folder>, <ID>…


def _block_lines(text: str) -> list[str]:
    lines, inside = [], False
    for line in text.splitlines():
        if line.strip().startswith("```"):
            inside = line.strip() == "```bash"
            continue
        if inside:
            lines.append(line)
    return lines


def _commands(text: str) -> list[str]:
    """The commands of one document, comments and continuations resolved."""
    found, pending = [], ""
    for line in _block_lines(text):
        line = pending + line.strip()
        if line.endswith("\\"):
            pending = line[:-1] + " "
            continue
        pending = ""
        line = re.sub(r"\s+#.*$", "", line).strip()
        if line and not line.startswith("#"):
            found.append(line)
    found += [span for span in re.findall(r"`([^`\n]+)`", text) if COMMAND_START.match(span)]
    return found


def all_commands() -> list[tuple[str, str]]:
    return [
        (doc.relative_to(ROOT).as_posix(), command)
        for doc in DOCS
        for command in dict.fromkeys(_commands(doc.read_text(encoding="utf-8")))
    ]


@functools.cache
def _output(*argv: str) -> str:
    """What `python *argv` prints (cached: several commands ask the same)."""
    done = subprocess.run(
        [sys.executable, *argv], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, f"{' '.join(argv)} failed:\n{done.stderr[-2000:]}"
    return done.stdout


def _help(*argv: str) -> str:
    return _output(*argv, "--help")


def _options(words: list[str]) -> list[str]:
    return [w.split("=", 1)[0] for w in words if re.fullmatch(r"--?[A-Za-z][\w-]*(=.*)?", w)]


def _check_module(module: str, words: list[str]) -> None:
    if module.startswith("bench."):  # its source names its options: no need to import torch
        text = (ROOT / (module.replace(".", "/") + ".py")).read_text()
        if not all(f'"{option}"' in text for option in _options(words)):
            text += _help("-m", module)  # an option a helper module adds
    else:
        text = _help("-m", module)
    choices = {c for group in re.findall(r"\{([\w,-]+)\}", text) for c in group.split(",")}
    # the subcommand: the first choice that is not an option's value (`--lang ko train`)
    commands = [
        word
        for i, word in enumerate(words)
        if word in choices and (i == 0 or not words[i - 1].startswith("-"))
    ]
    command = commands[0] if commands else None
    if command is not None and module == "core":
        text += _help("-m", module, command)
    for option in _options(words):
        assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", text), (
            f"`python -m {module}` does not know {option}"
        )
    for i, word in enumerate(words[1:], start=1):  # a preset or exercise the docs name
        if words[i - 1] in ("--preset", "--exercise") and word != PLACEHOLDER:
            listed = _output("-m", "core", words[i - 1].lstrip("-") + "s").split()
            assert word in listed, f"there is no {words[i - 1]} {word}"
    if command == "lessons":  # a lesson the docs name: one `python -m core lessons` lists
        named = [w for w in words[words.index("lessons") + 1 :] if re.fullmatch(r"\d+", w)]
        listed = [line.split("\t")[0] for line in _output("-m", "core", "lessons").splitlines()]
        assert set(named) <= set(listed), f"there is no lesson {named}"
    if module.startswith("bench."):  # a bench's named choice, e.g. "cifar10_cpu"
        source = (ROOT / (module.replace(".", "/") + ".py")).read_text()
        for i, word in enumerate(words):
            positional = i == 0 or not words[i - 1].startswith("-")
            if positional and re.fullmatch(r"[a-z][a-z0-9_]+", word):
                assert f'"{word}"' in source, f"`{module}` has no choice {word}"


def check(command: str) -> None:
    """Assert that `command` works as the docs write it (see the module's docstring)."""
    words = shlex.split(re.sub(r"<[^>]*>", PLACEHOLDER, command))
    while words and re.fullmatch(r"[A-Z_]+=\S*", words[0]):
        words.pop(0)  # an environment variable for that command
    program, rest = words[0], words[1:]
    if program in NOT_INSTALLED_HERE:
        assert (ROOT / "requirements-ray.txt").is_file()
    elif program == "bash":
        script = ROOT / rest[0]
        assert script.is_file(), f"{rest[0]} is missing"
        for option in _options(rest[1:]):
            assert option in script.read_text(), f"{rest[0]} does not handle {option}"
    elif program in (".venv/bin/python", "python") and rest[:1] == ["-m"]:
        module, args = rest[1], rest[2:]
        if module == "pip":
            for i, word in enumerate(args):
                if word == "-r":
                    assert (ROOT / args[i + 1]).is_file(), f"{args[i + 1]} is missing"
        else:
            _check_module(module, args)
    elif program in (".venv/bin/python", "python") and rest[0].endswith(".py"):
        script = ROOT / rest[0]  # a script that takes no options (it runs for minutes)
        assert script.is_file(), f"{rest[0]} is missing"
        compile(script.read_text(), str(script), "exec")
        assert rest[1:] == [], f"{rest[0]} takes no options"
    elif program in (".venv/bin/cnnlab", "cnnlab"):  # the lab's command, or a core command
        if rest and not rest[0].startswith("-"):
            _check_module("core", rest)
        else:
            text = _help("-m", "dashboard.launch")
            for option in _options(rest):
                assert option in text, f"cnnlab does not know {option}"
    elif program in (".venv/bin/python", "python") and rest[:2] == ["-m", "venv"]:
        assert rest[2:] == [".venv"], "the docs make the environment .venv"
    elif program == ".venv/bin/pybabel":
        text = _help("-m", "babel.messages.frontend", rest[0])
        for option in _options(rest[1:]):
            assert option in text, f"pybabel {rest[0]} does not know {option}"
    elif program == ".venv/bin/pytest":
        for word in rest:
            if word.startswith("tests"):
                assert (ROOT / word).exists(), f"{word} is missing"
    else:
        raise AssertionError(f"no check for this kind of command yet: {command}")


@pytest.mark.parametrize(("doc", "command"), all_commands())
def test_a_command_in_the_docs_works_as_written(doc: str, command: str) -> None:
    check(command)


def test_the_docs_have_their_commands_and_a_wrong_one_is_caught() -> None:
    found = {command for _doc, command in all_commands()}
    assert {"bash scripts/start.sh", "bash scripts/test.sh"} <= found
    assert any("bench.upload_memory" in command for command in found)
    for wrong in (
        ".venv/bin/python -m core train --epoch 3",  # a misspelt option
        ".venv/bin/python -m bench.bench_time_to_accuracy cifar11",  # no such choice
        "bash scripts/start.sh --clasroom",
        ".venv/bin/cnnlab --clasroom",
        ".venv/bin/cnnlab train --epoch 3",
        ".venv/bin/python -m pip install -r requirements-gpu.txt",
        ".venv/bin/python -m core lessons 005",  # no such lesson
    ):
        with pytest.raises(AssertionError):
            check(wrong)


def test_every_link_and_image_in_the_docs_is_there() -> None:
    """Relative links and images (the guides' screenshots, docs/*.md) point at real files."""
    missing = []
    for doc in DOCS:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", doc.read_text(encoding="utf-8")):
            if not re.match(r"[a-z]+://", target) and not (doc.parent / target).exists():
                missing.append(f"{doc.relative_to(ROOT)}: {target}")
    assert missing == []
    guides = [ROOT / "docs" / f"teacher-guide.{language}.md" for language in ("en", "ko")]
    images = [re.findall(r"!\[[^]]*\]\(([^)]+)\)", g.read_text(encoding="utf-8")) for g in guides]
    assert len(images[0]) >= 5 and [i.replace(".en.", ".ko.") for i in images[0]] == images[1]
