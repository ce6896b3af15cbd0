"""Foreign keys that read a whole parent table — a self-reference within a group (``within``/``senior``), a
foreign key to filtered parents (``where``) — and keys unique by their position in the parent: what they keep
per parent row is in the memory budget (a spill file past it), what they compute is computed a window of rows
at a time, and the rows are the same as before.

The digest was taken before this change (commit 8f05e97): the HR example's Parquet files at scale 1.5.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest
from numpy.typing import NDArray
from tests.helpers import plan_of

from simulacra._spill import MemoryBudget
from simulacra.generation.engine import Engine
from simulacra.generation.relations import SelfPoolBuilder, candidates, match_key, self_pool
from simulacra.pipeline import generate

# retaken on branch learn-names (issue 13): people's names come from population-shaped pools (values._names)
HR_PARQUET = "ca8098d8b35eb9854debfaeeb272da43220f7d346b64d48b3b9d3704eb0365da"

PEOPLE = """
seed: 4
tables:
  people:
    rows: {rows}
    primary_key: id
    columns:
      id: sequence
      team: {{generator: integer, low: 1, high: 40}}
      grade: {{generator: integer, low: 1, high: 8}}
      kind: {{generator: categorical, values: [staff, contractor, intern]}}
      boss: {{generator: foreign_key, references: people.id, within: team, senior: grade}}
  tickets:
    rows: 3000
    columns:
      who: {{generator: foreign_key, references: people.id, where: "kind = 'staff' AND grade > 2"}}
"""


def _status(key: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    raise AssertionError(f"no {key} in /proc/self/status")


def _run(rows: int, budget: int | None, chunk_size: int = 20_000) -> tuple[dict[str, pl.DataFrame], float]:
    """The tables of PEOPLE at ``rows`` people, and how far resident memory rose above where it was meanwhile
    (the peak, VmHWM, reset to the current RSS first: Linux /proc/self/clear_refs)."""
    engine = Engine(plan_of(PEOPLE.format(rows=rows)), chunk_size=chunk_size, memory_budget=budget)
    kept: dict[str, list[pl.DataFrame]] = {}
    Path("/proc/self/clear_refs").write_text("5")
    before = _status("VmRSS")
    for name, chunks in engine.tables():
        for chunk in chunks:
            kept.setdefault(name, []).append(chunk.select(["boss"] if name == "people" else ["who"]))
    rise = _status("VmHWM") - before
    return {k: pl.concat(v) for k, v in kept.items()}, rise


@pytest.mark.parametrize("rows", [250_000, 1_000_000])
def test_self_reference_pool_and_filtered_parents_hold_a_window_not_the_table(rows: int) -> None:
    """A self-reference within a group ranked every row of the table in whole-table arrays (a dozen of 8 bytes
    per row while the pool was made, three kept to the end of the run), and a foreign key with ``where`` read its
    parents' columns whole to test the predicate: both grew with the parent table (+64 MB at 250,000 people here,
    +217 MB at 10^6, on the code before).
    Now the pool is made chunk by chunk (per row a block id and the sorted order, in the 1 MiB budget or spilled)
    and the predicate is tested a window of parents at a time: the rise is the chunks' own at either size (11 and
    16 MB when this was written)."""
    _run(100_000, 1 << 20)  # warm-up: imports, allocator pools
    frames, rise = _run(rows, 1 << 20)
    assert rise <= 40, f"{rows:,} people: resident memory rose {rise:.0f} MB"
    assert frames["people"].height == rows and frames["tickets"].height == 3000


def test_self_reference_and_filtered_parents_same_rows_whatever_the_budget_and_chunks() -> None:
    """The pool and the candidates, in memory or spilled, picked in any chunking, give the same rows; the
    manager is in the same team with a strictly higher grade, the ticket's person is a staff member above 2."""
    ref, _ = _run(30_000, None, chunk_size=30_000)
    for budget, chunk in ((0, 7_001), (1 << 16, 4_096), (None, 999)):
        got, _ = _run(30_000, budget, chunk_size=chunk)
        for name in ref:
            assert got[name].equals(ref[name]), (name, budget, chunk)
    whole = Engine(plan_of(PEOPLE.format(rows=30_000)), chunk_size=5_000).frames()
    people = whole["people"]
    boss = people.join(people, left_on="boss", right_on="id", suffix="_b")
    assert boss.height == people["boss"].is_not_null().sum() > 20_000
    assert (boss["team"] == boss["team_b"]).all() and (boss["grade_b"] > boss["grade"]).all()
    top = people.filter(pl.col("grade") == people["grade"].max())
    assert top["boss"].is_null().all()
    who = whole["tickets"].join(people, left_on="who", right_on="id")
    assert who.height == 3000 and (who["kind"] == "staff").all() and (who["grade"] > 2).all()


