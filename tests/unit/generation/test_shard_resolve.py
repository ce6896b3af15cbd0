"""The client's redraw decisions for a table checked in ledger shards (``distributed._ledger.resolve``) are one
process's (``UniquenessLedger.enforce``), whichever way a chunk is decided: over arrays (one column set, no
candidate any value holds, no two accepted candidates alike) or by the row-by-row walk (the rest).

In process, without Dask: the shards' functions (``chunk_buckets``, ``shard_step``, ``shard_lookup`` through
``ask_shards``, ``fixes``) are called as the cluster's tasks call them, by a uniqueness that stands in for the
executor's. The values are drawn from spaces of several sizes, so repeats are rare or many: inside a chunk, across
chunks, candidates that a ledger or a later row holds, two rows' candidates alike, candidates a row check refuses,
nulls, a composite column set, a shared value a scenario exempts, a child table with a rank; per seed, chunk size
and shard count, the frames are one process's, and both ways were taken."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from numpy.typing import NDArray
from polars.testing import assert_frame_equal
from tests.helpers import plan_of

from simulacra.distributed._ledger import (
    ShardState,
    ask_shards,
    chunk_buckets,
    fixes,
    resolve,
    shard_lookup,
    shard_step,
    shardable,
)
from simulacra.generation.engine import Engine
from simulacra.generation.rows import MadeRows
from simulacra.generation.uniqueness import UniquenessLedger


class LocalShards(UniquenessLedger):
    """The executor's sharded uniqueness, its tasks run in this process (a chain of shard states per table)."""

    def __init__(self, engine: Engine, shards: int) -> None:
        super().__init__(engine)
        self.k = shards
        self.states: dict[str, list[ShardState | None]] = {}
        self.fix: dict[str, list[Any]] = {}
        self.ways: dict[str, dict[str, int]] = {}

    def enforce(
        self, t: str, rows: NDArray[np.int64], made: MadeRows, uniques: list[tuple[str, ...]], ledgers: list[Any]
    ) -> Any:
        if not shardable(self.e, uniques, t):
            return super().enforce(t, rows, made, uniques, ledgers)
        a = int(rows[0])
        buckets = chunk_buckets(self.e, t, made, uniques, a, self.k)
        prev = self.states.get(t, [None] * self.k)
        fix = self.fix.get(t, [None] * self.k)
        states = [shard_step(prev[k], buckets[k], fix[k]) for k in range(self.k)]
        self.states[t] = list(states)

        def holders(queries: Any) -> list[list[list[int]]]:
            return ask_shards(queries, self.k, lambda per: [shard_lookup(states[k], per[k]) for k in range(self.k)])

        ways = self.ways.setdefault(t, {})
        frame, _, redrawn = resolve(self.e, t, rows, made, uniques, [s.flags for s in states], holders, None, ways)
        self.fix[t] = [None] * self.k if redrawn is None else fixes(self.e, t, a, redrawn, uniques, self.k)
        return frame


def spec(seed: int, rows: int, space: float) -> str:
    """``space``: values per row of the unique columns' spaces (2: many repeats and candidates that collide)."""
    v = max(4, int(rows * space))
    return f"""\
name: walk
seed: {seed}
tables:
  people:
    rows: {rows}
    primary_key: id
    columns:
      id: sequence
      code: {{generator: integer, low: 1, high: {v}, unique: true, null_rate: 0.05}}
  cards:
    rows: {rows}
    columns:
      num: {{generator: integer, low: 1, high: {v}, unique: true}}
      x: {{generator: integer, low: 1, high: {max(2, int((2 * v) ** 0.5))}}}
      y: {{generator: integer, low: 1, high: {max(2, int((2 * v) ** 0.5))}}}
  pairs:
    rows: {rows}
    columns:
      a: {{generator: integer, low: 1, high: {max(2, v // 3)}}}
      b: {{generator: categorical, values: {{p: 0.4, q: 0.3, r: 0.2, s: 0.1}}}}
  accounts:
    rows: {rows // 2}
    columns:
      iban: {{generator: integer, low: 1, high: {max(4, v // 2)}, unique: true}}
  visits:
    rows: {{per: people, count: {{distribution: uniform, low: 0, high: 2}}}}
    columns:
      person: {{generator: foreign_key, references: people.id}}
      ticket: {{generator: integer, low: 1, high: {v * 2}, unique: true}}
      n: {{generator: rank, start: 1}}
constraints:
  - {{table: cards, unique: [x, y]}}
  - {{table: pairs, unique: [a, b]}}
  - {{table: people, check: "code % 4 <> 1"}}
  - {{table: visits, column: ticket, min: 5}}
scenarios:
  - {{name: ghost, table: accounts, count: 7, labels: {{ghost: 1}}, shared: [iban]}}
"""


@pytest.mark.parametrize(("chunk", "shards"), [(37, 1), (150, 3), (1000, 2)])
def test_shard_walk_gives_one_process_redraws(chunk: int, shards: int) -> None:
    ways: dict[str, int] = {}
    for seed in (1, 2, 3):
        for space in (2.0, 5.0, 60.0):
            text = spec(seed, 600, space)
            want = Engine(plan_of(text), chunk_size=chunk).frames()
            engine = Engine(plan_of(text), chunk_size=chunk)
            local = LocalShards(engine, shards)
            engine.uniqueness = local
            got = engine.frames()
            assert set(got) == set(want)
            for t in want:
                assert_frame_equal(got[t], want[t], check_exact=True)
            assert engine.stats.redraws["people"]["rows"] > 0
            for w in local.ways.values():
                for k, c in w.items():
                    ways[k] = ways.get(k, 0) + c
    # both ways decided chunks with redraws: over arrays (one column set, no collision) and by the walk
    assert ways.get("arrays", 0) >= 5, ways
    assert ways.get("walk", 0) >= 5, ways


def two_sets(seed: int, rows: int, space: float) -> str:
    """A table with two unique sets over small spaces: a row can repeat an earlier row's (x, y) while that earlier
    row is redrawn for its ``num`` (a redraw makes every unique column again), so it keeps its own value."""
    v = int(rows * space)
    side = max(2, int(v**0.5))
    return f"""\
name: two
seed: {seed}
tables:
  cards:
    rows: {rows}
    columns:
      num: {{generator: integer, low: 1, high: {v}, unique: true}}
      x: {{generator: integer, low: 1, high: {side}}}
      y: {{generator: integer, low: 1, high: {side}}}
constraints:
  - {{table: cards, unique: [x, y]}}
"""


def test_two_sets_over_arrays_are_one_process() -> None:
    """Chunks of a table with two sets decided over arrays: which flagged rows need a redraw is found in row order
    (a row whose group's earlier row was redrawn for the other set keeps its value), as one process finds it."""
    ways: dict[str, int] = {}
    for seed in range(10, 30):
        for space in (2.5, 4.0):
            text = two_sets(seed, 400, space)
            want = Engine(plan_of(text), chunk_size=53).frames()
            engine = Engine(plan_of(text), chunk_size=53)
            local = LocalShards(engine, 2)
            engine.uniqueness = local
            assert_frame_equal(engine.frames()["cards"], want["cards"], check_exact=True)
            for k, c in local.ways.get("cards", {}).items():
                ways[k] = ways.get(k, 0) + c
    assert ways.get("arrays", 0) >= 20, ways
