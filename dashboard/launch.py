"""`cnnlab`: start the lab from any folder, on Linux, macOS or Windows (the installed wheel's
command; scripts/start.sh calls it in a checkout).

    cnnlab                                       # this computer only: http://localhost:8501
    cnnlab --port 8502
    cnnlab --classroom [--cert CERT.pem --key KEY.pem]    # a class on this network
    cnnlab train --preset mnist_fast             # any `python -m core` command

The lab's Streamlit settings (.streamlit/config.toml: loopback only, no usage statistics, no
tracebacks for students, the theme) travel as command-line options, so they hold whatever
folder the command starts in.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tomllib
from pathlib import Path

from core.i18n import _
from core.paths import FILES_DIR

APP = Path(__file__).resolve().with_name("app.py")
CONFIG = FILES_DIR / ".streamlit" / "config.toml"
DEFAULT_PORT = 8501
# The server's environment, unless set already. Two glibc arenas, not one per thread: thirty
# students' trainings and uploads left 350 MB in per-thread arenas after a class (+31 MB with
# two, and no slower; bench/class_load.py). MALLOC_MMAP_THRESHOLD_=1 MB also gave the memory
# back, but trained 55% slower. Other C libraries ignore the variable.
SERVER_ENV = {"MALLOC_ARENA_MAX": "2"}


def streamlit_options(config: Path = CONFIG) -> list[str]:
    """The lab's Streamlit settings as options: `--server.headless true`, ..."""
    options = []
    for section, values in tomllib.loads(config.read_text(encoding="utf-8")).items():
        for key, value in values.items():
            text = str(value).lower() if isinstance(value, bool) else str(value)
            options += [f"--{section}.{key}", text]
    return options


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cnnlab",
        description=_(
            "Start CNN Lab in the browser (other options go to Streamlit; `cnnlab train`, "
            "`cnnlab summary` ... run `python -m core` commands)."
        ),
    )
    parser.add_argument(
        "--classroom",
        action="store_true",
        help=_("serve a class on this network: students join with the class code"),
    )
    parser.add_argument(
        "--port", type=int, default=int(os.environ.get("CNNLAB_PORT") or DEFAULT_PORT)
    )
    parser.add_argument(
        "--cert", help=_("HTTPS certificate (PEM) for a class: phone cameras need it")
    )
    parser.add_argument("--key", help=_("the certificate's private key (PEM)"))
    return parser


def _port(args: argparse.Namespace, extra: list[str]) -> int:
    """The port Streamlit will use: a `--server.port` among the extra options wins."""
    for index, option in enumerate(extra[:-1]):
        if option == "--server.port":
            return int(extra[index + 1])
    return int(args.port)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and not argv[0].startswith("-"):  # `cnnlab train ...`: the engine's CLI
        from core.cli.main import main as core_main

        return core_main(argv)
    args, extra = _parser().parse_known_args(argv)
    if bool(args.cert) != bool(args.key):
        print(_("--cert and --key go together."), file=sys.stderr)
        return 2
    port = _port(args, extra)
    env = {**SERVER_ENV, **os.environ}
    command = [sys.executable, "-m", "streamlit", "run", str(APP), *streamlit_options()]
    command += ["--server.port", str(port)]
    if args.classroom:
        env["CNNLAB_CLASSROOM"] = "1"
        command += ["--server.address", "0.0.0.0"]
        if args.cert:
            command += ["--server.sslCertFile", args.cert, "--server.sslKeyFile", args.key]
        https = ["--https"] if args.cert else []
        lines = [sys.executable, "-m", "core", "classroom", "--port", str(port), *https]
        subprocess.run(lines, env=env, check=False)  # the class code and addresses
    if os.name == "posix":
        # Streamlit takes this process's place: a stop signal (kill, a service manager) then
        # reaches the server itself, which a child process would outlive, port and all.
        os.execve(sys.executable, [*command, *extra], env)
    try:  # Windows replaces no process: Streamlit runs as a child, Ctrl+C reaching both
        return subprocess.call([*command, *extra], env=env)
    except KeyboardInterrupt:  # no traceback for the teacher
        return 130


if __name__ == "__main__":
    sys.exit(main())
