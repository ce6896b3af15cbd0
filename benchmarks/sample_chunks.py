"""Learned sampling in row chunks beside sampling the whole table at once (issue 15, issue 19).

Fits the default model on the Adult sample shipped in tests/data (all its rows: nothing is held
out, the figures are about speed and memory, not quality), then writes ``--rows`` rows to CSV:
once in one chunk (the baseline: the whole table in memory), once in ``--chunk-rows`` chunks, and
with ``--dask N`` on a LocalCluster of N processes. Prints wall and CPU seconds, tracemalloc's peak
(numpy's and Python's allocations; polars' own buffers are not traced) and checks the bytes are equal.

    .venv/bin/python benchmarks/sample_chunks.py --rows 200000 --chunk-rows 20000 --dask 2
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

import simulacra

ADULT = Path(__file__).parents[1] / "tests" / "data" / "sources" / "adult_sample.csv"


def run(model: Path, out: Path, rows: int, chunk: int, client: Any = None) -> tuple[float, float, float, str]:
    tracemalloc.start()
    w, c = time.perf_counter(), time.process_time()
    try:
        simulacra.sample(str(model), out, n_rows=rows, seed=1, chunk_rows=chunk, client=client)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    wall, cpu = time.perf_counter() - w, time.process_time() - c
    return wall, cpu, peak / 1e6, hashlib.sha256(out.read_bytes()).hexdigest()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--chunk-rows", type=int, default=20_000)
    ap.add_argument("--dask", type=int, default=0, help="also on a LocalCluster of N worker processes")
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    simulacra.fit(str(ADULT), output=tmp / "model", seed=3)
    results = {
        "whole (baseline)": run(tmp / "model", tmp / "whole.csv", a.rows, a.rows),
        f"chunks of {a.chunk_rows:,}": run(tmp / "model", tmp / "chunks.csv", a.rows, a.chunk_rows),
    }
    if a.dask:
        from simulacra.distributed import connect

        with connect(workers=a.dask) as client:
            results[f"dask, {a.dask} workers"] = run(tmp / "model", tmp / "dask.csv", a.rows, a.chunk_rows, client)
    base = results["whole (baseline)"]
    print(f"rows={a.rows:,}  | mode | wall s | client CPU s | traced peak MB | peak vs whole | same bytes |")
    for name, (wall, cpu, peak, digest) in results.items():
        print(f"| {name} | {wall:.2f} | {cpu:.2f} | {peak:.1f} | {peak / base[2]:.3f} | {digest == base[3]} |")


if __name__ == "__main__":
    main()
