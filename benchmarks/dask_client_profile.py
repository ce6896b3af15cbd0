"""Where the client's CPU goes per chunk when generating on Dask: a profile of the client's main thread.

Issue 19 asks 2 workers to be 1.8x one on a table with a uniqueness ledger; what bounds that ratio is the client's
serial CPU per chunk (RESULTS.md, dask5/dask6). This runs ``benchmarks/dask_scale.py``'s workload once on a
LocalCluster of ``--workers`` processes with the client's main thread under ``cProfile`` timed by
``time.thread_time`` (the main thread's CPU only: waiting on futures costs nothing, and the LocalCluster's scheduler,
which runs on another thread of the client process, is counted apart as the process's CPU minus the main thread's),
and prints the process CPU, the main thread's, and the functions with the most CPU of their own and in total.

    PYTHONPATH=src python benchmarks/dask_client_profile.py --workloads person-unique --person-rows 300000 \
        --format parquet-parts
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dask_scale import _spec  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workloads", default="person-unique")
    ap.add_argument("--person-rows", type=int, default=300_000)
    ap.add_argument("--chunk-size", type=int, default=100_000)
    ap.add_argument("--format", default="parquet-parts", choices=["parquet", "parquet-parts"])
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--idle", type=float, default=5.0, help="seconds the idle cluster's CPU is measured over")
    args = ap.parse_args()
    from simulacra.distributed import DaskExecutor
    from simulacra.distributed._cluster import connect
    from simulacra.pipeline import generate

    spec, scale = _spec(args.workloads, args.person_rows, 0.05)
    warm_spec, _ = _spec(args.workloads, 20_000, 0.05)
    kw = {"format": args.format, "documents": False, "scale": scale}
    with (
        tempfile.TemporaryDirectory() as d,
        connect(workers=args.workers) as client,  # the cluster `--engine dask --workers N` starts
    ):
        generate(warm_spec, Path(d) / "warm", distribute=DaskExecutor(client), **{**kw, "chunk_size": 2_000})
        submitted: Counter[str] = Counter()  # tasks the client submits, by function (what each is for)
        submit_cpu: Counter[str] = Counter()  # the main thread's CPU in those submits (the arguments pickled...)
        plain_submit = client.submit

        def counted(fn: Any, *a: Any, **kw: Any) -> Any:
            name = getattr(fn, "__name__", str(fn))
            submitted[name] += 1
            t = time.thread_time()
            try:
                return plain_submit(fn, *a, **kw)
            finally:
                submit_cpu[name] += time.thread_time() - t

        client.submit = counted
        # the client process's CPU while the cluster idles (heartbeats, monitors, the event loop's ticks): paid per
        # second of wall time, not per chunk, so a loaded machine (a longer wall) inflates the per-chunk figure
        i0, w0 = time.process_time(), time.perf_counter()
        time.sleep(args.idle)
        idle = (time.process_time() - i0) / (time.perf_counter() - w0)
        prof = cProfile.Profile(time.thread_time)
        load0 = os.getloadavg()[0]
        p0, th0, t0 = time.process_time(), time.thread_time(), time.perf_counter()
        prof.enable()
        ex = DaskExecutor(client)
        generate(spec, Path(d) / "out", distribute=ex, chunk_size=args.chunk_size, **kw)
        prof.disable()
        wall, proc, main_cpu = time.perf_counter() - t0, time.process_time() - p0, time.thread_time() - th0
        client.submit = plain_submit
    chunks = -(-args.person_rows // args.chunk_size)
    print(
        f"{args.workloads}, {args.person_rows:,} rows, {chunks} chunks, {args.format}, {args.workers} worker(s); "
        f"load average {load0:.1f} -> {os.getloadavg()[0]:.1f}; written by {ex.written_by}, sharded {ex.sharded}; "
        f"chunks' redraws decided {getattr(ex, 'decided', '(not counted)')}"
    )
    print(
        f"wall {wall:.2f} s; client process CPU {proc:.2f} s ({proc / chunks:.3f} s per chunk), of which the main "
        f"thread {main_cpu:.2f} s ({main_cpu / chunks:.3f} s per chunk) and the other threads (the scheduler, "
        f"Dask's comms) {proc - main_cpu:.2f} s ({(proc - main_cpu) / chunks:.3f} s per chunk)"
    )
    other = proc - main_cpu - idle * wall
    print(
        f"idle: the client process spends {idle * 1000:.1f} ms of CPU per second of wall with nothing to do; the other "
        f"threads less that over this run's wall: {other:.2f} s ({other / chunks:.3f} s per chunk)"
    )
    # the client's waits on the cluster: each a round trip (a result or a gather of several futures)
    waits = {
        name: sum(v[0] for k, v in pstats.Stats(prof).stats.items() if k[2] == name and "distributed" in k[0])  # type: ignore[attr-defined]
        for name in ("result", "gather", "scatter")
    }
    total = sum(submitted.values())
    print(
        f"tasks submitted {total} ({total / chunks:.1f} per chunk): "
        + ", ".join(f"{k} {v} ({v / chunks:.1f})" for k, v in submitted.most_common())
        + "; the client's waits (calls): "
        + ", ".join(f"{k} {v} ({v / chunks:.1f} per chunk)" for k, v in waits.items())
    )
    print(
        "main thread CPU in the submits, ms per chunk (under the profiler): "
        + ", ".join(f"{k} {v * 1000 / chunks:.2f}" for k, v in submit_cpu.most_common())
    )
    for key in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats(key).print_stats(args.top)
        print(f"\n--- main thread, by {key} (thread CPU seconds) ---")
        print("\n".join(line for line in out.getvalue().splitlines() if line.strip())[:6000])


if __name__ == "__main__":
    main()
