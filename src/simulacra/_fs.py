"""File-system plumbing every package needs: temp folders that name their owner, atomic folder
replacement that never loses the only good copy, and safe removal of what dead runs left behind.

Replacing a folder ``target`` by a finished folder ``new``:

1. On Linux, ``renameat2(RENAME_EXCHANGE)`` swaps the two names in one atomic step: ``target``
   is the old folder or the new one, never missing; the old one, now under the temp name, is
   then deleted.
2. Elsewhere (or on a file system without exchange), a journal ``.<target>.replace-journal``
   naming both folders is written before the first rename and removed after the second. A run
   killed in between leaves the journal; the next run that touches ``target`` (``recover``)
   completes the swap (the new folder is whole: the journal is only written once it is) or,
   if the new folder is gone, puts the old one back. The old copy is deleted only once the
   new one is in place.

Temp folders are named ``.<target>.tmp-<pid>-<random>`` (and ``.old-<pid>-…``), so a later
run can tell those of a dead process (``remove_stale``) from those of a live one, which are
left alone.

Replacing a file: ``atomic_write(path, data)`` writes a temp file beside ``path``, fsyncs it,
gives it its final mode (the umask's, or owner-only with ``private=True``) and renames it into
place; a failure leaves ``path`` as it was and no temp file. It is the one copy of that dance:
outputs, reports, sidecars, de-identified files and mappings all go through it.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

__all__ = [
    "atomic_write",
    "atomic_write_text",
    "exchange",
    "fsync_path",
    "make_temp_dir",
    "process_alive",
    "recover",
    "remove_stale",
    "replace_dir",
]

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_renameat2: object | None = None


def _libc_renameat2() -> object | None:
    global _renameat2
    if _renameat2 is None:
        if not sys.platform.startswith("linux"):
            _renameat2 = False
        else:
            try:
                libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
                fn = libc.renameat2
                fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
                fn.restype = ctypes.c_int
                _renameat2 = fn
            except (OSError, AttributeError):
                _renameat2 = False
    return _renameat2 or None


def exchange(a: Path, b: Path) -> bool:
    """Atomically swap the names ``a`` and ``b`` (both must exist); False when not supported here."""
    fn = _libc_renameat2()
    if fn is None:
        return False
    rc = fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)  # type: ignore[operator]
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, getattr(errno, "EOPNOTSUPP", errno.ENOTSUP)):
        return False
    raise OSError(err, os.strerror(err), str(a), None, str(b))


def fsync_dir(path: Path) -> None:
    fsync_path(path, directory=True)


def fsync_path(path: Path, *, directory: bool = False) -> None:
    """fsync a file or folder, best effort (a file system that cannot is not an error)."""
    flags = os.O_RDONLY | (getattr(os, "O_DIRECTORY", 0) if directory else 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def make_temp_dir(target: Path, kind: str = "tmp") -> Path:
    """A hidden folder beside ``target`` (same file system) named for this process: ``.<name>.<kind>-<pid>-…``."""
    return Path(tempfile.mkdtemp(prefix=f".{target.name}.{kind}-{os.getpid()}-", dir=target.parent))


def process_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return True
    return True


def _journal(target: Path) -> Path:
    return target.parent / f".{target.name}.replace-journal"


def recover(target: Path) -> str | None:
    """Finish or roll back a replacement of ``target`` that a dead process left half done.

    Returns what was done ('completed', 'rolled back', 'cleaned') or None when there was nothing to do
    (or the run that wrote the journal is still alive).
    """
    journal = _journal(target)
    if not journal.is_file():
        return None
    try:
        data = json.loads(journal.read_text(encoding="utf-8"))
        pid = int(data["pid"])
        new = target.parent / str(data["new"])
        old = target.parent / str(data["old"])
    except (OSError, ValueError, KeyError, TypeError):
        return None  # not ours to interpret; leave it
    if new.parent != target.parent or old.parent != target.parent or process_alive(pid):
        return None
    done = "cleaned"
    if not (target.exists() or target.is_symlink()):
        if new.is_dir():
            os.rename(new, target)  # the new folder was complete before the journal was written
            done = "completed"
        elif old.exists():
            os.rename(old, target)
            done = "rolled back"
    fsync_dir(target.parent)
    for leftover in (new, old):
        if leftover.exists() and leftover != target:
            shutil.rmtree(leftover, ignore_errors=True)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(journal)
    return done


_OWNED = re.compile(r"^\.(?P<name>.+)\.(?:tmp|old)-(?P<pid>\d+)-[^/]*$")


def remove_stale(target: Path) -> list[Path]:
    """Remove temp folders beside ``target`` left by dead processes (never those of a live one)."""
    removed: list[Path] = []
    recover(target)
    try:
        entries = list(target.parent.iterdir())
    except OSError:
        return removed
    for entry in entries:
        m = _OWNED.match(entry.name)
        if m is None or m.group("name") != target.name or process_alive(int(m.group("pid"))):
            continue
        if entry.is_symlink() or not entry.is_dir():
            continue
        shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry)
    return removed


def replace_dir(new: Path, target: Path) -> None:
    """Put the finished folder ``new`` at ``target`` in one step; the old ``target`` is deleted only afterwards."""
    recover(target)
    if not (target.exists() or target.is_symlink()):
        os.rename(new, target)
        fsync_dir(target.parent)
        return
    if exchange(new, target):
        fsync_dir(target.parent)
        shutil.rmtree(new, ignore_errors=True)  # `new` now names the old folder
        return
    holder = target.parent / f".{target.name}.old-{os.getpid()}-{os.urandom(4).hex()}"
    journal = _journal(target)
    tmp = journal.with_name(journal.name + f".{os.getpid()}")
    tmp.write_text(json.dumps({"pid": os.getpid(), "new": new.name, "old": holder.name}), encoding="utf-8")
    os.replace(tmp, journal)
    fsync_dir(target.parent)
    os.rename(target, holder)
    try:
        os.rename(new, target)
    except BaseException:
        os.rename(holder, target)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(journal)
        raise
    fsync_dir(target.parent)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(journal)
    shutil.rmtree(holder, ignore_errors=True)


def atomic_write(path: str | Path, data: bytes | str, *, private: bool = False) -> None:
    """Replace ``path`` by ``data`` in one step (temp file beside it, fsync, mode, rename, fsync the folder).

    The file gets the mode the umask grants a new file, or owner read/write only with ``private=True``
    (de-identification mappings). Text is written as UTF-8. The folder must exist.
    """
    from simulacra._perms import PRIVATE_FILE, ordinary

    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.tmp-", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        if private:
            os.chmod(tmp, PRIVATE_FILE)
        else:
            ordinary(tmp, directory=False)  # an output: the umask decides, not mkstemp's 0600
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_path(target.parent, directory=True)


def atomic_write_text(path: str | Path, text: str) -> None:
    """``atomic_write`` for text (UTF-8)."""
    atomic_write(path, text)
