"""CPU of one accounts chunk of the bank example made in two tasks (``make_to_counts`` then ``make_after_counts``: how
the Dask executor makes a table whose children's counts read its own rows) against one ``make_chunk`` with the
offsets known, in this process (no cluster), with the context the executor sends the workers.

    PYTHONPATH=src .venv/bin/python benchmarks/dask_split_cost.py --scale 400
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from simulacra.distributed import DaskExecutor
from simulacra.distributed._task import Job, _engine, make_after_counts, make_chunk, make_to_counts
from simulacra.examples import example_path
from simulacra.generation.engine import Engine
from simulacra.spec.load import load_plan


def cpu(f: Callable[..., Any], *args: Any) -> tuple[float, Any]:
    start = time.process_time()
    out = f(*args)
    return time.process_time() - start, out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=400)
    ap.add_argument("--rows", type=int, default=100_000)
    args = ap.parse_args()
    plan = load_plan(example_path("bank"))
    e = Engine(plan, seed=None, scale=args.scale)
    for t, chunks in e.tables():  # the tables before accounts, made here
        if t == "accounts":
            break
        for _ in chunks:
            pass
    ex = DaskExecutor(None)
    ex.engine = e
    ctx = ex.context("accounts", {"cards": np.zeros(0, dtype=np.int64)})
    ctx.children = ex._per_row_children("accounts")
    job = Job(plan, e.seed, e.scale, e.chunk_size, e.max_attempts)
    print(f"context {ctx.nbytes / 1e6:.1f} MB: {list(ctx.columns)}")
    c, eng = cpu(_engine, job, ctx)
    eng.close()
    print(f"engine rebuild with the context: {c:.3f} s")
    a, b = 0, args.rows
    whole = ex.context("accounts")
    whole.children = list(ctx.children)
    for call in range(3):  # (the first in a process pays one-time warm-ups)
        c1, counted = cpu(make_to_counts, job, ctx, "accounts", a, b)
        c2, res = cpu(make_after_counts, job, ctx, counted, "accounts", a, b, {"cards": 0})
        whole.offsets["cards"] = np.cumsum(counted.counts["cards"], dtype=np.int64)  # (the first chunk's parents)
        c3, one = cpu(make_chunk, job, whole, "accounts", a, b)
        same = one.made.frame.equals(res.made.frame)
        print(f"call {call}: head {c1:.3f} s + tail {c2:.3f} s; one make_chunk {c3:.3f} s; same frame {same}")


if __name__ == "__main__":
    main()
