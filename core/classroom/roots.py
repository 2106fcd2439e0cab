"""Server folders are the teacher's: importing from a path on the server is for the teacher
(or the one local user) only, and only under the configured roots, never /etc or another
user's home through `..` or a symbolic link.

`CNNLAB_IMPORT_ROOTS` lists the roots (separated by `:`); by default the lab's home and the
course's shared datasets, plus, on one person's computer, that person's home folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from core.i18n import _
from core.identity.people import Actor, NotAllowed
from core.identity.settings import classroom_mode
from core.paths import PROJECT_ROOT, lab_home


def import_roots() -> list[Path]:
    configured = os.environ.get("CNNLAB_IMPORT_ROOTS", "").strip()
    if configured:
        return [Path(p).expanduser().resolve() for p in configured.split(os.pathsep) if p]
    roots = [lab_home(), (PROJECT_ROOT.parent / "shared" / "datasets").resolve()]
    if not classroom_mode():
        roots.append(Path.home().resolve())
    return roots


def server_path(path: str | Path, actor: Actor) -> Path:
    """`path` resolved (links and `..` followed), if `actor` may import from it."""
    if not actor.is_teacher:
        raise NotAllowed(
            _("Only the teacher imports folders from the server: upload your photos or a zip.")
        )
    resolved = Path(path).expanduser().resolve()
    roots = import_roots()
    if not any(resolved == root or resolved.is_relative_to(root) for root in roots):
        raise NotAllowed(
            _("{path} is outside the folders the lab may read ({roots}).").format(
                path=resolved, roots=", ".join(str(r) for r in roots)
            )
        )
    return resolved
