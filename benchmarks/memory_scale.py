"""Peak memory against row count: does RSS grow with the data or stay bounded by the chunk size?

    .venv/bin/python benchmarks/memory_scale.py                          # shop at scales 1, 4, 16
    .venv/bin/python benchmarks/memory_scale.py --scales 1,10,100 --chunk-sizes 10000,100000

Each (scale, chunk size) runs the shop example (tables only, no documents) into a Parquet folder in a fresh
interpreter, so its peak RSS (``ru_maxrss``) is its own. Beside it, the baseline is the
same interpreter doing the warm-up only (imports and locale pools): what is above it is
what generation holds. A bounded engine shows the same peak at every scale for one
chunk size; growth per million rows is printed from the first to the last scale.
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


def _worker(scale: float, chunk_size: int, out_dir: str) -> dict[str, Any]:
    from simulacra.examples import example_path
    from simulacra.pipeline import generate

    spec = str(example_path("shop"))
    generate(spec, scale=0.01)  # warm-up: imports and locale pools
    base_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if scale == 0:
        return {"rows": 0, "seconds": 0.0, "cpu": 0.0, "peak_rss_mb": base_kb / 1024}
    t0, c0 = time.perf_counter(), time.process_time()
    # the relational data only: documents (invoices, emails) are rendered by another stage
    result = generate(spec, Path(out_dir) / "shop", scale=scale, chunk_size=chunk_size, format="parquet",
                      documents=False)
    return {"rows": sum(result.rows.values()), "seconds": time.perf_counter() - t0, "cpu": time.process_time() - c0,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _run(scale: float, chunk_size: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, __file__, "--worker", "--scale", str(scale), "--chunk-size", str(chunk_size), "--out", tmp]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            sys.stderr.write(proc.stdout + proc.stderr)
            raise SystemExit(f"run at scale {scale} failed with exit code {proc.returncode}")
        return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scales", default="1,4,16")
    ap.add_argument("--chunk-sizes", default="10000,100000")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--scale", type=float, help=argparse.SUPPRESS)
    ap.add_argument("--chunk-size", type=int, default=100_000, help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(_worker(args.scale, args.chunk_size, args.out)))
        return

    scales = [float(s) for s in args.scales.split(",")]
    chunks = [int(c) for c in args.chunk_sizes.split(",")]
    base = _run(0, chunks[0])["peak_rss_mb"]
    print(f"shop example into Parquet — {os.cpu_count()} CPUs; baseline (imports + pools, no data): {base:.0f} MB")
    print(f"{'chunk size':>11}{'scale':>8}{'rows':>13}{'wall s':>9}{'CPU s':>8}{'peak RSS MB':>13}{'above baseline':>16}")
    for c in chunks:
        runs = []
        for s in scales:
            r = _run(s, c)
            runs.append(r)
            print(f"{c:>11,}{s:>8g}{r['rows']:>13,}{r['seconds']:>9.2f}{r['cpu']:>8.2f}{r['peak_rss_mb']:>13.0f}"
                  f"{r['peak_rss_mb'] - base:>16.0f}")
        first, last = runs[0], runs[-1]
        if last["rows"] > first["rows"]:
            growth = (last["peak_rss_mb"] - first["peak_rss_mb"]) / ((last["rows"] - first["rows"]) / 1e6)
            print(f"{'':>11}growth: {growth:,.0f} MB per million rows (chunk size {c:,})")


if __name__ == "__main__":
    main()
