"""generate on Dask: one process vs. a LocalCluster of 1 and 2 worker processes, same bytes.

    PYTHONPATH=src .venv/bin/python benchmarks/dask_scale.py --quick          # ~3 min on 2 idle cores
    PYTHONPATH=src .venv/bin/python benchmarks/dask_scale.py --person-rows 10000000 --bank-scale 20
    PYTHONPATH=src .venv/bin/python benchmarks/dask_scale.py --workloads person --format parquet-parts
    PYTHONPATH=src .venv/bin/python benchmarks/dask_scale.py --workloads person --format postgresql

Workloads (written to a Parquet folder, tables only; ``--format parquet-parts``: a folder per table, a part
per chunk, which on Dask the workers write themselves; ``--format duckdb``: a DuckDB file, which on Dask loads the
Parquet parts the workers write, compared by its tables' rows in load order; ``--format postgresql``: a database on
a throwaway PostgreSQL server started on 127.0.0.1 as the tests start it, one database per run, which on Dask loads
the parts the workers ``COPY`` to the server, compared by its tables' rows in load order):

- ``person``: the 10-column person table of benchmarks/person_table.py (no parents, no uniqueness ledger);
- ``person-unique``: the same table with ``email`` unique: a ledger (about 5% of the rows repeat an earlier
  e-mail and are redrawn), checked in ledger shards on the workers (``--shards``, default one per worker;
  ``--shards 0``: the whole ledger on the client, as before);
- ``bank``: the bank example (clients -> accounts -> cards / transactions / loans; accounts carry an
  aggregate over cards, so they are made on the client; transactions read their account).

For each workload, side by side in one run: ``one`` (``simulacra.pipeline.generate`` in this process,
the baseline) and ``dask`` with 1 and 2 workers (one thread each). Each cluster is warmed up with a small
run first (imports, locale pools). Reported: wall time, rows/s, the client's CPU time and the workers'
(``getrusage`` on each worker, before/after), each worker's peak RSS, tasks, worker CPU per task, and the
scheduler overhead per task (wall time of 400 no-op tasks through the same client, divided by 400). The
output files are compared with the baseline's by SHA-256 (``identical``). The 2w/1w ratio is printed per
workload (goal >= 1.8). On a shared machine the ratio measures the contention as much as the engine:
the load average is printed beside it, with each worker's CPU seconds, and a **projection** of the 2w/1w
ratio on an idle machine from the CPU figures alone: with ``c`` the workers' CPU per task and ``s`` the
client's CPU per task (its serial stage), a chunk takes max(c / W, s) with W workers, so the projected
ratio is max(c, s) / max(c / 2, s) — a model, not a measurement. The client process also spends CPU while the
cluster idles (heartbeats, monitors: measured for 3 s before each Dask run), per second of wall, not per chunk;
``s_work`` is ``s`` less that over the run's wall, and the bound is printed with it too.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.conftest: the PostgreSQL server starter

from person_table import person_spec  # noqa: E402


def _usage() -> tuple[float, int]:
    """(CPU seconds, peak RSS KiB) of this process. The peak is VmHWM: ``ru_maxrss`` survives exec, so a
    worker spawned by a big client would report the client's peak."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    peak = r.ru_maxrss
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peak = int(line.split()[1])
    except OSError:
        pass
    return r.ru_utime + r.ru_stime, peak


def _noop() -> None:
    return None


def _sums(folder: Path | str) -> dict[str, str]:
    if isinstance(folder, str):  # a PostgreSQL database: the tables' rows as COPY prints them, in scan order
        import psycopg

        out: dict[str, str] = {}
        with psycopg.connect(folder) as con:
            con.execute("SET synchronize_seqscans TO off")
            tables = con.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_simulacra_manifest' ORDER BY 1"
            ).fetchall()
            for (t,) in tables:
                h = hashlib.sha256()
                with con.cursor() as cur, cur.copy(f'COPY "{t}" TO STDOUT') as copy:
                    for block in copy:
                        h.update(block)
                out[t] = h.hexdigest()
        return out
    if folder.is_file():  # a database file (``--format duckdb``): the tables' rows in load order, not the file's bytes
        from simulacra.io import read_dataset

        return {t: hashlib.sha256(f.write_ipc(None).getvalue()).hexdigest() for t, f in read_dataset(folder).items()}
    return {
        str(f.relative_to(folder)): hashlib.sha256(f.read_bytes()).hexdigest()
        for f in sorted(folder.rglob("*"))
        if f.is_file() and f.name != "manifest.json"
    }


def _spec(workload: str, rows: int, bank_scale: float) -> tuple[Any, float]:
    if workload == "person":
        return person_spec(rows), 1.0
    if workload == "person-unique":
        spec = person_spec(rows)
        spec["tables"]["person"]["columns"]["email"]["unique"] = True
        return spec, 1.0
    from simulacra.examples import example_path

    return example_path("bank"), bank_scale


