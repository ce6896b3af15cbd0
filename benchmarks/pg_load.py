"""Generation + load into a real PostgreSQL server, beside a plain COPY of ready CSV, in one run.

    .venv/bin/python benchmarks/pg_load.py                      # 1,000,000 person rows
    .venv/bin/python benchmarks/pg_load.py --rows 300000

A throwaway server is started on 127.0.0.1 (pg_ctl in a temp dir, as the tests do).
Two runs, each into a fresh database:

1. **simulacra**: ``generate(person spec) -> postgresql://…`` — values made, streamed
   as CSV through COPY from a writer thread, keys built after the load, one transaction.
2. **baseline**: the same rows, already made and written to a CSV file, loaded by
   psycopg's COPY into a table with its primary key — the floor any loader pays.

Reported per run: wall seconds, this process's CPU seconds, the server's CPU seconds
(psutil over the server's processes), and rows/s. The goal (issue 11) is generation +
load >= 150,000 rows/s on one core, beside the baseline's rate. On a shared machine
read the CPU columns: wall time also counts other processes.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.conftest: the server starter

GOAL = 150_000


def _server_cpu(port: int) -> float:
    import psutil

    total = 0.0
    for p in psutil.process_iter(["name", "cmdline", "cpu_times"]):
        try:
            cmd = " ".join(p.info["cmdline"] or [])
            if "postgres" in (p.info["name"] or "") or f"-p {port}" in cmd:
                t = p.info["cpu_times"]
                total += t.user + t.system + getattr(t, "children_user", 0.0) + getattr(t, "children_system", 0.0)
        except Exception:  # processes come and go
            continue
    return total


def _fresh_db(base_url: str, name: str) -> str:
    import psycopg

    root, _, _ = base_url.rpartition("/")
    with psycopg.connect(f"{root}/postgres", autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}"')
        con.execute(f'CREATE DATABASE "{name}"')
    return f"{root}/{name}"


def _timed(fn: Any, port: int) -> dict[str, float]:
    s0, c0, t0 = _server_cpu(port), time.process_time(), time.perf_counter()
    fn()
    return {"wall": time.perf_counter() - t0, "cpu": time.process_time() - c0, "server_cpu": _server_cpu(port) - s0}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--chunk-size", type=int, default=100_000)
    args = ap.parse_args()

    from benchmarks.person_table import person_spec
    from tests.conftest import running_postgres

    from simulacra.pipeline import generate

    results: dict[str, dict[str, float]] = {}
    with running_postgres() as url, tempfile.TemporaryDirectory() as tmp:
        port = int(url.split(":")[-1].split("/")[0])
        # warm-up: imports (SQLAlchemy, psycopg), locale pools, the server's first connection
        generate(person_spec(10_000), _fresh_db(url, "bench_warmup"), chunk_size=args.chunk_size)

        db = _fresh_db(url, "bench_simulacra")
        results["simulacra (generate + load)"] = _timed(
            lambda: generate(person_spec(args.rows), db, chunk_size=args.chunk_size), port
        )

        # baseline: the same rows as a ready CSV file, one COPY into a table with its key
        import psycopg

        frame = generate(person_spec(args.rows), chunk_size=args.chunk_size).frames["person"]
        csv_path = Path(tmp) / "person.csv"
        frame.write_csv(csv_path, include_header=False)
        db3 = _fresh_db(url, "bench_copy")
        cols = ", ".join(f"{c} TEXT" if c != "id" else "id BIGINT PRIMARY KEY" for c in frame.columns)

        def plain_copy() -> None:
            with psycopg.connect(db3) as con, con.cursor() as cur:
                cur.execute(f"CREATE TABLE person ({cols})")
                with cur.copy("COPY person FROM STDIN (FORMAT csv)") as cp, open(csv_path, "rb") as f:
                    while block := f.read(1 << 20):
                        cp.write(block)

        results["baseline: COPY of ready CSV"] = _timed(plain_copy, port)

    print(
        f"person table, {args.rows:,} rows, chunk size {args.chunk_size:,}, "
        f"{os.cpu_count()} CPUs (shared machine: read the CPU columns)"
    )
    print(f"{'':34}{'wall s':>9}{'client CPU s':>14}{'server CPU s':>14}{'rows/s wall':>13}{'rows/client-CPU-s':>19}")
    for label, r in results.items():
        print(
            f"{label:34}{r['wall']:>9.2f}{r['cpu']:>14.2f}{r['server_cpu']:>14.2f}"
            f"{args.rows / r['wall']:>13,.0f}{args.rows / max(r['cpu'], 1e-9):>19,.0f}"
        )
    ours = results["simulacra (generate + load)"]
    base = results["baseline: COPY of ready CSV"]
    print(f"\nratio simulacra / baseline, rows/s wall: {base['wall'] / ours['wall']:.2f}x")
    rate = args.rows / ours["wall"]
    print(f"goal >= {GOAL:,} rows/s (generation + load, wall): {'met' if rate >= GOAL else 'MISSED'} ({rate:,.0f})")


if __name__ == "__main__":
    main()
