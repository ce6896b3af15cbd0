"""evaluate --chunked-only: one process vs. a LocalCluster of 1 and 2 worker processes, same numbers.

    PYTHONPATH=src .venv/bin/python benchmarks/dask_evaluate.py --rows 1000000
    PYTHONPATH=src .venv/bin/python benchmarks/dask_evaluate.py --rows 10000000 --whole 0
    PYTHONPATH=src .venv/bin/python benchmarks/dask_evaluate.py --rows 200000 --input csv     # or --input duckdb

The pair of tables: the 10-column person table of benchmarks/person_table.py generated twice (seed 1: the "real"
table, seed 2: the synthetic one) as ``parquet-parts`` (a part per 100,000 rows), and a holdout of ``--rows / 10``
(seed 3), so every chunked metric runs (shapes, pair trends, exact matches, DCR/NNDR). ``--input csv`` / ``duckdb``
copies each side into one CSV file / one DuckDB file (streamed by polars / DuckDB, not through this process's memory)
without ``birth_date`` and ``postcode``: as text, one process types those over the whole column (dates; ZIP codes
whose every value reads as a number), which ``--chunked-only`` refuses. Runs, one after another:

- ``whole``: ``evaluate --engine dask`` as before this change (2 workers; the client reads every input whole and
  runs every metric, the chunked ones on the workers) — only when ``--whole 1`` (its client holds the tables);
- ``one``: ``evaluate --chunked-only`` in this process (``LocalChunks``: one partition after another);
- ``dask1w`` / ``dask2w``: ``evaluate --chunked-only --engine dask`` with 1 and 2 workers (one thread each; each
  cluster warmed up on a small pair first).

Reported: wall time, the client's CPU time and peak RSS (VmHWM of this process — cumulative, so a later run's figure
is at least an earlier one's: ``whole`` runs last), each worker's CPU seconds and peak RSS, tasks, the load average
before and after. ``same`` compares every chunked result with ``one``'s (counts bit for bit, Pearson's r to 1e-12).
On a shared machine the 2w/1w ratio measures the contention as much as the engine: read it beside the CPU columns.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dask_scale import _usage  # noqa: E402
from person_table import person_spec  # noqa: E402

SPEC = {"n_attacks": 40, "detection_folds": 2}


def _make(tmp: Path, rows: int, form: str = "parquet") -> dict[str, str]:
    import polars as pl

    from simulacra.pipeline import generate

    out = {}
    tmp.mkdir(parents=True, exist_ok=True)
    for role, seed, n in (("real", 1, rows), ("synthetic", 2, rows), ("holdout", 3, max(rows // 10, 2))):
        generate(person_spec(n, seed), tmp / role, format="parquet-parts", chunk_size=100_000, documents=False)
        out[role] = str(tmp / role)
        if form == "parquet":
            continue
        parts = pl.scan_parquet(str(tmp / role / "person" / "part-*.parquet")).drop("birth_date", "postcode")
        if form == "csv":
            parts.sink_csv(tmp / f"{role}.csv")
            out[role] = str(tmp / f"{role}.csv")
        else:
            import duckdb

            parts.sink_parquet(tmp / f"{role}.parquet")
            con = duckdb.connect(str(tmp / f"{role}.duckdb"))
            con.execute(f"CREATE TABLE person AS SELECT * FROM read_parquet('{tmp / f'{role}.parquet'}')")
            con.close()
            out[role] = str(tmp / f"{role}.duckdb")
    return out


def _results(report: Any) -> dict[str, Any]:
    from simulacra.evaluation.chunked import CHUNKED

    d = json.loads(json.dumps(report.to_dict()))
    return {f"{m['metric']}:{','.join(m.get('columns') or ())}": m for m in d["metrics"] if m["metric"] in CHUNKED}


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    def close(x: Any, y: Any) -> bool:
        if isinstance(x, float) and isinstance(y, float):
            return math.isclose(x, y, rel_tol=1e-12, abs_tol=1e-15)
        if isinstance(x, dict) and isinstance(y, dict):
            return x.keys() == y.keys() and all(close(x[k], y[k]) for k in x)
        return bool(x == y)

    return a.keys() == b.keys() and all(
        close(a[k], b[k])
        if k.startswith("correlation")
        else json.dumps(a[k], sort_keys=True) == json.dumps(b[k], sort_keys=True)
        for k in a
    )


def run(mode: str, workers: int, paths: dict[str, str], warm: dict[str, str], rows: int) -> dict[str, Any]:
    from simulacra.evaluation import evaluate
    from simulacra.evaluation.chunked import LocalChunks

    kw: dict[str, Any] = {"seed": 0, "n_jobs": 1, "spec": SPEC}
    if mode == "one":
        load0 = os.getloadavg()[0]
        c0, t0 = time.process_time(), time.perf_counter()
        report = evaluate(**paths, **kw, distribute=LocalChunks(rows), chunked_only=True)
        wall = time.perf_counter() - t0
        return {
            "wall": wall,
            "client_cpu": time.process_time() - c0,
            "client_rss": _usage()[1] / 1024,
            "worker_cpus": [],
            "worker_rss": [],
            "tasks": 0,
            "load": (load0, os.getloadavg()[0]),
            "results": _results(report),
            "summary": report.summary,
        }
    from distributed import Client, LocalCluster

    from simulacra.distributed import DaskChunks

    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address="127.0.0.1:0"
        ) as cluster,
        Client(cluster) as client,
    ):
        evaluate(**warm, **kw, distribute=DaskChunks(client, partition_rows=rows), chunked_only=mode != "whole")
        before = client.run(_usage)
        runner = DaskChunks(client, partition_rows=rows)
        load0 = os.getloadavg()[0]
        c0, t0 = time.process_time(), time.perf_counter()
        report = evaluate(**paths, **kw, distribute=runner, chunked_only=mode != "whole")
        wall = time.perf_counter() - t0
        client_cpu = time.process_time() - c0
        after = client.run(_usage)
    return {
        "wall": wall,
        "client_cpu": client_cpu,
        "client_rss": _usage()[1] / 1024,
        "worker_cpus": [after[w][0] - before[w][0] for w in sorted(after)],
        "worker_rss": [after[w][1] / 1024 for w in sorted(after)],
        "tasks": runner.tasks,
        "load": (load0, os.getloadavg()[0]),
        "results": _results(report),
        "summary": report.summary,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000, help="rows of the real and of the synthetic table")
    ap.add_argument("--partition-rows", type=int, default=100_000)
    ap.add_argument("--whole", type=int, default=1, help="1: also run evaluate --engine dask reading whole tables")
    ap.add_argument("--input", choices=["parquet", "csv", "duckdb"], default="parquet", help="the inputs' form")
    args = ap.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (a machine shared with others)")
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        t0 = time.perf_counter()
        paths = _make(tmp / "big", args.rows, args.input)
        warm = _make(tmp / "warm", 5_000, args.input)
        print(
            f"inputs made in {time.perf_counter() - t0:.1f} s: {args.rows:,} + {args.rows:,} + {args.rows // 10:,} rows"
            f" ({args.input})"
        )
        print(
            f"\n{'mode':<7} {'wall s':>8} {'client CPU s':>12} {'client peak MiB':>15} {'worker CPU s':>16} "
            f"{'worker peak MiB':>16} {'tasks':>6} {'load avg':>10} same"
        )
        res: dict[str, dict[str, Any]] = {}
        modes = [("one", 1), ("dask1w", 1), ("dask2w", 2)] + ([("whole", 2)] if args.whole else [])
        for name, n in modes:
            res[name] = run("dask" if name.startswith("dask") else name, n, paths, warm, args.partition_rows)
            _row(name, res[name], res["one"]["results"])
    print(f"summary (one): {res['one']['summary']}")
    print(
        f"2 workers / 1 worker: {res['dask1w']['wall'] / res['dask2w']['wall']:.2f}x; "
        f"1 worker / one process: {res['one']['wall'] / res['dask1w']['wall']:.2f}x"
    )


def _row(name: str, r: dict[str, Any], want: dict[str, Any]) -> None:
    """One run's line, printed as soon as it ends (``whole`` also holds metrics that are not chunked)."""
    cpus = ", ".join(f"{x:.1f}" for x in r["worker_cpus"]) or "-"
    rss = ", ".join(f"{x:.0f}" for x in r["worker_rss"]) or "-"
    same = _same({k: v for k, v in r["results"].items() if k in want}, want)
    print(
        f"{name:<7} {r['wall']:>8.2f} {r['client_cpu']:>12.2f} {r['client_rss']:>15.0f} {cpus:>16} {rss:>16} "
        f"{r['tasks']:>6} {r['load'][0]:>4.1f}-{r['load'][1]:<4.1f} {same}",
        flush=True,
    )


if __name__ == "__main__":
    main()
