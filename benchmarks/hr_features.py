"""The HR example (every spec feature of docs/spec-features.md) at a scale: generate to Parquet, then validate.

    .venv/bin/python benchmarks/hr_features.py                  # --scale 10 (~160,000 rows)
    .venv/bin/python benchmarks/hr_features.py --scale 50 --chunk-size 20000

Prints rows, wall and CPU seconds, rows/s and peak RSS of each step (a fresh subprocess per
step, so peaks do not mix), and whether validate passed. On a shared machine read the CPU
seconds: wall time includes waiting for the CPU.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def _step(kind: str, scale: float, chunk_size: int, out: str) -> dict[str, Any]:
    from simulacra.examples import example_path
    from simulacra.pipeline import generate, validate

    spec = str(example_path("hr"))
    t0, c0 = time.perf_counter(), time.process_time()
    if kind == "generate":
        result = generate(spec, out, format="parquet", scale=scale, chunk_size=chunk_size)
        rows = sum(result.rows.values())
        ok = True
    else:
        findings = validate(spec, out, format="parquet")
        rows, ok = len(findings), all(f.ok for f in findings)
    return {
        "step": kind,
        "rows": rows,
        "ok": ok,
        "wall": time.perf_counter() - t0,
        "cpu": time.process_time() - c0,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=10.0)
    ap.add_argument("--chunk-size", type=int, default=100_000)
    ap.add_argument("--step", choices=["generate", "validate"], help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.step:
        print(json.dumps(_step(args.step, args.scale, args.chunk_size, args.out)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "hr")
        results = []
        for step in ("generate", "validate"):
            cmd = [
                sys.executable,
                __file__,
                "--step",
                step,
                "--scale",
                str(args.scale),
                "--chunk-size",
                str(args.chunk_size),
                "--out",
                out,
            ]
            results.append(
                json.loads(
                    subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
                )
            )
    gen, val = results
    print(f"example:hr --scale {args.scale:g} --chunk-size {args.chunk_size}")
    print(
        f"generate: {gen['rows']:,} rows in {gen['wall']:.2f} s wall, {gen['cpu']:.2f} s CPU "
        f"({gen['rows'] / max(gen['cpu'], 1e-9):,.0f} rows per CPU second), peak RSS {gen['rss_mb']:.0f} MB"
    )
    print(
        f"validate: {val['rows']} checks, {'all passed' if val['ok'] else 'SOME FAILED'}, {val['wall']:.2f} s wall, "
        f"{val['cpu']:.2f} s CPU, peak RSS {val['rss_mb']:.0f} MB"
    )


if __name__ == "__main__":
    main()
