"""CPU of functions timed where they run, on a Dask worker or here: one home for the ``Timed`` wrapper that
``benchmarks/dask_deid_build.py`` and ``benchmarks/dask_engine_build.py`` each held a copy of (house, issue 19).

A :class:`Timed` is pickled by reference to this module, so a worker that calls one adds to its own process's
totals here: :data:`CPU` (``time.thread_time`` seconds per name), :data:`N` (calls per name) and :data:`FIRST`
(each name's first call's CPU in this process, kept by :func:`clear`: a first call that loads a model, say).
A script that sends its own module's functions to workers keeps its folder on ``sys.path`` (the workers import
it, and this module, by name).
"""

from __future__ import annotations

import collections
import threading
import time
from typing import Any

__all__ = ["CPU", "FIRST", "N", "Timed", "clear"]

CPU: dict[str, float] = collections.defaultdict(float)
N: collections.Counter[str] = collections.Counter()
FIRST: dict[str, float] = {}
_LOCK = threading.Lock()


class Timed:
    """A function timed where it runs (pickled by reference to this module: the worker's own totals)."""

    def __init__(self, name: str, f: Any) -> None:
        self.name, self.f, self.__name__ = name, f, name

    def __call__(self, *a: Any, **k: Any) -> Any:
        t0 = time.thread_time()
        try:
            return self.f(*a, **k)
        finally:
            dt = time.thread_time() - t0
            with _LOCK:
                FIRST.setdefault(self.name, dt)
                CPU[self.name] += dt
                N[self.name] += 1


def clear() -> None:
    """The totals of this process back to none (:data:`FIRST` kept)."""
    CPU.clear()
    N.clear()
