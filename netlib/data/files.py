"""Atomic file writes: a reader (or a killed process) sees the old file or the new one, never
half of one.

The bytes go to a temporary file in the same folder, are flushed to disk (``fsync``), and the
temporary file is renamed over the target with :func:`os.replace`, which POSIX and Windows
make atomic within one file system.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def atomic_write(path: str | os.PathLike[str], write: Callable[[Path], object]) -> Path:
    """Call ``write(tmp)`` to produce the file at a temporary path, then rename it to ``path``.

    If ``write`` fails (or the process is interrupted before the rename), ``path`` is
    untouched and the temporary file is removed when Python still can.
    """
    path = Path(path)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def atomic_write_text(path: str | os.PathLike[str], text: str) -> Path:
    """:func:`atomic_write` of UTF-8 text (``\\n`` line ends kept as given)."""
    return atomic_write(path, lambda tmp: tmp.write_bytes(text.encode("utf-8")))
