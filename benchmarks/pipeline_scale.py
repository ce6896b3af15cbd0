"""A pipeline streaming a Parquet table through dedupe (exact + near, within) and a cap: rows/s and peak RSS by size.

    .venv/bin/python benchmarks/pipeline_scale.py                    # 1,000,000 and 4,000,000 rows
    .venv/bin/python benchmarks/pipeline_scale.py --quick            # 200,000 and 1,000,000 rows
    .venv/bin/python benchmarks/pipeline_scale.py --rows 10000000    # one size

The input (seeded, written once per size in 100,000-row row groups, not timed): 8 columns (a customer id,
4 categorical, 3 integer); 5 % of the rows repeat an earlier row verbatim and 5 % repeat one with one
column changed (6 of 8 distinct tokens shared over the 7 compared columns: Jaccard 0.75; the near step's threshold is 0.6).
Each size runs in a fresh interpreter (``simulacra.curate.Pipeline`` over a ``path:`` source,
``chunk_size`` 100,000): wall and CPU seconds, rows/s (per CPU second), peak RSS (``ru_maxrss``), the
bytes the dedupe step keeps between chunks (its funnel's ``state_bytes``), and what the funnel removed. The state the dedupe keeps grows with the distinct rows kept (a signature and band keys per row);
everything else is bounded by the chunk.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("POLARS_MAX_THREADS", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[3])
from simulacra.curate import Pipeline
cfg = {"name": "scale", "chunk_size": 100_000, "seed": 1,
       "sources": {"rows": {"path": sys.argv[1], "licence": "Apache-2.0"}},
       "steps": [{"dedupe": {"columns": ["c1", "c2", "c3", "c4", "n1", "n2", "n3"], "threshold": 0.6, "num_perm": 64}},
                 {"cap": {"column": "customer", "max": 40}}]}
c0, w0 = time.process_time(), time.perf_counter()
r = Pipeline(cfg).run(sys.argv[2])
print(json.dumps({"cpu": time.process_time() - c0, "wall": time.perf_counter() - w0, "rows_out": r.rows,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "state_mb": r.report["funnel"][0]["notes"]["state_bytes"] / 2**20,
                  "funnel": [{k: f[k] for k in ("step", "in", "out", "removed")} for f in r.report["funnel"]]}))
"""


def write_input(path: Path, n: int, seed: int = 0) -> None:
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(seed)
    writer = None
    block = 100_000
    for lo in range(0, n, block):
        m = min(block, n - lo)
        cols = {
            "customer": rng.integers(0, max(n // 20, 1), m),
            "c1": rng.choice([f"a{i}" for i in range(50)], m),
            "c2": rng.choice([f"b{i}" for i in range(200)], m),
            "c3": rng.choice([f"c{i}" for i in range(1000)], m),
            "c4": rng.choice([f"d{i}" for i in range(5000)], m),
            "n1": rng.integers(0, 1_000_000, m),
            "n2": rng.integers(0, 1_000_000, m),
            "n3": rng.integers(0, 1_000_000, m),
        }
        kind = rng.random(m)
        exact = np.flatnonzero(kind < 0.05)
        near = np.flatnonzero((kind >= 0.05) & (kind < 0.10))
        for idx, change in ((exact, False), (near, True)):
            src = np.maximum(idx - rng.integers(1, 1000, len(idx)), 0)  # an earlier row of this block
            for c in cols:
                if c != "customer":
                    cols[c][idx] = cols[c][src]
            if change:
                cols["n1"][idx] = rng.integers(1_000_000, 2_000_000, len(idx))
        table = pa.table(cols)
        if writer is None:
            writer = pq.ParquetWriter(path, table.schema)
        writer.write_table(table)
    assert writer is not None
    writer.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, action="append")
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    sizes = args.rows or ([200_000, 1_000_000] if args.quick else [1_000_000, 4_000_000])
    print("| rows in | rows out | wall s | CPU s | rows/s (CPU) | peak RSS MB | dedupe state MB | removed |")
    print("|---:|---:|---:|---:|---:|---:|---:|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            src = Path(tmp) / f"in-{n}.parquet"
            write_input(src, n)
            out = subprocess.run(
                [sys.executable, "-c", CHILD, str(src), str(Path(tmp) / f"out-{n}"), str(ROOT / "src")],
                capture_output=True,
                text=True,
                check=True,
            )
            r = json.loads(out.stdout.strip().splitlines()[-1])
            removed = "; ".join(f"{f['step']} {k}: {v:,}" for f in r["funnel"] for k, v in f["removed"].items())
            print(
                f"| {n:,} | {r['rows_out']:,} | {r['wall']:.1f} | {r['cpu']:.1f} | {n / r['cpu']:,.0f} | "
                f"{r['rss_mb']:,.0f} | {r['state_mb']:,.0f} | {removed} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
