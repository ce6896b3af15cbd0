"""Where a Dask run of the bank example idles: each worker's busy and idle time over the run and per table (Dask's
task stream: every task's compute interval on its worker), the tasks' CPU by function and table, and the chain of a
table whose chunks are settled one after the other (the fused uniqueness ledger: chunk k's settlement reads the
ledger after chunk k-1's redraws, which go through the client).

    PYTHONPATH=src .venv/bin/python benchmarks/dask_idle.py --scale 60 --workers 2
    PYTHONPATH=<other src>:... --label base    # the same on another source tree, for a before/after in one shell

Per table with a settled chain, the time between one chunk's settlement ending and the next one's ending (a link) is
cut, on the worker that settles the next chunk, into: the chain's own tasks there (``shard_step``, ``settle_chunk``,
``settle_link``, ``settled_fix``, ``cut_buckets``), other tasks that held the worker while a chain task could have run (``blocked``), and the rest
(``unmade``: idle before the next chunk itself was made, its make still running elsewhere or not yet sent; ``gap``:
the rest, the fix's way to the next steps, through the client where it goes through it, scheduling, transfers). The
sum of the links is the chain's length; the table's wall beside it says how much of the table the chain is. Times are
walls of the tasks on the workers (under load they hold waits for a core too), not CPU. Then, per kind of step from
one chain task to the next on a worker (``step>settle``, ``settle>fix``, ``fix>step``...), in how many of those gaps
another task started there first, and for how long: the scheduler sends a task only once its inputs are made, so a
worker between two chain tasks is free for a moment, and a chunk made ahead can start there whatever its priority.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

#: the tasks on a settled table's chain (one per chunk, in chunk order); ``settle_link`` is a step and a settlement
#: in one task (since dask-ledger61), ``settle_chunk`` the settlement alone (before it, and after a lost worker)
CHAIN = ("shard_step", "settle_chunk", "settle_link", "settled_fix", "cut_buckets")
SETTLE = ("settle_chunk", "settle_link")


def _usage() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _name(key: Any) -> str:
    """A task's function from its key: ``simulacra-<table>-<a>-<b>-<id>`` is a chunk's make, else ``<function>-<id>``."""
    k = key if isinstance(key, str) else str(key[0] if isinstance(key, tuple) else key)
    if k.startswith("simulacra-"):
        return "make"
    return k.split("-")[0]


def _union(iv: list[tuple[float, float]]) -> float:
    tot, end = 0.0, -1e300
    for a, b in sorted(iv):
        if b <= end:
            continue
        tot += b - max(a, end)
        end = b
    return tot


def _clip(iv: list[tuple[float, float]], lo: float, hi: float) -> list[tuple[float, float]]:
    return [(max(a, lo), min(b, hi)) for a, b in iv if b > lo and a < hi]


def _between(here: list[tuple[str, str, float, float]], workers: list[str]) -> dict[str, list[Any]]:
    """Per pair of a worker's consecutive chain tasks (by start; ``shard_step>settle_chunk``...): how many such gaps,
    in how many another task started on that worker (a make, a write: the worker was free while the scheduler had
    not yet sent the next chain task, whose input had only just been made), and that task's time in the gap."""
    got: dict[str, list[Any]] = defaultdict(lambda: [0, 0, 0.0])
    for w in workers:
        mine = sorted((s, e, f) for ww, f, s, e in here if ww == w)
        chain = [(s, e, f) for s, e, f in mine if f in CHAIN]
        for (_, e1, f1), (s2, _, f2) in zip(chain, chain[1:], strict=False):
            k = f"{_short(f1)}>{_short(f2)}"
            got[k][0] += 1
            into = [(s, e) for s, e, f in mine if f not in CHAIN and e1 <= s < s2]
            if into:
                got[k][1] += 1
                got[k][2] += _union([(s, min(e, s2)) for s, e in into])
    return dict(got)


def _short(f: str) -> str:
    return {
        "shard_step": "step",
        "settle_chunk": "settle",
        "settle_link": "link",
        "settled_fix": "fix",
        "cut_buckets": "cut",
    }.get(f, f)


