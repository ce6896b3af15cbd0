"""Peak memory against row count: does RSS grow with the data or stay bounded by the chunk size?

    .venv/bin/python benchmarks/memory_scale.py --quick          # N and 10N rows, both workloads (~1.5 min CPU)
    .venv/bin/python benchmarks/memory_scale.py                  # larger N
    .venv/bin/python benchmarks/memory_scale.py --workloads shop --scales 1,10,100 --chunk-sizes 10000,100000

Two workloads, each at N and 10N rows at one chunk size, written into a Parquet folder:

- ``unique``: one 10-column table with four unique column sets that are not unique by construction
  (two pattern codes, a large integer badge, and an (a, b) pair), so every value goes through
  the uniqueness ledgers (emails are not among them: their redraws would dominate the time);
- ``shop``: the shop example (tables only, no documents): parents whose columns children read;
- ``hr``: the HR example (tables only): the issue's HR and IT-ticketing shape — a self-referencing
  manager, a static calendar, tickets with two foreign keys to employees, ticket events as a process.

Every run is a fresh interpreter, so its peak RSS (VmHWM, else ``ru_maxrss``) is its own; "above
baseline" subtracts the same interpreter after the warm-up alone (imports, locale pools).
Side by side in the same run, three ways to hold what outlives a chunk:

- ``set``: the previous uniqueness ledger, a Python set of every value, and no spilling;
- ``hash``: the exact hash ledgers and parent columns within the engine's default budget (64 MiB; 256 MiB before 2026-12-03);
- ``spill``: the same with ``--budget`` (default 4 MiB), so ledgers and parent columns go to files.

The growth column is (peak at this size - peak at the size before) per million extra rows: a bounded
engine shows ~0.
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

MODES = ("set", "hash", "spill")


def unique_spec(rows: int) -> dict[str, Any]:
    return {
        "name": "unique_people",
        "seed": 1,
        "tables": {
            "people": {
                "rows": rows,
                "primary_key": "id",
                "columns": {
                    "id": "sequence",
                    "first_name": "first_name",
                    "last_name": "last_name",
                    "email": {"generator": "email", "first_name": "first_name", "last_name": "last_name"},
                    "code": {"generator": "pattern", "pattern": "????????##", "unique": True},
                    "token": {"generator": "pattern", "pattern": "********", "unique": True},
                    "badge": {"generator": "integer", "low": 0, "high": 10**12, "unique": True},
                    "a": {"generator": "integer", "low": 0, "high": 99_999},
                    "b": {"generator": "integer", "low": 0, "high": 99_999},
                    "joined": {"generator": "date", "start": "2015-01-01", "end": "2024-12-31"},
                },
            }
        },
        "constraints": [{"table": "people", "unique": ["a", "b"]}],
    }


def _worker(
    workload: str, size: float, chunk_size: int, mode: str, budget: int, out_dir: str, fmt: str
) -> dict[str, Any]:
    from simulacra import _spill
    from simulacra.examples import example_path
    from simulacra.generation import engine
    from simulacra.pipeline import generate

    if mode == "set":
        engine.UniqueLedger = _spill.SetLedger  # type: ignore[misc,assignment]  # the engine's default, swapped
    memory_budget = {"set": 1 << 50, "hash": None, "spill": budget}[mode]
    if workload in ("shop", "hr"):
        spec: Any = str(example_path(workload))
        kw: dict[str, Any] = {"scale": size}
        generate(
            spec, scale=0.01 if workload == "shop" else 0.2
        )  # warm-up: imports, locale pools (HR: its exact scenarios need 0.2)
    else:
        spec = unique_spec(int(size))
        kw = {}
        generate(unique_spec(200))
    base = _peak_mb()
    if size == 0:
        return {"rows": 0, "seconds": 0.0, "cpu": 0.0, "peak_rss_mb": base, "peak_anon_mb": _anon_mb()}
    sampler = _AnonPeak()
    t0, c0 = time.perf_counter(), time.process_time()
    result = generate(
        spec,
        Path(out_dir) / "out",
        chunk_size=chunk_size,
        format=fmt,
        documents=False,
        memory_budget=memory_budget,
        **kw,
    )
    return {
        "rows": sum(result.rows.values()),
        "seconds": time.perf_counter() - t0,
        "cpu": time.process_time() - c0,
        "peak_rss_mb": _peak_mb(),
        "peak_anon_mb": sampler.stop(),
    }


class _AnonPeak:
    """The largest RssAnon seen, sampled every 20 ms: VmHWM also counts file pages mapped in (spilled columns
    and ledgers are memory-mapped files, whose pages the kernel can drop), this is memory the process owns."""

    def __init__(self) -> None:
        import threading

        self.peak = 0.0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.done.wait(0.02):
            self.peak = max(self.peak, _anon_mb())

    def stop(self) -> float:
        self.done.set()
        self.thread.join()
        return max(self.peak, _anon_mb())


def _anon_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("RssAnon:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _peak_mb() -> float:
    """This process's peak RSS: VmHWM of its own memory map (``ru_maxrss`` of a child can carry its
    parent's size across exec), else ``ru_maxrss``."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _run(workload: str, size: float, chunk_size: int, mode: str, budget: int, fmt: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [
            sys.executable,
            __file__,
            "--worker",
            workload,
            "--size",
            str(size),
            "--chunk-size",
            str(chunk_size),
            "--mode",
            mode,
            "--budget",
            str(budget),
            "--format",
            fmt,
            "--out",
            tmp,
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            sys.stderr.write(proc.stdout + proc.stderr)
            raise SystemExit(f"{workload} at {size} ({mode}) failed with exit code {proc.returncode}")
        return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="unique: 20,000 and 200,000 rows; shop: scales 0.7 and 7")
    ap.add_argument("--workloads", default="unique,shop")
    ap.add_argument("--rows", default="100000,1000000", help="unique table sizes (N,10N)")
    ap.add_argument("--scales", default="3,30", help="shop scales (N,10N,...)")
    ap.add_argument("--hr-scales", default="6,60", help="HR scales (N,10N,...; scale 1 is about 16,000 rows)")
    ap.add_argument("--chunk-sizes", default="10000")
    ap.add_argument("--modes", default=",".join(MODES))
    ap.add_argument("--budget", type=int, default=4 << 20, help="memory budget of the 'spill' mode, bytes")
    ap.add_argument(
        "--format",
        default="parquet",
        choices=("parquet", "csv"),
        help="output format (Parquet holds up to one 131,072-row group of a table before writing it)",
    )
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--size", type=float, help=argparse.SUPPRESS)
    ap.add_argument("--chunk-size", type=int, default=10_000, help=argparse.SUPPRESS)
    ap.add_argument("--mode", default="hash", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        print(
            json.dumps(_worker(args.worker, args.size, args.chunk_size, args.mode, args.budget, args.out, args.format))
        )
        return
    if args.quick:
        args.rows, args.scales, args.hr_scales = "20000,200000", "0.7,7", "1.4,14"

    chunks = [int(c) for c in args.chunk_sizes.split(",")]
    modes = [m for m in args.modes.split(",") if m]
    print(f"{os.cpu_count()} CPUs; {args.format} folder output; 'spill' budget {args.budget:,} bytes")
    print(
        f"{'workload':>9}{'chunk':>8}{'mode':>7}{'rows':>11}{'wall s':>8}{'CPU s':>7}{'peak RSS MB':>12}"
        f"{'above base':>11}{'growth MB/M rows':>17}{'peak anon MB':>13}{'anon growth':>12}"
    )
    for w in args.workloads.split(","):
        sizes = [float(s) for s in {"unique": args.rows, "hr": args.hr_scales}.get(w, args.scales).split(",")]
        base = _run(w, 0, chunks[0], "hash", args.budget, args.format)["peak_rss_mb"]
        for c in chunks:
            for mode in modes:
                runs = []
                for s in sizes:
                    r = _run(w, s, c, mode, args.budget, args.format)
                    runs.append(r)
                    growth = anon_growth = ""
                    if len(runs) > 1 and r["rows"] > runs[-2]["rows"]:
                        per = (r["rows"] - runs[-2]["rows"]) / 1e6
                        growth = f"{(r['peak_rss_mb'] - runs[-2]['peak_rss_mb']) / per:,.1f}"
                        anon_growth = f"{(r['peak_anon_mb'] - runs[-2]['peak_anon_mb']) / per:,.1f}"
                    print(
                        f"{w:>9}{c:>8,}{mode:>7}{r['rows']:>11,}{r['seconds']:>8.2f}{r['cpu']:>7.2f}"
                        f"{r['peak_rss_mb']:>12.0f}{r['peak_rss_mb'] - base:>11.0f}{growth:>17}"
                        f"{r['peak_anon_mb']:>13.0f}{anon_growth:>12}",
                        flush=True,
                    )


if __name__ == "__main__":
    main()
