"""How much memory a step may use, checked before it reads a whole input into memory.

``check_memory`` estimates what reading some files will take (their size times a factor per
format: text is held as bytes, decoded text and columns; Parquet is compressed) and refuses,
with the size and a way out, when that exceeds the memory available to this process (the
system's available memory, or what an address-space limit leaves, whichever is smaller).
"""

from __future__ import annotations

import os
import resource
from collections.abc import Iterable
from pathlib import Path

from simulacra.errors import SourceError

__all__ = ["FACTORS", "available_memory", "check_memory", "human_size"]

#: Memory needed per byte on disk, by suffix (default 4).
FACTORS = {".parquet": 6.0, ".db": 2.0, ".sqlite": 2.0, ".sqlite3": 2.0, ".duckdb": 3.0, ".ddb": 3.0}

WAY_OUT = (
    "read a sample of it (for example `head -n 1000000 FILE > sample.csv`), load it into a database and read "
    "the tables you need, or use a machine with more memory"
)


def human_size(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if n < 1024 or unit == "TB":
            return f"{n:,.0f} {unit}" if unit == "B" else f"{n:,.1f} {unit}"
        n /= 1024
    return f"{n:,.1f} TB"  # pragma: no cover


def _meminfo(key: str) -> int | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def _vm_size() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def available_memory() -> int | None:
    """Bytes this process can still allocate (None when unknown)."""
    avail = _meminfo("MemAvailable")
    if avail is None:
        try:
            avail = int(os.sysconf("SC_AVPHYS_PAGES")) * int(os.sysconf("SC_PAGE_SIZE"))
        except (ValueError, OSError, AttributeError):
            avail = None
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    if soft != resource.RLIM_INFINITY and soft > 0:
        left = max(soft - _vm_size(), 0)
        avail = left if avail is None else min(avail, left)
    return avail


def check_memory(paths: Iterable[Path], *, way_out: str = WAY_OUT) -> None:
    """SourceError when reading ``paths`` whole would need more memory than is available."""
    files = [p for p in paths if p.is_file()]
    if not files:
        return
    need = 0.0
    for p in files:
        try:
            need += p.stat().st_size * FACTORS.get(p.suffix.lower(), 4.0)
        except OSError:
            continue
    avail = available_memory()
    if avail is None or need <= avail:
        return
    size = sum(p.stat().st_size for p in files)
    what = str(files[0]) if len(files) == 1 else f"{files[0].parent} ({len(files)} files)"
    raise SourceError(
        f"{what}: {human_size(size)} on disk needs about {human_size(need)} of memory to read and "
        f"{human_size(avail)} is available; {way_out}"
    )
