"""Permissions of what simulacra writes: outputs respect the umask; sensitive files stay private.

Temporary files and folders (``mkstemp`` 0600, ``mkdtemp`` 0700) become outputs by rename, so
each writer calls :func:`ordinary` on them before the rename: an output file gets
``0666 & ~umask`` and a folder ``0777 & ~umask``, like any file a user's tools make.
De-identification mappings (original -> surrogate) are the exception: they stay 0600.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

__all__ = ["PRIVATE_FILE", "current_umask", "ordinary"]

#: the mode of sensitive files (de-identification mappings): owner read/write only
PRIVATE_FILE = 0o600

_lock = threading.Lock()


def current_umask() -> int:
    """The process umask (read by setting it and putting it back, under a lock)."""
    with _lock:
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def ordinary(path: str | Path, *, directory: bool | None = None) -> None:
    """Give ``path`` the mode the umask grants a new file (or folder); folders inside are left as they are."""
    p = Path(path)
    is_dir = p.is_dir() if directory is None else directory
    os.chmod(p, (0o777 if is_dir else 0o666) & ~current_umask())