@pytest.mark.parametrize("budget", [0, 1 << 12, 1 << 30])
def test_block_pool_picks_what_the_whole_table_pool_picks(budget: int) -> None:
    """The pool made chunk by chunk picks the rows the whole-table one does: text and integer groups, nulls in
    the group and in the seniority (nulls are least senior), float and date seniorities, many or few blocks,
    windows smaller than a chunk; in memory or in spill files."""
    rng = np.random.default_rng(budget + 1)
    n = 20_011
    cases: list[tuple[pl.Series | None, pl.Series]] = [
        (pl.Series(rng.integers(0, 7, n)), pl.Series(rng.integers(1, 6, n))),
        (pl.Series(rng.choice(["IT", "HR", "Ops"], n)), pl.Series(rng.normal(size=n).round(1))),
        (None, pl.Series(rng.integers(0, 3000, n))),
        (
            pl.Series([None if x == 0 else f"g{x}" for x in rng.integers(0, 5, n)]),
            pl.Series([None if x < 2 else int(x) for x in rng.integers(0, 9, n)]),
        ),
        (pl.Series(rng.integers(0, 50, n)), pl.Series(rng.integers(0, 4000, n)).cast(pl.Date)),
    ]
    mem = MemoryBudget(limit=budget)
    for group, senior in cases:
        old = self_pool(group, senior, n)
        builder = SelfPoolBuilder(mem, n, window=1_000)
        for a in range(0, n, 3_001):
            builder.add(None if group is None else group[a : a + 3_001], senior[a : a + 3_001])
        new = builder.finish()
        rows = np.r_[rng.integers(0, n, 5_000), 0, n - 1]
        u = rng.random(len(rows))
        assert np.array_equal(new.pick(rows, u), old.pick(rows, u))
        new.release()
    assert mem.used == 0
    mem.close()


HR_LIKE = """
seed: 2
tables:
  tickets:
    rows: 50
    primary_key: id
    columns:
      id: sequence
      opened: {generator: datetime, start: 2024-01-01, end: 2024-12-31}
  events:
    rows:
      per: tickets
      process:
        start: new
        at: opened
        states:
          new: {next: {done: 1}}
          done: {}
    primary_key: [ticket_id, step]
    columns:
      ticket_id: {generator: foreign_key, references: tickets.id}
      step: {generator: process, field: step}
  pay:
    rows: {per: tickets, count: {distribution: fixed, value: 3}}
    primary_key: [ticket_id, month]
    columns:
      ticket_id: {generator: foreign_key, references: tickets.id}
      month: {generator: expression, expr: "sibling.position"}
  other:
    rows: {per: tickets, count: {distribution: fixed, value: 3}}
    primary_key: [ticket_id, k]
    columns:
      ticket_id: {generator: foreign_key, references: tickets.id}
      k: {generator: integer, low: 1, high: 100000}
"""


def test_keys_made_of_the_parent_and_the_position_keep_no_ledger() -> None:
    """(parent key, a process's step) and (parent key, ``sibling.position``) are unique by construction: no
    ledger (one held 16 bytes per row, 55 M ticket events and 30 M salaries in HR at 10^8 rows); a composite
    key with any other second column keeps its ledger."""
    engine = Engine(plan_of(HR_LIKE))
    assert engine.uniqueness.columns("events") == []
    assert engine.uniqueness.columns("pay") == []
    assert engine.uniqueness.columns("other") == [("ticket_id", "k")]
    frames = engine.frames()
    assert frames["events"].select(["ticket_id", "step"]).is_unique().all()
    assert frames["pay"].select(["ticket_id", "month"]).is_unique().all() and frames["pay"].height == 150


def _hr_digest(chunk_size: int, budget: int | None) -> str:
    from simulacra.examples import example_path

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        generate(
            str(example_path("hr")),
            out,
            format="parquet",
            scale=1.5,
            chunk_size=chunk_size,
            documents=False,
            memory_budget=budget,
        )
        h = hashlib.sha256()
        for p in sorted(out.glob("*.parquet")):
            h.update(p.name.encode() + b"\0" + p.read_bytes())
        return h.hexdigest()


