"""`export-run`, `import-run` and `export-onnx`: work in and out of the lab from a terminal."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from core.i18n import _


def add_portable_commands(command: Callable[..., argparse.ArgumentParser]) -> None:
    """The three commands, on `command(name, help=...)` (core.cli.main's subparser factory)."""
    export = command("export-run", help=_("save a run (and a model spec) as one .cnnlab file"))
    export.add_argument("run_dir", help=_("a run folder (see the lab's runs/ folder)"))
    export.add_argument("--out", help=_("the file to write (default: <run name>.cnnlab)"))
    export.add_argument("--spec", help=_("a builder's spec JSON file to put in the bundle too"))
    export.set_defaults(handler=run_export)

    restore = command("import-run", help=_("restore a .cnnlab file into the lab's run history"))
    restore.add_argument("bundle", help=_("a .cnnlab file"))
    restore.add_argument("--json", action="store_true", help=_("print JSON"))
    restore.set_defaults(handler=run_import)

    onnx = command("export-onnx", help=_("save a trained run as an ONNX model (opens in Netron)"))
    onnx.add_argument("run_dir", help=_("a run folder (see the lab's runs/ folder)"))
    onnx.add_argument("--out", help=_("the file to write (default: <run folder>/model.onnx)"))
    onnx.set_defaults(handler=run_export_onnx)


def _error(error: object) -> int:
    print(_("error: {error}").format(error=error), file=sys.stderr)
    return 2


def run_export(args: argparse.Namespace) -> int:
    from core.model.spec_io import load_spec_file
    from core.portable.bundle import bundle_file_name, export_bundle

    run_dir = Path(args.run_dir)
    if not run_dir.is_dir():
        return _error(_("no such file or folder: {path}").format(path=run_dir))
    try:
        builder = load_spec_file(args.spec) if args.spec else None
        out = Path(args.out or bundle_file_name(run_dir))
        export_bundle(run_dir, out, builder)
    except (ValueError, OSError) as error:
        return _error(error)
    print(_("saved {out} ({size:.1f} MB)").format(out=out, size=out.stat().st_size / 1e6))
    return 0


def run_import(args: argparse.Namespace) -> int:
    from core.portable.unbundle import import_bundle

    path = Path(args.bundle)
    if not path.is_file():
        return _error(_("no such file or folder: {path}").format(path=path))
    try:
        restored = import_bundle(path)
    except (ValueError, OSError) as error:
        return _error(error)
    if args.json:
        print(
            json.dumps(
                {
                    "run_dir": str(restored.run_dir) if restored.run_dir else None,
                    "name": restored.run_name,
                    "builder": restored.builder.to_json() if restored.builder else None,
                }
            )
        )
    elif restored.run_dir is not None:
        print(
            _("restored {name} into {folder}").format(
                name=restored.run_name, folder=restored.run_dir
            )
        )
    elif restored.builder is not None:
        print(_("the bundle holds a model spec only: {name}").format(name=restored.builder.name))
    return 0


def run_export_onnx(args: argparse.Namespace) -> int:
    from core.portable.bundle import ONNX_FILE
    from core.portable.onnx_export import export_onnx

    run_dir = Path(args.run_dir)
    if not run_dir.is_dir():
        return _error(_("no such file or folder: {path}").format(path=run_dir))
    try:
        out = export_onnx(run_dir, args.out or run_dir / ONNX_FILE)
    except (ValueError, OSError, ImportError) as error:
        return _error(error)
    print(_("saved {out}: open it in Netron (netron.app) to see the graph").format(out=out))
    return 0
