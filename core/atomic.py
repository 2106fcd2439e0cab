"""One atomic writer: write to a temporary name beside the target, then rename over it.

A reader (another session, a restarted server) never sees half a file, and a failed write
(a full disk, an exception while serialising) leaves no temporary file behind.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path to write; it replaces `path` only when the block ends without error.

    The temporary name keeps the target's suffix (np.save would otherwise add ".npy") and is
    unique per process and thread, so two writers of the same file never clash.
    """
    path = Path(path)
    temp = path.with_name(f".{path.stem}.{os.getpid()}.{threading.get_ident()}.tmp{path.suffix}")
    try:
        yield temp
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
