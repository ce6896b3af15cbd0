"""The shop example at a scale, into a Parquet folder and into SQLite: rows/s and peak memory.

    .venv/bin/python benchmarks/shop_scale.py                  # --scale 10
    .venv/bin/python benchmarks/shop_scale.py --scale 50 --targets parquet

Each target runs in a fresh subprocess, so its peak RSS (``ru_maxrss``) is its
own. A tiny in-memory run first loads imports and locale pools (a one-off
cost per process, reported separately). Per-table seconds are measured from the end of the previous table's last
write to the end of this table's last write, so they include writing. Note that
``orders`` also makes its ``order_items`` on the fly (for the ``n_items`` and
``total`` aggregates), so part of the item work is counted under orders.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TARGETS = ("parquet", "sqlite")


def _worker(target: str, scale: float, out_dir: str, chunk_size: int) -> dict[str, Any]:
    import simulacra.io
    from simulacra.pipeline import generate

    last_write: dict[str, float] = {}
    original_open_sink = simulacra.io.open_sink

    def timed_open_sink(*a: Any, **kw: Any) -> Any:  # records when each table's batches are written
        sink = original_open_sink(*a, **kw)
        write = sink.write

        def timed_write(table: str, batch: Any) -> None:
            write(table, batch)
            last_write[table] = time.perf_counter()

        sink.write = timed_write  # type: ignore[method-assign]
        return sink

    simulacra.io.open_sink = timed_open_sink  # type: ignore[assignment]
    out = Path(out_dir) / ("shop" if target == "parquet" else "shop.db")
    t0 = time.perf_counter()
    generate(_shop_path(), scale=0.01)  # warm-up: imports and locale pools, a one-off cost per process
    warmup = time.perf_counter() - t0
    t0 = time.perf_counter()
    result = generate(
        _shop_path(), out, scale=scale, chunk_size=chunk_size, format="parquet" if target == "parquet" else None
    )
    seconds = time.perf_counter() - t0
    rows = result.rows
    tables = {}
    prev = t0
    for t in rows:  # generation order
        end = last_write.get(t, prev)
        tables[t] = {"rows": rows[t], "seconds": end - prev}
        prev = end
    size = sum(p.stat().st_size for p in Path(out_dir).rglob("*") if p.is_file())
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return {
        "target": target,
        "scale": scale,
        "seconds": seconds,
        "rows": sum(rows.values()),
        "tables": tables,
        "bytes": size,
        "peak_rss_mb": peak_kb / 1024,
        "warmup_seconds": warmup,
    }


def _shop_path() -> str:
    from simulacra.examples import example_path

    return str(example_path("shop"))


def run_target(target: str, scale: float, chunk_size: int) -> dict[str, Any]:
    """Run one target in a fresh interpreter and return its measurements."""
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [
            sys.executable,
            __file__,
            "--worker",
            target,
            "--scale",
            str(scale),
            "--chunk-size",
            str(chunk_size),
            "--out",
            tmp,
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            sys.stderr.write(proc.stdout + proc.stderr)
            raise SystemExit(f"{target} run failed with exit code {proc.returncode}")
        return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=float, default=10.0, help="row-count multiplier (default 10)")
    ap.add_argument("--chunk-size", type=int, default=100_000)
    ap.add_argument("--targets", default=",".join(TARGETS), help="comma-separated: parquet,sqlite")
    ap.add_argument("--worker", choices=TARGETS, help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.worker:
        print(json.dumps(_worker(args.worker, args.scale, args.out, args.chunk_size)))
        return

    print(f"shop example at scale {args.scale:g} — {os.cpu_count()} CPUs, Python {platform.python_version()}")
    for target in args.targets.split(","):
        r = run_target(target.strip(), args.scale, args.chunk_size)
        print()
        cold = r["seconds"] + r["warmup_seconds"]
        print(
            f"{target}: {r['rows']:,} rows in {r['seconds']:.2f} s = {r['rows'] / r['seconds']:,.0f} rows/s "
            f"({r['rows'] / cold:,.0f} rows/s counting the {r['warmup_seconds']:.2f} s one-off warm-up); "
            f"peak RSS {r['peak_rss_mb']:.0f} MB; output {r['bytes'] / 1e6:.1f} MB"
        )
        print(f"  {'table':<14}{'rows':>12}{'seconds':>10}{'rows/s':>14}")
        for t, v in r["tables"].items():
            rps = v["rows"] / v["seconds"] if v["seconds"] > 0 else float("inf")
            print(f"  {t:<14}{v['rows']:>12,}{v['seconds']:>10.2f}{rps:>14,.0f}")


if __name__ == "__main__":
    main()
