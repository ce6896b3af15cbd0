"""Anonymous memory (RssAnon) while each table of the shop is made: where, within a run, memory grows.

    PYTHONPATH=src .venv/bin/python benchmarks/memory_timeline.py --scale 310 --format parquet
    PYTHONPATH=src .venv/bin/python benchmarks/memory_timeline.py --scale 310 --format csv

Prints, for each table, RssAnon every ``--every`` rows and at its end, with the peak so far, and the same
after ``malloc_trim(0)`` (glibc handing freed heap pages back) when ``--trim`` is given: what the trim takes
away is allocator retention, what stays is held. CPU time beside wall time at the end. Generated data (no split).
"""

from __future__ import annotations

import argparse
import ctypes
import tempfile
import time
from pathlib import Path


def _anon_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("RssAnon:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=float, default=31.0, help="shop scale (31: about 10^6 rows)")
    ap.add_argument("--format", default="parquet", choices=("parquet", "csv"))
    ap.add_argument("--chunk-size", type=int, default=100_000)
    ap.add_argument("--budget", type=int, default=None, help="--memory-budget in bytes (default: the engine's)")
    ap.add_argument("--every", type=int, default=500_000, help="rows between two lines of a table")
    ap.add_argument("--trim", action="store_true", help="also show RssAnon after malloc_trim(0) (glibc only)")
    args = ap.parse_args()

    from simulacra.examples import example_path
    from simulacra.pipeline import generate

    libc = ctypes.CDLL("libc.so.6") if args.trim else None
    spec = str(example_path("shop"))
    generate(spec, scale=0.01)  # warm-up: imports, locale pools
    print(f"base {_anon_mb():.0f} MB anon; shop scale {args.scale}, {args.format}, chunk {args.chunk_size:,}")
    peak = [0.0]
    last: dict[str, int] = {}

    def progress(table: str, done: int, total: int) -> None:
        a = _anon_mb()
        peak[0] = max(peak[0], a)
        if done == total or done // args.every != last.get(table, -1):
            last[table] = done // args.every
            trimmed = ""
            if libc is not None:
                libc.malloc_trim(0)
                trimmed = f"  after trim {_anon_mb():6.0f}"
            print(f"{table:>14} {done:>11,}/{total:<11,} anon {a:6.0f}  peak {peak[0]:6.0f}{trimmed}", flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        t0, c0 = time.perf_counter(), time.process_time()
        result = generate(
            spec,
            Path(tmp) / "out",
            scale=args.scale,
            chunk_size=args.chunk_size,
            format=args.format,
            documents=False,
            memory_budget=args.budget,
            progress=progress,
        )
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"{sum(result.rows.values()):,} rows; peak anon {peak[0]:.0f} MB; wall {wall:.1f} s, CPU {cpu:.1f} s")


if __name__ == "__main__":
    main()
