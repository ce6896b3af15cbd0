"""The client's redraw decisions for a table checked in ledger shards (``distributed._ledger.resolve``): its CPU
alone, in one process and without Dask (the shards' functions called as the cluster's tasks call them), on a
generated table whose values repeat a lot. Run it with another checkout's ``src`` on ``PYTHONPATH`` for a
before/after pair; the frames' checksum must agree.

    PYTHONPATH=src python benchmarks/ledger_walk_cpu.py --case two-sets   # x, y composite + a code: the walk
    PYTHONPATH=src python benchmarks/ledger_walk_cpu.py --case one-set    # a code alone: mostly over arrays
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import os
import time
from typing import Any

import numpy as np


def spec(case: str, rows: int, seed: int) -> str:
    pair = f"""
      x: {{generator: integer, low: 1, high: {int((rows * 2.7) ** 0.5)}}}
      y: {{generator: integer, low: 1, high: {int((rows * 2.7) ** 0.5)}}}
constraints:
  - {{table: people, unique: [x, y]}}"""
    return f"""
name: walk
seed: {seed}
tables:
  people:
    rows: {rows}
    columns:
      code: {{generator: integer, low: 1, high: {rows * 2}, unique: true, null_rate: 0.05}}{pair if case == "two-sets" else ""}
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--case", choices=["two-sets", "one-set"], default="two-sets")
    ap.add_argument("--rows", type=int, default=60_000)
    ap.add_argument("--chunk-size", type=int, default=20_000)
    ap.add_argument("--shards", type=int, default=2)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    from simulacra.distributed import _ledger as led
    from simulacra.generation.engine import Engine
    from simulacra.generation.uniqueness import UniquenessLedger
    from simulacra.spec.load import load_plan

    def ask(queries: Any, k: int, answer: Any) -> Any:
        """The shards' lookups routed by hash (``_ledger.ask_shards``; a checkout before it had them in the
        executor, so the same routing is written here for that case only)."""
        if hasattr(led, "ask_shards"):
            return led.ask_shards(queries, k, answer)
        per: list[list[Any]] = [[] for _ in range(k)]
        where = []
        for u, view, keys in queries:
            h = led.hash_rows(view) if view.height else np.zeros(0, dtype=np.uint64)
            sel = [np.flatnonzero(h % np.uint64(k) == np.uint64(i)) for i in range(k)]
            where.append(sel)
            for i in range(k):
                per[i].append((u, h[sel[i]], [keys[j] for j in sel[i].tolist()]))
        got = answer([led.Lookups(q) for q in per])
        out = []
        for qi, (_, _, keys) in enumerate(queries):
            res: list[Any] = [[] for _ in keys]
            for i in range(k):
                for j, hs in zip(where[qi][i].tolist(), got[i][qi], strict=True):
                    res[j] = hs
            out.append(res)
        return out

    spent = {"cpu": 0.0, "chunks": 0}
    ways: dict[str, int] = {}

    class Shards(UniquenessLedger):
        def __init__(self, engine: Engine, k: int) -> None:
            super().__init__(engine)
            self.k, self.states, self.fix = k, {}, {}  # type: ignore[var-annotated]

        def enforce(self, t: str, rows: Any, made: Any, uniques: Any, ledgers: Any) -> Any:
            a, k = int(rows[0]), self.k
            buckets = led.chunk_buckets(self.e, t, made, uniques, a, k)
            prev, fix = self.states.get(t, [None] * k), self.fix.get(t, [None] * k)
            states = [led.shard_step(prev[i], buckets[i], fix[i]) for i in range(k)]
            self.states[t] = states

            def holders(q: Any) -> Any:
                return ask(q, k, lambda per: [led.shard_lookup(states[i], per[i]) for i in range(k)])

            c0 = time.thread_time()
            kw = {"ways": ways} if "ways" in inspect.signature(led.resolve).parameters else {}
            frame, _, redrawn = led.resolve(self.e, t, rows, made, uniques, [s.flags for s in states], holders, **kw)
            spent["cpu"] += time.thread_time() - c0
            spent["chunks"] += 1
            self.fix[t] = [None] * k if redrawn is None else led.fixes(self.e, t, a, redrawn, uniques, k)
            return frame

    plan = load_plan("walk.yaml", text=spec(args.case, args.rows, args.seed))
    engine = Engine(plan, chunk_size=args.chunk_size)
    engine.uniqueness = Shards(engine, args.shards)
    load0 = os.getloadavg()[0]
    frame = engine.frames()["people"]
    digest = hashlib.sha256(frame.write_ipc(None).getvalue()).hexdigest()[:16]
    st = engine.stats.redraws["people"]
    print(
        f"{args.case}, {args.rows:,} rows, chunks of {args.chunk_size:,}, {args.shards} shard(s); load average "
        f"{load0:.1f} -> {os.getloadavg()[0]:.1f}; resolve CPU {spent['cpu']:.3f} s over {spent['chunks']} chunks; "
        f"rows redrawn {st['rows']}, passes {st['passes']}, candidates {st['candidates']}; "
        f"chunks decided {ways or '(not counted)'}; frame sha256 {digest}"
    )


if __name__ == "__main__":
    main()