def analyse(records: list[dict[str, Any]], phases: list[tuple[str, float, float]], t0: float, t1: float) -> str:
    """The report: per worker busy/idle over the run and per table; per table the chain's links."""
    tasks: list[tuple[str, str, float, float]] = []  # worker, function, start, stop (compute only)
    for r in records:
        for ss in r.get("startstops", ()):
            if ss.get("action") == "compute":
                tasks.append((r["worker"], _name(r["key"]), ss["start"], ss["stop"]))
    workers = sorted({w for w, _, _, _ in tasks})
    out = []
    wall = t1 - t0
    busy = {w: _union(_clip([(a, b) for ww, _, a, b in tasks if ww == w], t0, t1)) for w in workers}
    out.append(f"run wall {wall:.2f} s; per worker busy " + ", ".join(f"{busy[w]:.2f}" for w in workers) + " s")
    out.append(
        "idle share over the run: "
        + ", ".join(f"{1 - busy[w] / wall:.1%}" for w in workers)
        + f" (mean {1 - sum(busy.values()) / (wall * max(1, len(workers))):.1%})"
    )
    out.append("")
    out.append(
        "| table | wall s | busy s per worker | idle share | chain links | chain own s | blocked s | unmade s | gap s |"
    )
    out.append("|---|---|---|---|---|---|---|---|---|")
    cpu: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0])
    between: list[tuple[str, dict[str, list[Any]]]] = []
    for t, a, b in phases:
        here = [(w, f, max(s, a), min(e, b)) for w, f, s, e in tasks if e > a and s < b]
        for _, f, s, e in here:
            cpu[(t, f)][0] += e - s
            cpu[(t, f)][1] += 1
        bw = [_union([(s, e) for ww, _, s, e in here if ww == w]) for w in workers]
        idle = 1 - sum(bw) / ((b - a) * max(1, len(workers)))
        settles = sorted((e, s, w) for w, f, s, e in here if f in SETTLE)
        made = sorted(e for _, f, _, e in here if f == "make")  # (the chunks' last tasks end, in about chunk order)
        own = blocked = gap = unmade = 0.0
        for i, ((prev_end, _, _), (end, _, w)) in enumerate(zip(settles, settles[1:], strict=False)):
            on = [(f, max(s, prev_end), min(e, end)) for ww, f, s, e in here if ww == w and e > prev_end and s < end]
            o = _union([(s, e) for f, s, e in on if f in CHAIN])
            x = _union([(s, e) for f, s, e in on if f not in CHAIN])
            g = (end - prev_end) - o - x
            # the part of the idle time before the chunk itself was made (its make still running, or not yet sent)
            u = min(g, max(0.0, made[i + 1] - prev_end)) if i + 1 < len(made) else 0.0
            own += o
            blocked += x
            unmade += u
            gap += g - u
        links = max(0, len(settles) - 1)
        out.append(
            f"| {t} | {b - a:.2f} | {', '.join(f'{v:.2f}' for v in bw)} | {idle:.1%} | {links} | "
            f"{own:.2f} | {blocked:.2f} | {unmade:.2f} | {gap:.2f} |"
        )
        if settles:
            between.append((t, _between(here, workers)))
    out.append("")
    out.append(
        "between two chain tasks one after the other on a worker (``a>b``): gaps, those in which another task started"
        " there, and that task's time up to the second chain task's start (s):"
    )
    for t, got in between:
        out.append(f"  {t:13s} " + "; ".join(f"{k} {n} / {m} / {v:.2f}" for k, (n, m, v) in sorted(got.items())))
    out.append("")
    out.append("task compute time by table and function (s, tasks):")
    for (t, f), (v, n) in sorted(cpu.items(), key=lambda kv: (kv[0][0], -kv[1][0])):
        out.append(f"  {t:13s} {f:18s} {v:7.2f} {int(n):5d}")
    return "\n".join(out)


def main() -> None:
    from distributed import get_task_stream

    from simulacra.distributed import DaskExecutor
    from simulacra.distributed._cluster import connect
    from simulacra.examples import example_path
    from simulacra.pipeline import generate

    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=60)
    ap.add_argument("--workers", type=int, nargs="+", default=[2])
    ap.add_argument("--chunk", type=int, default=100_000)
    ap.add_argument("--label", default="")
    args = ap.parse_args()

    phases: list[tuple[str, float, float]] = []
    rows = DaskExecutor.rows

    def timed_rows(self: Any, t: str, bounds: list[tuple[int, int]]) -> Any:
        a = time.time()
        try:
            yield from rows(self, t, bounds)
        finally:
            phases.append((t, a, time.time()))

    DaskExecutor.rows = timed_rows  # type: ignore[method-assign]
    tmp = Path(tempfile.mkdtemp())
    kw: dict[str, Any] = {"format": "parquet-parts", "documents": False}
    for w in args.workers:
        with connect(workers=w) as client:
            generate(
                example_path("bank"),
                tmp / f"warm{w}",
                chunk_size=2_000,
                scale=0.05,
                distribute=DaskExecutor(client),
                **kw,
            )
            phases.clear()
            before = client.run(_usage)
            ex = DaskExecutor(client)
            load0, c0 = os.getloadavg()[0], time.process_time()
            with get_task_stream(client) as ts:
                t0 = time.time()
                generate(
                    example_path("bank"), tmp / f"out{w}", chunk_size=args.chunk, scale=args.scale, distribute=ex, **kw
                )
                t1 = time.time()
            client_cpu = time.process_time() - c0
            after = client.run(_usage)
            recs = list(ts.data)
        wcpu = [after[k] - before[k] for k in sorted(after)]
        print(
            f"## {args.label} bank scale {args.scale:g}, {w} worker(s): wall {t1 - t0:.2f} s, client CPU "
            f"{client_cpu:.2f} s, worker CPU {', '.join(f'{c:.2f}' for c in wcpu)} s (sum {sum(wcpu):.2f}), "
            f"tasks {ex.tasks}, load {load0:.1f}-{os.getloadavg()[0]:.1f}"
        )
        print(analyse(recs, phases, t0, t1))
        print()


if __name__ == "__main__":
    main()