@pytest.mark.parametrize(("chunk_size", "budget"), [(100_000, None), (777, 0)])
def test_hr_example_same_bytes_as_before(chunk_size: int, budget: Any) -> None:
    """The HR example (self-reference within a department, filtered and matched foreign keys, a process,
    positions in the parent) writes the bytes it wrote before, everything in memory or everything spilled."""
    assert _hr_digest(chunk_size, budget) == HR_PARQUET


def _match_case(n: int, seed: int) -> tuple[Any, dict[str, pl.Series], pl.Series, NDArray[np.float64]]:
    """A foreign key matching on two parent columns (one text, one integer, some nulls), keys of children:
    present, absent and null."""
    from simulacra.spec import model as m

    rng = np.random.default_rng(seed)
    cols = {
        "owner": pl.Series("owner", [None if x == 0 else int(x) for x in rng.integers(0, n // 3, n)]),
        "site": pl.Series("site", rng.choice(["a", "b", "ü"], n)),
        "ok": pl.Series("ok", rng.random(n) < 0.8),
    }
    spec = m.ForeignKeyColumn(generator="foreign_key", references="p.id", match={"owner": "x", "site": "y"}, where="ok")
    kid_owner = pl.Series([None if x == 0 else int(x) for x in rng.integers(0, n // 3 + 50, 3 * n)])
    keys = match_key([kid_owner, pl.Series(rng.choice(["a", "b", "ü", "z"], 3 * n))])
    return spec, cols, keys, rng.random(3 * n)


@pytest.mark.parametrize(("budget", "window"), [(None, 1_000_000), (0, 97), (1 << 14, 1_000), (1 << 30, 5_000)])
def test_match_groups_by_hash_pick_what_the_text_keys_pick(budget: int | None, window: int) -> None:
    """A ``match`` foreign key's groups were text keys of every candidate parent, sorted in memory (held to the end
    of the run: 3 M assets at HR 10^8). Grouped by the keys' hashes in buckets a window at a time (in the budget
    or spilled), they pick the same parents; a key no parent holds and a null key pick none."""
    spec, cols, keys, u = _match_case(20_000, 7)
    n = 20_000
    old = candidates(spec, cols.__getitem__, n)
    mem = MemoryBudget(limit=0 if budget is None else budget)
    new = candidates(spec, cols.__getitem__, n, gather=lambda c, idx: cols[c].gather(idx), budget=mem, window=window)
    assert new.hashed is not None
    want = old.pick(spec, u, keys)
    assert np.array_equal(new.pick(spec, u, keys), want)
    assert (want >= 0).sum() > len(want) // 3 and (want < 0).sum() > len(want) // 10
    new.release()
    assert mem.used == 0
    mem.close()


def test_match_groups_fall_back_on_a_shared_hash_and_never_pick_a_wrong_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two keys sharing the first hash: the table groups by its text keys (same picks). Keys sharing both hashes
    (forced here) are caught when the picked parent's key is checked: an error, never a wrong parent."""
    from simulacra.errors import GenerationError
    from simulacra.generation import relations

    spec, cols, keys, u = _match_case(5_000, 3)
    n = 5_000
    want = candidates(spec, cols.__getitem__, n).pick(spec, u, keys)
    real = relations._key_hashes

    def weak(k: pl.Series) -> Any:
        h1, h2, valid = real(k)
        return h1 & np.uint64(0xFF), h2, valid  # 256 values for ~3,000 keys: shared first hashes

    def none(k: pl.Series) -> Any:
        _, _, valid = real(k)
        z = np.zeros(len(k), dtype=np.uint64)
        return z, z, valid  # every key the same two hashes

    def gather(c: str, idx: NDArray[np.int64]) -> pl.Series:
        return cols[c].gather(idx)

    monkeypatch.setattr(relations, "_key_hashes", weak)
    got = candidates(spec, cols.__getitem__, n, gather=gather, budget=MemoryBudget(limit=1 << 20), window=500)
    assert got.hashed is None and np.array_equal(got.pick(spec, u, keys), want)
    monkeypatch.setattr(relations, "_key_hashes", none)
    got = candidates(spec, cols.__getitem__, n, gather=gather, budget=MemoryBudget(limit=1 << 20), window=500)
    assert got.hashed is not None
    with pytest.raises(GenerationError, match="share both 64-bit hashes"):
        got.pick(spec, u, keys)
