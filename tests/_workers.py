"""How many pytest-xdist workers `make test` starts (``-n auto``).

xdist's own ``auto`` counts the host's physical cores through psutil, which in a container or a CI runner can be
far more than the cores this process may use: dozens of workers on two cores slow the suite down and can run it out
of memory. Here the count is the cores this process may run on (CPU affinity, then the cgroup's CPU quota), capped so
each worker has at least ``GIB_PER_WORKER`` of memory. ``PYTEST_XDIST_AUTO_NUM_WORKERS`` still overrides it.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

GIB_PER_WORKER = 4  # the heaviest tests (Dask clusters, learned databases, a browser) stay well under this


def cgroup_cpu_limit(text: str) -> float | None:
    """Cores allowed by a cgroup v2 ``cpu.max`` line (``"200000 100000"`` → 2.0); None when unlimited."""
    parts = text.split()
    if len(parts) != 2 or parts[0] == "max":
        return None
    quota, period = int(parts[0]), int(parts[1])
    return quota / period if quota > 0 and period > 0 else None


def meminfo_total_gib(text: str) -> float | None:
    """``MemTotal`` of a ``/proc/meminfo`` text in GiB; None when absent."""
    for line in text.splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / (1024 * 1024)
    return None


def worker_count(cores: int, quota: float | None, mem_gib: float | None) -> int:
    """Workers for ``cores`` usable cores, a cgroup quota (cores) and total memory (GiB): at least 1."""
    n = cores
    if quota is not None:
        n = min(n, max(1, math.ceil(quota)))
    if mem_gib is not None:
        n = min(n, max(1, int(mem_gib // GIB_PER_WORKER)))
    return max(1, n)


def _read(path: str) -> str | None:
    try:
        return Path(path).read_text()
    except OSError:
        return None


def auto_workers() -> int:
    """The worker count for this machine (see the module docstring)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    cpu_max = _read("/sys/fs/cgroup/cpu.max")
    meminfo = _read("/proc/meminfo")
    return worker_count(
        cores,
        cgroup_cpu_limit(cpu_max) if cpu_max else None,
        meminfo_total_gib(meminfo) if meminfo else None,
    )
