"""What the engine rebuilt per Dask task costs: ``_task._engine`` (construct the engine from the plan, install the
table's parent columns) timed apart from each task function that calls it, on a LocalCluster of one worker process.

    PYTHONPATH=src .venv/bin/python benchmarks/dask_engine_build.py --person-rows 1000000 --bank-scale 40 \
        --chunks 10000,25000,100000

For each workload (``person``: the 10-column table of benchmarks/person_table.py; ``bank``: the bank example) and
chunk size, on one warmed cluster, side by side in one run: ``rebuilt`` (an engine built from the plan for every
task, its schemas found again each time, as on main) and ``cached`` (``_task._engine``: the plan's schemas found once
per worker process and plan, the rest of the engine built afresh per task), in the order rebuilt, cached, rebuilt,
cached (``--repeats`` pairs). Reported per run: wall, the worker
process's CPU (``getrusage``), the task functions' CPU (``time.thread_time`` around each, on the worker) and the part
of it spent in ``_engine`` (per task, ms, and as a share of the task functions'), the ratio cached / rebuilt of the
worker's CPU, and whether the parts' bytes are those of one process (SHA-256 of every file; one process is run once
per workload and chunk size). The machine is shared: the load average is printed beside each run.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:  # the workers (spawned: they start with this sys.path) import this module by name
    sys.path.insert(0, _HERE)

from _dask_timing import CPU, N, Timed, clear  # noqa: E402

# the task functions that build an engine (``_task._engine``), by the name the executor calls them under
TASKS = ("make_chunk", "make_part", "make_to_counts", "make_after_counts", "settle_chunk", "settle_link")


def _worker_setup(cached: bool) -> None:
    """On the worker: ``_task._engine`` timed, the cached one or the engine rebuilt per task (main's)."""
    from simulacra.distributed import _task

    original = getattr(_task, "_original_engine", None)
    if original is None:
        original = _task._engine
        _task._original_engine = original  # type: ignore[attr-defined]
    _task._SCHEMAS.clear()
    _task._engine = Timed("_engine", original if cached else _rebuilt)  # type: ignore[assignment]
    engine_cls = getattr(_task, "_original_Engine", None)
    if engine_cls is None:
        engine_cls = _task.Engine
        _task._original_Engine = engine_cls  # type: ignore[attr-defined]
    _task.Engine = Timed("Engine()", engine_cls)  # type: ignore[misc]
    clear()


def _rebuilt(job: Any, ctx: Any) -> Any:
    """main's ``_engine``: the schemas found again for every task (none kept)."""
    from simulacra.distributed import _task

    _task._SCHEMAS.clear()
    return _task._original_engine(job, ctx)  # type: ignore[attr-defined]


def _worker_stats() -> tuple[dict[str, float], dict[str, int], float]:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return dict(CPU), dict(N), r.ru_utime + r.ru_stime


def _sums(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.suffix == ".parquet"
    }


def main() -> None:
    import dask_engine_build as me  # (this module by its name, so the workers import it)
    from person_table import person_spec

    import simulacra.distributed._executor as ex_mod
    from simulacra.distributed import DaskExecutor
    from simulacra.distributed._cluster import connect
    from simulacra.examples import example_path
    from simulacra.pipeline import generate

    ap = argparse.ArgumentParser()
    ap.add_argument("--person-rows", type=int, default=1_000_000)
    ap.add_argument("--bank-scale", type=float, default=40)
    ap.add_argument("--chunks", default="10000,25000,100000")
    ap.add_argument("--workloads", default="person,bank")
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--no-one", action="store_true", help="skip the one-process run (no byte comparison)")
    args = ap.parse_args()
    os.environ["PYTHONPATH"] = os.pathsep.join([_HERE, os.environ.get("PYTHONPATH", "")])
    for name in TASKS:
        if hasattr(ex_mod, name):
            setattr(ex_mod, name, me.Timed(name, getattr(ex_mod, name)))
    tmp = Path(tempfile.mkdtemp())
    kw: dict[str, Any] = {"format": "parquet-parts", "documents": False}
    loads: dict[str, tuple[Any, float]] = {
        "person": (person_spec(args.person_rows), 1.0),
        "bank": (example_path("bank"), args.bank_scale),
    }
    print(
        "| workload, chunk | run | wall s | worker CPU s | in tasks s | tasks | _engine ms/task | of it Engine() ms/task | task ms/task "
        "| _engine share | CPU cached/rebuilt | load | bytes = one process |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    with connect(workers=1) as client:
        generate(
            example_path("bank"), tmp / "warm", chunk_size=2_000, scale=0.05, distribute=DaskExecutor(client), **kw
        )
        generate(person_spec(20_000), tmp / "warm2", chunk_size=5_000, distribute=DaskExecutor(client), **kw)
        for load in args.workloads.split(","):
            spec, scale = loads[load]
            for chunk in (int(c) for c in args.chunks.split(",")):
                one = None
                if not args.no_one:
                    generate(spec, tmp / f"one-{load}-{chunk}", chunk_size=chunk, scale=scale, **kw)
                    one = _sums(tmp / f"one-{load}-{chunk}")
                base: float | None = None
                for rep in range(args.repeats):
                    for cached in (False, True):
                        client.run(me._worker_setup, cached)
                        (before,) = client.run(me._worker_stats).values()
                        out = tmp / f"{load}-{chunk}-{rep}-{int(cached)}"
                        load0, t0 = os.getloadavg()[0], time.perf_counter()
                        generate(spec, out, chunk_size=chunk, scale=scale, distribute=DaskExecutor(client), **kw)
                        wall = time.perf_counter() - t0
                        (after,) = client.run(me._worker_stats).values()
                        cpu, n, _ = after
                        worker = after[2] - before[2]
                        in_tasks = sum(v for k, v in cpu.items() if k in TASKS)
                        tasks = sum(v for k, v in n.items() if k in TASKS)
                        eng = cpu.get("_engine", 0.0)
                        if not cached:
                            base = worker
                        ratio = f"{worker / base:.2f}" if cached and base else "-"
                        same = "-" if one is None else ("yes" if _sums(out) == one else "NO")
                        print(
                            f"| {load} {chunk:,} | {'cached' if cached else 'rebuilt'} | {wall:.2f} | {worker:.2f} "
                            f"| {in_tasks:.2f} | {tasks} | {1e3 * eng / max(1, n.get('_engine', 0)):.2f} "
                            f"| {1e3 * cpu.get('Engine()', 0.0) / max(1, n.get('_engine', 0)):.2f} | {1e3 * in_tasks / max(1, tasks):.1f} | {100 * eng / max(in_tasks, 1e-9):.1f}% "
                            f"| {ratio} | {load0:.1f} | {same} |",
                            flush=True,
                        )


if __name__ == "__main__":
    main()
