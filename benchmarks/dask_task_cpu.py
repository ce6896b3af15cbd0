"""The bank example on a LocalCluster of ``--workers`` processes (``simulacra.distributed._cluster.connect``), with
every task function timed where it runs (``time.thread_time``): CPU per task function and table on the workers,
beside each worker process's whole CPU (what is left: Dask's own work, transfers, (de)serialisation).

    PYTHONPATH=src:benchmarks .venv/bin/python benchmarks/dask_task_cpu.py --scale 400 --workers 1

(``benchmarks`` on the path: the workers import this module to run the timed functions.)
"""

from __future__ import annotations

import argparse
import collections
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

CPU: dict[tuple[str, str], float] = collections.defaultdict(float)
N: collections.Counter[tuple[str, str]] = collections.Counter()
_LOCK = threading.Lock()
# task function -> the position of its table argument (None: it has none)
TIMED = {
    "make_chunk": 2,
    "make_part": 2,
    "make_to_counts": 2,
    "make_after_counts": 3,
    "settle_chunk": 4,
    "counts_of": None,
    "chunk_view": None,
    "thin_chunk": None,
    "chunk_rows": None,
    "write_settled": None,
    "settled_fix": None,
    "write_settlement": None,
    "shard_step": None,
    "shard_flags": None,
    "shard_lookup": None,
    "cut_buckets": None,
    "pick_bucket": None,
}


class Timed:
    """A task function timed where it runs (pickled by reference to this module: the worker's own totals)."""

    def __init__(self, name: str, f: Any, at: int | None) -> None:
        self.name, self.f, self.at, self.__name__ = name, f, at, name

    def __call__(self, *a: Any, **k: Any) -> Any:
        t0 = time.thread_time()
        try:
            return self.f(*a, **k)
        finally:
            tab = a[self.at] if self.at is not None and len(a) > self.at and isinstance(a[self.at], str) else "-"
            with _LOCK:
                CPU[(self.name, tab)] += time.thread_time() - t0
                N[(self.name, tab)] += 1


def _clear() -> None:
    CPU.clear()
    N.clear()


def _stats() -> list[tuple[str, str, float, int]]:
    return [(n, t, v, N[(n, t)]) for (n, t), v in CPU.items()]


def _usage() -> float:
    import resource

    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main() -> None:
    import os

    import dask_task_cpu as me  # (this module by its name, so the workers import it)

    import simulacra.distributed._executor as ex_mod
    from simulacra.distributed import DaskExecutor
    from simulacra.distributed._cluster import connect
    from simulacra.examples import example_path
    from simulacra.pipeline import generate

    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=400)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--chunk", type=int, default=100_000)
    args = ap.parse_args()
    for name, at in TIMED.items():
        if hasattr(ex_mod, name):
            setattr(ex_mod, name, me.Timed(name, getattr(ex_mod, name), at))
    tmp = Path(tempfile.mkdtemp())
    kw: dict[str, Any] = {"format": "parquet-parts", "documents": False}
    with connect(workers=args.workers) as client:
        generate(
            example_path("bank"), tmp / "warm", chunk_size=2_000, scale=0.05, distribute=DaskExecutor(client), **kw
        )
        client.run(me._clear)
        before = client.run(_usage)
        ex = DaskExecutor(client)
        load0, c0, t0 = os.getloadavg()[0], time.process_time(), time.perf_counter()
        generate(example_path("bank"), tmp / "out", chunk_size=args.chunk, scale=args.scale, distribute=ex, **kw)
        wall, client_cpu = time.perf_counter() - t0, time.process_time() - c0
        after = client.run(_usage)
        stats = client.run(me._stats)
    workers = [after[w] - before[w] for w in sorted(after)]
    print(
        f"wall {wall:.2f} s, load {load0:.1f}-{os.getloadavg()[0]:.1f}, client CPU {client_cpu:.2f} s, tasks {ex.tasks}"
    )
    print(f"worker processes' CPU: {', '.join(f'{c:.2f}' for c in workers)} s (sum {sum(workers):.2f})")
    total: dict[tuple[str, str], list[float]] = {}
    for per in stats.values():
        for n, t, v, k in per:
            total.setdefault((n, t), [0.0, 0])
            total[(n, t)][0] += v
            total[(n, t)][1] += k
    for (n, t), (v, k) in sorted(total.items(), key=lambda kv: -kv[1][0]):
        print(f"  {n:18s} {t:13s} tasks {int(k):4d}  CPU {v:6.2f} s")
    in_tasks = sum(v for v, _ in total.values())
    print(f"  in the task functions {in_tasks:.2f} s; the rest of the workers' CPU {sum(workers) - in_tasks:.2f} s")


if __name__ == "__main__":
    main()
