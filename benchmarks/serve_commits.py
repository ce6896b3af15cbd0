"""CPU per write with and without group commit (issue 16): the shop's writer, in process.

Writes (half creates of a customer, half PATCHes of one) run in asyncio tasks G at a time, either each in
its own transaction (the writer's ``Store.transaction``) or through a ``GroupCommit`` that gives the G writes
one ``BEGIN IMMEDIATE`` … ``COMMIT`` and a ``SAVEPOINT`` each; best of R rounds of N writes, process CPU time,
for the in-memory store and a served file (WAL, ``synchronous = NORMAL``).

    .venv/bin/python benchmarks/serve_commits.py            # N 1,200, R 5, G 1, 4, 16
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _ops(writer: Any, table: Any, n: int, first: int) -> list[Callable[[], Any]]:
    """``n`` writes: creates of a customer (a new email each, numbered from ``first``) and PATCHes, alternated."""
    out: list[Callable[[], Any]] = []
    for i in range(n):
        if i % 2 == 0:
            k = first + i
            body = {
                "gender": "F",
                "first_name": "Load",
                "last_name": f"T{k}",
                "email": f"load.{k}@example.com",
                "segment": "regular",
                "signup_at": "2024-01-01T00:00:00Z",
            }
            out.append(lambda body=body: writer.create(table, body))
        else:
            patch = {"segment": "vip" if i % 4 == 1 else "regular"}
            out.append(lambda key=(i % 400) + 1, patch=patch: writer.update(table, key, patch, partial=True))
    return out


async def _alone(write: Callable[[], Any]) -> Any:
    return write()


async def _drive(ops: list[Callable[[], Any]], size: int, commits: Any | None) -> None:
    """``size`` tasks at a time; through ``commits`` (one group each time) or each in its own transaction."""
    for start in range(0, len(ops), size):
        batch = ops[start : start + size]
        if commits is not None:
            await asyncio.gather(*(commits.run(f) for f in batch))
        else:
            await asyncio.gather(*(_alone(f) for f in batch))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--writes", type=int, default=1200)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--groups", type=int, nargs="+", default=[1, 4, 16])
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from simulacra.serve import build_state
    from simulacra.serve.commits import GroupCommit

    for where in ("memory", "file"):
        db = None if where == "memory" else os.path.join(tempfile.mkdtemp(prefix="serve_commits_"), "served.db")
        state = build_state("example:shop", scale=0.25, seed=42, database=db)
        made = 0
        cells = []
        for size in args.groups:
            for grouped in (False, True):
                best = float("inf")
                for _ in range(args.rounds):
                    ops = _ops(state.writer, state.model.tables["customers"], args.writes, made)
                    made += args.writes
                    commits = GroupCommit(state.store, grouped=True) if grouped else None
                    loop = asyncio.new_event_loop()
                    c0 = time.process_time()
                    loop.run_until_complete(_drive(ops, size, commits))
                    c1 = time.process_time()
                    loop.close()
                    best = min(best, (c1 - c0) / args.writes * 1e6)
                cells.append(f"G={size} {'grouped' if grouped else 'own'} {best:.1f}")
        print(f"{where}: µs of CPU per write (best of {args.rounds}): " + ", ".join(cells))


if __name__ == "__main__":
    main()