def _database(url: str, name: str, *, fresh: bool = False) -> str:
    """A database ``name`` on the server behind ``url`` (dropped first when ``fresh``), its URL."""
    import psycopg

    base = url.rpartition("/")[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as con:
        if fresh:
            con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if con.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            con.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


def run(workload: str, mode: str, workers: int, args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    from simulacra.pipeline import generate

    spec, scale = _spec(workload, args.person_rows, args.bank_scale)
    ext = ".duckdb" if args.format == "duckdb" else ""
    out: Any = tmp / f"{workload}-{mode}-{workers}{ext}"
    kw: dict[str, Any] = {"format": args.format, "chunk_size": args.chunk_size, "documents": False, "scale": scale}
    warm_spec, warm_scale = _spec(workload, 20_000, 0.05)
    warm: Any = tmp / f"warm-{workload}-{mode}-{workers}{ext}"
    if args.format == "postgresql":
        out, warm = _database(args.pg_url, f"{workload}_{mode}_{workers}"), _database(args.pg_url, "warm", fresh=True)
        kw["format"] = None
    if mode == "one":
        generate(warm_spec, warm, **{**kw, "scale": warm_scale})
        load0 = os.getloadavg()[0]
        c0 = time.process_time()
        t0 = time.perf_counter()
        result = generate(spec, out, **kw)
        wall = time.perf_counter() - t0
        return {
            "load": (load0, os.getloadavg()[0]),
            "worker_cpus": [],
            "written_by": {},
            "wall": wall,
            "client_cpu": time.process_time() - c0,
            "worker_cpu": 0.0,
            "rss": [_usage()[1] / 1024],
            "tasks": 0,
            "overhead": 0.0,
            "rows": sum(result.manifest["rows"].values()),
            "out": out,
            "placement": {},
        }
    from simulacra.distributed import DaskExecutor
    from simulacra.distributed._cluster import connect

    with connect(workers=workers) as client:  # the cluster `--engine dask --workers N` starts
        generate(
            warm_spec,
            warm,
            distribute=DaskExecutor(client, shards=args.shards),
            **{**kw, "scale": warm_scale, "chunk_size": 2_000},
        )
        # the client process's CPU per second of wall while the cluster idles (heartbeats, monitors): a cost per second,
        # not per chunk, that a loaded machine's longer wall adds to the client's CPU (``s`` less it: ``s_work``)
        i0, w0 = time.process_time(), time.perf_counter()
        time.sleep(3.0)
        idle = (time.process_time() - i0) / (time.perf_counter() - w0)
        before = client.run(_usage)
        ex = DaskExecutor(client, shards=args.shards)
        load0 = os.getloadavg()[0]
        c0 = time.process_time()
        t0 = time.perf_counter()
        result = generate(spec, out, distribute=ex, **kw)
        wall = time.perf_counter() - t0
        client_cpu = time.process_time() - c0
        after = client.run(_usage)
        t1 = time.perf_counter()
        client.gather(client.map(lambda i: _noop(), range(400), pure=False))
        overhead = (time.perf_counter() - t1) / 400
    return {
        "load": (load0, os.getloadavg()[0]),
        "worker_cpus": [after[w][0] - before[w][0] for w in sorted(after)],
        "written_by": ex.written_by,
        "wall": wall,
        "client_cpu": client_cpu,
        "worker_cpu": sum(after[w][0] - before[w][0] for w in after),
        "rss": [after[w][1] / 1024 for w in sorted(after)],
        "tasks": ex.tasks,
        "idle": idle,
        "overhead": overhead,
        "rows": sum(result.manifest["rows"].values()),
        "out": out,
        "placement": ex.placement,
        "sharded": ex.sharded,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--person-rows", type=int, default=2_000_000)
    ap.add_argument("--bank-scale", type=float, default=5.0)
    ap.add_argument("--chunk-size", type=int, default=100_000)
    ap.add_argument("--workloads", default="person,bank")
    ap.add_argument("--format", default="parquet", choices=["parquet", "parquet-parts", "duckdb", "postgresql"])
    ap.add_argument("--quick", action="store_true", help="person 600,000 rows, bank scale 2")
    ap.add_argument(
        "--shards",
        type=int,
        default=None,
        help="ledger shards per table with a uniqueness ledger (default: one per worker; 0: the ledger on the client)",
    )
    ap.add_argument(
        "--only-dask",
        type=int,
        default=None,
        metavar="W",
        help="only the Dask run with W workers (no baseline, so no byte check): the per-worker memory at sizes "
        "too large to run three times",
    )
    args = ap.parse_args()
    if args.quick:
        args.person_rows, args.bank_scale = 600_000, 2.0
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    import contextlib

    with tempfile.TemporaryDirectory() as d, contextlib.ExitStack() as stack:
        tmp = Path(d)
        args.pg_url = None
        if args.format == "postgresql":
            from tests.conftest import running_postgres

            args.pg_url = stack.enter_context(running_postgres())
        for workload in args.workloads.split(","):
            if args.only_dask:
                r = run(workload, "dask", args.only_dask, args, tmp)
                print(
                    f"\n{workload}: {r['rows']:,} rows, {args.format}, chunk {args.chunk_size:,}, dask "
                    f"{args.only_dask} worker(s) only (no baseline, no byte check): wall {r['wall']:.2f} s, "
                    f"client CPU {r['client_cpu']:.2f} s, worker CPU {r['worker_cpu']:.2f} s in {r['tasks']} tasks, "
                    f"peak RSS MiB per worker {', '.join(f'{x:.0f}' for x in r['rss'])}, "
                    f"load average {r['load'][0]:.1f}-{r['load'][1]:.1f}"
                )
                continue
            base = run(workload, "one", 1, args, tmp)
            want = _sums(base["out"])
            res = {"one": base}
            for n in (1, 2):
                res[f"dask{n}w"] = run(workload, "dask", n, args, tmp)
            print(
                f"\n{workload}: {base['rows']:,} rows, {args.format}, chunk {args.chunk_size:,}, "
                f"load average {os.getloadavg()[0]:.1f}"
            )
            print(
                f"{'mode':<8} {'wall s':>8} {'rows/s':>11} {'client CPU s':>12} {'worker CPU s':>12} "
                f"{'tasks':>6} {'CPU/task s':>10} {'sched/task ms':>13} {'peak RSS MiB (per worker)':>26} "
                f"{'CPU s per worker':>17} {'load avg':>11} identical"
            )
            for name, r in res.items():
                same = _sums(r["out"]) == want
                per_task = r["worker_cpu"] / r["tasks"] if r["tasks"] else 0.0
                rss = ", ".join(f"{x:.0f}" for x in r["rss"])
                cpus = ", ".join(f"{x:.2f}" for x in r["worker_cpus"]) or "-"
                load = f"{r['load'][0]:.1f}-{r['load'][1]:.1f}"
                print(
                    f"{name:<8} {r['wall']:>8.2f} {r['rows'] / r['wall']:>11,.0f} {r['client_cpu']:>12.2f} "
                    f"{r['worker_cpu']:>12.2f} {r['tasks']:>6} {per_task:>10.3f} {r['overhead'] * 1000:>13.2f} "
                    f"{rss:>26} {cpus:>17} {load:>11} {same}"
                )
            print(
                f"placement: {res['dask2w']['placement']}; parts written by: {res['dask2w']['written_by'] or '-'}; "
                f"ledger shards: {res['dask2w']['sharded'] or '-'}"
            )
            chunks = -(-base["rows"] // args.chunk_size) if workload.startswith("person") else 0
            if chunks:  # (tasks counts the ledger shards' tasks too: per chunk here)
                cs = {n: (res[n]["worker_cpu"] / chunks, res[n]["client_cpu"] / chunks) for n in ("dask1w", "dask2w")}
                for name, (c, s) in cs.items():
                    print(
                        f"{name}: per chunk of {args.chunk_size:,} rows: worker CPU c={c:.3f} s, client+scheduler "
                        f"CPU s={s:.3f} s (serial share {s / (s + c):.0%})"
                    )
                (c1, s1), (c2, s2) = cs["dask1w"], cs["dask2w"]
                print(
                    "BOUND on 2 idle cores (a model from these CPU figures, not a measurement): 1 worker takes "
                    "max(c1, s1) per chunk, 2 workers and the client share 2 cores: max(s2, c2/2, (c2+s2)/2); "
                    f"2w/1w <= {max(c1, s1) / max(s2, c2 / 2, (c2 + s2) / 2):.2f}x"
                )
                # s less what the idle cluster costs the client over this run's wall (not per chunk: per second)
                w1, w2 = (
                    max(0.0, res[n]["client_cpu"] - res[n]["idle"] * res[n]["wall"]) / chunks
                    for n in ("dask1w", "dask2w")
                )
                print(
                    f"idle cluster: {res['dask1w']['idle'] * 1000:.1f} / {res['dask2w']['idle'] * 1000:.1f} ms of client "
                    f"CPU per second of wall (1w / 2w); s less it over each run's wall: s_work1={w1:.3f} s, "
                    f"s_work2={w2:.3f} s per chunk; the same bound with them: 2w/1w <= "
                    f"{max(c1, w1) / max(w2, c2 / 2, (c2 + w2) / 2):.2f}x"
                )
            print(
                f"2 workers / 1 worker: {res['dask1w']['wall'] / res['dask2w']['wall']:.2f}x (goal >= 1.8); "
                f"dask 1 worker / one process: {base['wall'] / res['dask1w']['wall']:.2f}x"
            )


if __name__ == "__main__":
    main()
