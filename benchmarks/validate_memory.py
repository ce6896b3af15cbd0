"""Peak memory of `validate` against row count: whole tables in memory against `--chunk-size` (issue 11).

    .venv/bin/python benchmarks/validate_memory.py                       # shop at scales 5 and 50, Parquet
    .venv/bin/python benchmarks/validate_memory.py --scales 5,50,200 --memory-limit 64   # three sizes
    .venv/bin/python benchmarks/validate_memory.py --scales 2,20 --chunk-size 50000

The shop example (tables only) is generated once per scale into a Parquet folder; then each way of
validating it runs in a fresh interpreter, so its peak RSS (VmHWM) is its own, side by side:

- ``memory``: ``pipeline.check`` — every table read whole (what `simulacra validate` does by default);
- ``stream``: ``pipeline.check_streaming`` — a chunk of rows at a time, staged in a temp DuckDB database
  under a memory limit (``--memory-limit`` MiB), the rest spilled to disk.

Both give the same findings (asserted here: the same checks, counts and first rows). "above base" subtracts
the same interpreter after imports and a warm-up check of a tiny dataset; growth = (peak at this size - peak at
the size before) per million extra rows: a bounded checker shows ~0.
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


def _peak_mb() -> float:
    """This process's peak RSS: VmHWM of its own memory map (``ru_maxrss`` of a child started by a large
    parent can carry the parent's size across exec), else ``ru_maxrss``."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _worker(mode: str, data: str, chunk: int, memory_mb: int, warm: str) -> dict[str, Any]:
    from simulacra.examples import example_path
    from simulacra.pipeline import check, check_streaming

    spec = str(example_path("shop"))
    check(spec, warm, declared=True)  # warm-up: imports, plan, a tiny dataset
    check_streaming(spec, warm, chunk_size=chunk, memory_limit=memory_mb << 20)
    base = _peak_mb()
    if mode == "base":
        return {"peak_rss_mb": base, "seconds": 0.0, "cpu": 0.0, "findings": []}
    t0, c0 = time.perf_counter(), time.process_time()
    if mode == "memory":
        found = check(spec, data, declared=True)
    else:
        found = check_streaming(spec, data, chunk_size=chunk, memory_limit=memory_mb << 20)
    return {
        "peak_rss_mb": _peak_mb(),
        "seconds": time.perf_counter() - t0,
        "cpu": time.process_time() - c0,  # (DuckDB's threads included: process CPU time)
        "findings": sorted([f.table, f.check, f.failed, f.total, f.first_row] for f in found),
    }


def _run(mode: str, data: str, chunk: int, memory_mb: int, warm: str) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--worker", mode, "--data", data, "--chunk-size", str(chunk)]
    cmd += ["--memory-limit", str(memory_mb), "--warm", warm]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"{mode} on {data} failed with exit code {proc.returncode}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scales", default="5,50", help="shop scales (N,10N,...)")
    ap.add_argument("--chunk-size", type=int, default=100_000)
    ap.add_argument("--memory-limit", type=int, default=256, help="MiB DuckDB may hold (stream)")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--data", help=argparse.SUPPRESS)
    ap.add_argument("--warm", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(_worker(args.worker, args.data, args.chunk_size, args.memory_limit, args.warm)))
        return
    from simulacra.examples import example_path
    from simulacra.pipeline import generate

    spec = str(example_path("shop"))
    print(
        f"{os.cpu_count()} CPUs; shop, Parquet folder; chunk {args.chunk_size:,} rows; DuckDB {args.memory_limit} MiB"
    )
    print(
        f"{'mode':>7}{'rows':>11}{'wall s':>8}{'CPU s':>8}{'peak RSS MB':>12}{'above base':>11}{'growth MB/M rows':>17}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        warm = str(Path(tmp) / "warm")
        generate(spec, warm, scale=0.05, format="parquet", documents=False)
        base = _run("base", warm, args.chunk_size, args.memory_limit, warm)["peak_rss_mb"]
        prev: dict[str, tuple[int, float]] = {}
        for s in [float(x) for x in args.scales.split(",")]:
            data = str(Path(tmp) / f"shop-{s:g}")
            rows = sum(generate(spec, data, scale=s, format="parquet", documents=False).rows.values())
            results = {
                mode: _run(mode, data, args.chunk_size, args.memory_limit, warm) for mode in ("memory", "stream")
            }
            assert results["memory"]["findings"] == results["stream"]["findings"], "different findings"
            for mode, r in results.items():
                growth = ""
                if mode in prev and rows > prev[mode][0]:
                    growth = f"{(r['peak_rss_mb'] - prev[mode][1]) / ((rows - prev[mode][0]) / 1e6):,.1f}"
                prev[mode] = (rows, r["peak_rss_mb"])
                print(
                    f"{mode:>7}{rows:>11,}{r['seconds']:>8.1f}{r['cpu']:>8.1f}{r['peak_rss_mb']:>12.0f}"
                    f"{r['peak_rss_mb'] - base:>11.0f}{growth:>17}",
                    flush=True,
                )
            shutil_rm(data)


def shutil_rm(path: str) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)


if __name__ == "__main__":
    main()
