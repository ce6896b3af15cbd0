"""10 million rows of the person table streamed to Parquet: rows/s and peak memory.

    .venv/bin/python benchmarks/big_table.py                        # 10,000,000 rows, --chunk-size 100000
    .venv/bin/python benchmarks/big_table.py --rows 2000000 --keep out/

The table is the 10-column person table of ``person_table.py``. Generation runs
in a fresh subprocess whose peak RSS (``ru_maxrss``) is reported; memory is
bounded by the chunk size, not the row count, so the goal is a peak < 1 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

RSS_GOAL_MB = 1024


def _worker(rows: int, chunk_size: int, out: str) -> dict[str, Any]:
    from person_table import person_spec

    from simulacra.pipeline import generate

    t0 = time.perf_counter()
    generate(person_spec(10_000), chunk_size=chunk_size)  # warm-up: imports and locale pools
    warmup = time.perf_counter() - t0
    t0 = time.perf_counter()
    result = generate(person_spec(rows), out, format="parquet", chunk_size=chunk_size)
    seconds = time.perf_counter() - t0
    size = sum(p.stat().st_size for p in Path(out).rglob("*") if p.is_file())
    return {
        "rows": result.rows["person"],
        "seconds": seconds,
        "warmup_seconds": warmup,
        "bytes": size,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=10_000_000, help="rows (default 10,000,000)")
    ap.add_argument("--chunk-size", type=int, default=100_000, help="rows per chunk (default 100,000)")
    ap.add_argument(
        "--keep", metavar="DIR", help="write the Parquet folder here and keep it (default: a temp dir, removed)"
    )
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.worker:
        print(json.dumps(_worker(args.rows, args.chunk_size, args.out)))
        return

    print(f"person table, {args.rows:,} rows -> Parquet, chunk size {args.chunk_size:,} — {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or str(Path(tmp) / "person")
        cmd = [
            sys.executable,
            __file__,
            "--worker",
            "--rows",
            str(args.rows),
            "--chunk-size",
            str(args.chunk_size),
            "--out",
            out,
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            sys.stderr.write(proc.stdout + proc.stderr)
            raise SystemExit(f"generation failed with exit code {proc.returncode}")
        r = json.loads(proc.stdout.strip().splitlines()[-1])
    rps = r["rows"] / r["seconds"]
    print(
        f"{r['rows']:,} rows in {r['seconds']:.1f} s = {rps:,.0f} rows/s "
        f"(plus a {r['warmup_seconds']:.2f} s one-off warm-up); Parquet {r['bytes'] / 1e6:.0f} MB"
    )
    ok = r["peak_rss_mb"] < RSS_GOAL_MB
    print(f"peak RSS {r['peak_rss_mb']:.0f} MB — goal < {RSS_GOAL_MB} MB: {'met' if ok else 'MISSED'}")


if __name__ == "__main__":
    main()
