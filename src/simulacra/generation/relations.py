"""Foreign keys to a chosen set of parents, without rejection sampling.

- ``where``: only parent rows matching a predicate are candidates (an assignee from IT).
- ``match``: the chosen parent agrees with this row on some columns (a ticket's asset
  belongs to its reporter); rows whose value no candidate has get null. With ``match_share`` p
  it agrees on a share p of rows (a surgeon on the admission's ward in 92% of procedures): a row
  agrees when its own uniform is below p, else its parent is one holding another value.
- ``within`` / ``senior`` (self-references): the parent row has the same ``within`` value
  and a strictly greater ``senior`` value (default: an earlier row), so there is no cycle.

Candidates are computed once per (table, column) from the finished parent table; each
child row then draws its parent with its own row-addressed uniform, so the choice does
not depend on chunk boundaries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra._spill import ArrayBuilder, FileArray, MemoryBudget
from simulacra.errors import GenerationError
from simulacra.generation import distributions
from simulacra.spec import model as m
from simulacra.spec.refs import expression, root_names

__all__ = [
    "BlockPool",
    "Candidates",
    "SelfPool",
    "SelfPoolBuilder",
    "agree_by_count",
    "candidates",
    "match_key",
    "self_pool",
]


def match_key(columns: list[pl.Series]) -> pl.Series:
    """One text key per row from the values of some columns (null when any is null)."""
    parts = [s.cast(pl.String) for s in columns]
    frame = pl.DataFrame({f"k{i}": p for i, p in enumerate(parts)})
    return frame.select(pl.concat_str([pl.col(c) for c in frame.columns], separator="\x1f").alias("key")).to_series()


def agree_by_count(
    parent_rows: NDArray[np.int64], u: NDArray[np.float64], count: NDArray[np.float64]
) -> NDArray[np.bool_]:
    """``match_count``: which rows agree on ``match`` when each parent's rows (``parent_rows``, whole parents)
    hold ``count`` agreeing ones (per row: its parent's; null or NaN: none): the ``count`` rows with the
    smallest ``u`` of each parent (its own draws, so which goal is the home team's is random, not its place)."""
    n = len(parent_rows)
    if not n:
        return np.zeros(0, dtype=bool)
    order = np.lexsort((u, parent_rows))
    sorted_parent = parent_rows[order]
    start = np.r_[0, np.flatnonzero(sorted_parent[1:] != sorted_parent[:-1]) + 1]
    first = np.repeat(start, np.diff(np.r_[start, n]))
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n) - first
    k = np.nan_to_num(np.asarray(count, dtype=np.float64), nan=0.0)
    return rank < np.floor(k)


@dataclass(frozen=True)
class Candidates:
    """Parent rows a foreign key may point to: ``rows`` sorted by (key, row); ``groups``: key -> [lo, hi)."""

    rows: NDArray[np.int64] | FileArray  # (in the budget: a spill file past it)
    groups: pl.DataFrame | None  # columns key, lo, hi (None: no match, one group)
    held: tuple[ArrayBuilder, ...] = ()  # what charges the arrays to a budget (``release`` once the table is made)
    hashed: _HashedGroups | None = None  # ``match`` groups by their keys' hashes (instead of ``groups``)

    def release(self) -> None:
        for h in self.held:
            h.release()

    def pick(
        self,
        spec: m.ForeignKeyColumn,
        u: NDArray[np.float64],
        keys: pl.Series | None,
        agree: NDArray[np.bool_] | None = None,
    ) -> NDArray[np.int64]:
        """A candidate row per child row by its uniform ``u``: among those holding its ``match`` key; with
        ``agree`` (``match_share``), a row where it is False takes one among the candidates holding another
        key instead, and a row that should agree but whose key no candidate holds does the same (only a row
        with no candidate at all is null)."""
        n = len(self.rows)
        if self.groups is None and self.hashed is None:
            if n == 0:
                return np.full(len(u), -1, dtype=np.int64)
            if spec.distribution == "zipf":
                d = m.Distribution(distribution="zipf", s=max(spec.s, 1.0001), n=n)
                rank = distributions.sample(d, u).astype(np.int64) - 1
                return np.asarray(self.rows.take(np.minimum(rank, n - 1)), dtype=np.int64)
            return np.asarray(self.rows.take(np.minimum((u * n).astype(np.int64), n - 1)), dtype=np.int64)
        lo, hi = self.ranges(keys, len(u))
        size = hi - lo
        pos = lo + np.minimum((u * size).astype(np.int64), np.maximum(size - 1, 0))
        inside = size > 0
        grouped = inside  # rows whose parent holds their key (checked against the hashes below)
        if agree is not None:
            # the rows not agreeing: a position among the candidates outside the key's group [lo, hi)
            other = (~agree | ~inside) & (n - size > 0)
            opos = np.minimum((u * (n - size)).astype(np.int64), np.maximum(n - size - 1, 0))
            opos = np.where(opos >= lo, opos + size, opos)
            pos = np.where(other, opos, pos)
            grouped = inside & ~other
            inside = inside | other
        got = np.asarray(self.rows.take(np.minimum(pos, max(n - 1, 0))), dtype=np.int64) if n else -1
        out = np.where(inside, got, -1).astype(np.int64)
        if self.hashed is not None:
            assert keys is not None
            self.hashed.verify(np.where(grouped, out, -1), keys)
        return out

    def ranges(self, keys: pl.Series | None, n_rows: int) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """[lo, hi) of each child row's candidates in ``rows`` (without ``match``: all of them; an empty range:
        no candidate holds the row's key)."""
        if self.groups is None and self.hashed is None:
            return np.zeros(n_rows, dtype=np.int64), np.full(n_rows, len(self.rows), dtype=np.int64)
        assert keys is not None
        if self.hashed is not None:
            return self.hashed.ranges(keys)
        assert self.groups is not None
        joined = pl.DataFrame({"key": keys}).join(self.groups, on="key", how="left", maintain_order="left")
        lo = joined.get_column("lo").fill_null(0).to_numpy().astype(np.int64)
        hi = joined.get_column("hi").fill_null(0).to_numpy().astype(np.int64)
        return lo, hi

    def pick_distinct(
        self,
        j: NDArray[np.int64],
        u_offset: NDArray[np.float64],
        u_step: NDArray[np.float64],
        keys: pl.Series | None,
        again: NDArray[np.int64] | None = None,
    ) -> NDArray[np.int64]:
        """``distinct``: the child at place ``j`` of its 'per' parent takes the ``j``-th candidate of one
        permutation of its candidates (``offset + j * step`` modulo their number, the step coprime to it), the
        same for all its siblings (``u_offset``, ``u_step``: the 'per' parent's draws; ``keys``: one per 'per'
        parent), so no two siblings share a parent. A place past the candidates is null (-1). ``again``: the
        places of rows made again (a check failed), past every sibling's first place; a row takes it where the
        permutation has it, else keeps its own."""
        lo, hi = self.ranges(keys, len(j))
        size = hi - lo
        if again is not None:
            j = np.where(again < size, again, j)
        s = np.maximum(size, 1)
        offset = np.minimum((u_offset * s).astype(np.int64), s - 1)
        step = 1 + np.minimum((u_step * (s - 1)).astype(np.int64), np.maximum(s - 2, 0))
        bad = np.gcd(step, s) != 1
        while bad.any():  # the nearest coprime step below (1 always is): a few rounds, coprimes are dense
            step[bad] -= 1
            bad = np.gcd(step, s) != 1
        inside = (size > 0) & (j < size)
        pos = lo + (offset + np.where(inside, j, 0) * step) % s
        n = len(self.rows)
        got = np.asarray(self.rows.take(np.minimum(pos, max(n - 1, 0))), dtype=np.int64) if n else -1
        out = np.where(inside, got, -1).astype(np.int64)
        if self.hashed is not None:
            assert keys is not None
            self.hashed.verify(out, keys)
        return out


def candidates(
    spec: m.ForeignKeyColumn,
    column: Callable[[str], pl.Series],
    n_parent: int,
    *,
    gather: Callable[[str, NDArray[np.int64]], pl.Series] | None = None,
    budget: MemoryBudget | None = None,
    window: int = 1 << 20,
) -> Candidates:
    """Candidate parent rows; ``column(name)`` gives a whole column of the parent table.

    With ``gather(name, rows)`` (a column at some parent rows) the ``where`` predicate (row-wise) is evaluated
    ``window`` parent rows at a time, never over whole columns, and without ``match`` the candidate rows are
    kept in ``budget`` (a spill file past it): what a large parent table costs is a window, not its size."""
    if gather is None:
        read: Callable[[str, NDArray[np.int64]], pl.Series] = lambda c, idx: column(c).gather(idx)  # noqa: E731
        window = max(n_parent, 1)
    else:
        read = gather
    keep = ArrayBuilder(budget, np.int64, "candidates") if budget is not None else None
    parts: list[NDArray[np.int64]] = []
    names = root_names(spec.where) if spec.where is not None else []
    for a in range(0, n_parent, max(window, 1)):
        idx = np.arange(a, min(n_parent, a + window), dtype=np.int64)
        if spec.where is not None:
            view = pl.DataFrame([read(c, idx).alias(c) for c in names])
            if view.width:
                idx = idx[view.select(expression(spec.where).fill_null(False)).to_series().to_numpy().astype(bool)]
        if keep is not None:
            keep.append(idx)
        else:
            parts.append(idx)
    if keep is not None and not spec.match:
        return Candidates(keep.finish(), None, (keep,))
    if keep is not None and budget is not None:
        got = _hashed_candidates(spec, read, keep, budget, window)
        if got is not None:
            keep.release()
            return got
        src = keep.finish()
        parts = [np.asarray(src.take(np.arange(len(src), dtype=np.int64)), dtype=np.int64)]
        keep.release()
    rows = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
    if not spec.match:
        return Candidates(rows, None)
    key = match_key([read(c, rows) for c in spec.match]) if len(rows) else pl.Series("key", [], dtype=pl.String)
    df = pl.DataFrame({"key": key, "row": rows}).drop_nulls("key").sort(["key", "row"])
    sorted_rows = df.get_column("row").to_numpy().astype(np.int64)
    groups = (
        df.with_row_index("pos")
        .group_by("key", maintain_order=True)
        .agg(pl.col("pos").min().cast(pl.Int64).alias("lo"), (pl.col("pos").max() + 1).cast(pl.Int64).alias("hi"))
    )
    return Candidates(sorted_rows, groups)


def _key_hashes(keys: pl.Series) -> tuple[NDArray[np.uint64], NDArray[np.uint64], NDArray[np.bool_]]:
    """Two 64-bit hashes of each match key (different seeds) and which keys are not null."""
    return (
        keys.hash(seed=0).to_numpy().astype(np.uint64),
        keys.hash(seed=1).to_numpy().astype(np.uint64),
        keys.is_not_null().to_numpy(),
    )


@dataclass(frozen=True)
class _HashedGroups:
    """``match`` groups without their keys in memory: groups sorted by the key's hash ``h1`` (unique per group:
    a table where two keys share one falls back to the text keys), each with a second hash ``h2`` and where its
    rows start in the candidates (``lo``, one more entry: the end). A key's group is found by ``h1``, confirmed by
    ``h2``, and the parent picked is checked to hold the key itself (``verify``): a hash never decides alone."""

    h1: NDArray[np.uint64] | FileArray
    h2: NDArray[np.uint64] | FileArray
    lo: NDArray[np.int64] | FileArray
    key_of: Callable[[NDArray[np.int64]], pl.Series]  # the match key of parent rows

    def ranges(self, keys: pl.Series) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """[lo, hi) of each key's group among the candidates (an empty range: no parent holds it)."""
        h1, h2, valid = _key_hashes(keys)
        ng = len(self.h1)
        g = np.minimum(np.asarray(self.h1.searchsorted(h1), dtype=np.int64), max(ng - 1, 0))
        found = valid & (g < ng) if ng else np.zeros(len(keys), dtype=bool)
        if ng:
            found &= (np.asarray(self.h1.take(g)) == h1) & (np.asarray(self.h2.take(g)) == h2)
        lo = np.asarray(self.lo.take(g), dtype=np.int64) if ng else np.zeros(len(keys), dtype=np.int64)
        hi = np.asarray(self.lo.take(g + 1), dtype=np.int64) if ng else lo
        return np.where(found, lo, 0), np.where(found, hi, 0)

    def verify(self, picked: NDArray[np.int64], keys: pl.Series) -> None:
        sel = np.flatnonzero(picked >= 0)
        if not len(sel):
            return
        theirs = self.key_of(picked[sel])
        if not bool((theirs == keys.gather(sel)).all()):
            raise GenerationError("two different match keys share both 64-bit hashes; generate with another seed")


def _hashed_candidates(
    spec: m.ForeignKeyColumn,
    read: Callable[[str, NDArray[np.int64]], pl.Series],
    rows: ArrayBuilder,
    budget: MemoryBudget,
    window: int,
) -> Candidates | None:
    """``match`` candidates grouped by the hashes of their keys, made ``window`` rows at a time: rows go to
    buckets by the top bits of ``h1`` (a bucket holds about a window of rows), then each bucket is sorted by
    (h1, h2, row) alone, so the whole is sorted by hash with every group's rows in row order, as the text keys'
    groups had them. Memory: a bucket (its largest group at least); the result is in the budget or spilled.
    None when two keys share ``h1`` (the caller then groups by the text keys)."""
    src = rows.finish()
    n = len(src)
    window = max(window, 1)
    bits = max(0, int(np.ceil(np.log2(max(n / window, 1)))))
    nb = 1 << bits
    buckets = [
        (
            ArrayBuilder(budget, np.uint64, "match-h1"),
            ArrayBuilder(budget, np.uint64, "match-h2"),
            ArrayBuilder(budget, np.int64, "match-row"),
        )
        for _ in range(nb)
    ]

    def key_of(idx: NDArray[np.int64]) -> pl.Series:
        return match_key([read(c, idx) for c in spec.match])

    for a in range(0, n, window):
        r = _window(src, a, a + window)
        h1, h2, valid = _key_hashes(key_of(r))
        h1, h2, r = h1[valid], h2[valid], r[valid]
        b = (h1 >> np.uint64(64 - bits)).astype(np.int64) if bits else np.zeros(len(h1), dtype=np.int64)
        order = np.argsort(b, kind="stable")
        cuts = np.searchsorted(b[order], np.arange(nb + 1))
        for k in range(nb):
            sel = order[cuts[k] : cuts[k + 1]]
            if len(sel):
                for builder, values in zip(buckets[k], (h1[sel], h2[sel], r[sel]), strict=True):
                    builder.append(values)
    out_rows = ArrayBuilder(budget, np.int64, "match-rows")
    g1 = ArrayBuilder(budget, np.uint64, "match-g1")
    g2 = ArrayBuilder(budget, np.uint64, "match-g2")
    glo = ArrayBuilder(budget, np.int64, "match-lo")
    made = (out_rows, g1, g2, glo)
    offset = 0
    try:
        for trio in buckets:
            h1, h2, r = (np.asarray(x.finish().take(np.arange(x.n, dtype=np.int64))) for x in trio)
            for x in trio:
                x.release()
            o = np.lexsort((r, h2, h1))
            h1, h2, r = h1[o], h2[o], r[o]
            new = np.r_[True, (h1[1:] != h1[:-1]) | (h2[1:] != h2[:-1])] if len(h1) else np.zeros(0, dtype=bool)
            starts = np.flatnonzero(new)
            if len(starts) > 1 and bool((h1[starts][1:] == h1[starts][:-1]).any()):
                for x in made:
                    x.release()
                return None
            g1.append(h1[starts])
            g2.append(h2[starts])
            glo.append(starts + offset)
            out_rows.append(r)
            offset += len(r)
    finally:
        for trio in buckets:
            for x in trio:
                x.release()
    glo.append(np.array([offset], dtype=np.int64))
    hashed = _HashedGroups(g1.finish(), g2.finish(), glo.finish(), key_of)
    return Candidates(out_rows.finish(), None, made, hashed)


@dataclass(frozen=True)
class SelfPool:
    """For every row of a table: the [lo, hi) range of ``order`` holding its eligible parents."""

    order: NDArray[np.int64]  # row indices sorted by (group, seniority)
    lo: NDArray[np.int64]  # by row
    hi: NDArray[np.int64]

    def pick(self, rows: NDArray[np.int64], u: NDArray[np.float64]) -> NDArray[np.int64]:
        lo, hi = self.lo[rows], self.hi[rows]
        size = hi - lo
        pos = lo + np.minimum((u * size).astype(np.int64), np.maximum(size - 1, 0))
        return np.where(size > 0, self.order[np.minimum(pos, len(self.order) - 1)], -1).astype(np.int64)


def self_pool(group: pl.Series | None, senior: pl.Series | None, n: int) -> SelfPool:
    """Eligible parents per row: same ``group``; strictly greater ``senior`` (default: earlier rows)."""
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return SelfPool(empty, empty, empty)
    row = np.arange(n, dtype=np.int64)
    g = (
        group.cast(pl.String).fill_null("\x00null").rank("dense").to_numpy().astype(np.int64)
        if group is not None
        else np.zeros(n, dtype=np.int64)
    )
    if senior is not None:
        s = senior.to_physical().rank("dense").fill_null(0).to_numpy().astype(np.int64)  # nulls: least senior
    else:
        s = n - row  # earlier rows are more senior
    order = np.lexsort((row, s, g))
    gs, ss = g[order], s[order]
    # start of the next (group, senior) block, and end of the group, per sorted position
    block_change = np.r_[True, (gs[1:] != gs[:-1]) | (ss[1:] != ss[:-1])]
    block_id = np.cumsum(block_change) - 1
    block_starts = np.flatnonzero(block_change)
    block_ends = np.r_[block_starts[1:], n]
    group_change = np.r_[True, gs[1:] != gs[:-1]]
    group_id = np.cumsum(group_change) - 1
    group_ends = np.r_[np.flatnonzero(group_change)[1:], n]
    lo_sorted = block_ends[block_id]
    hi_sorted = group_ends[group_id]
    lo = np.empty(n, dtype=np.int64)
    hi = np.empty(n, dtype=np.int64)
    lo[order] = lo_sorted
    hi[order] = hi_sorted
    return SelfPool(order.astype(np.int64), lo, hi)


def _window(arr: NDArray[np.int64] | FileArray, a: int, b: int) -> NDArray[np.int64]:
    return arr.read(a, b) if isinstance(arr, FileArray) else arr[a:b]


@dataclass(frozen=True)
class BlockPool:
    """``SelfPool`` kept as blocks: rows of one (group, seniority) are a block, and a row's eligible parents
    are the blocks after its own up to its group's end. Per row only its block (``block``: a provisional id,
    ``final`` maps it to the block's place) and ``order`` (rows sorted by block, then row) are kept, both in
    the budget or a spill file; ``lo``/``hi`` are per block. Picks the same rows as ``SelfPool``."""

    order: NDArray[np.int64] | FileArray
    block: NDArray[np.int64] | FileArray  # by row: provisional block id
    final: NDArray[np.int64]  # provisional id -> block index (blocks sorted by group, then seniority)
    lo: NDArray[np.int64]  # by block index: where the more senior rows of its group start in ``order``
    hi: NDArray[np.int64]  # by block index: its group's end in ``order``
    held: tuple[ArrayBuilder, ...] = ()

    def pick(self, rows: NDArray[np.int64], u: NDArray[np.float64]) -> NDArray[np.int64]:
        b = self.final[np.asarray(self.block.take(rows), dtype=np.int64)]
        lo, hi = self.lo[b], self.hi[b]
        size = hi - lo
        pos = lo + np.minimum((u * size).astype(np.int64), np.maximum(size - 1, 0))
        n = len(self.order)
        got = np.asarray(self.order.take(np.minimum(pos, max(n - 1, 0))), dtype=np.int64) if n else -1
        return np.where(size > 0, got, -1).astype(np.int64)

    def release(self) -> None:
        for h in self.held:
            h.release()


class SelfPoolBuilder:
    """A self-reference's pool (same ``within`` value, strictly greater ``senior``) made chunk by chunk in
    row order (``add``), then ``finish``: memory for the distinct (group, seniority) pairs and one window of
    rows; what is per row (a block id, the sorted order) is charged to ``budget`` or spilled past it."""

    def __init__(self, budget: MemoryBudget, n: int, window: int = 1 << 20) -> None:
        self.budget = budget
        self.n = n
        self.window = max(int(window), 1)
        self.pairs: pl.DataFrame | None = None  # g, s, id: distinct (group, seniority), ids in first-seen order
        self.ids = ArrayBuilder(budget, np.int64, "pool-block")

    def add(self, group: pl.Series | None, senior: pl.Series) -> None:
        g = (
            group.cast(pl.String).fill_null("\x00null")
            if group is not None
            else pl.Series("g", [""] * len(senior), dtype=pl.String)
        )
        df = pl.DataFrame({"g": g, "s": senior.to_physical()})
        if self.pairs is None:
            self.pairs = df.head(0).with_columns(pl.lit(0, dtype=pl.Int64).alias("id"))
        new = df.unique(maintain_order=True).join(self.pairs, on=["g", "s"], how="anti", nulls_equal=True)
        if new.height:
            start = self.pairs.height
            ids = pl.Series("id", np.arange(start, start + new.height, dtype=np.int64))
            self.pairs = pl.concat([self.pairs, new.with_columns(ids)])
        got = df.join(self.pairs, on=["g", "s"], how="left", maintain_order="left", nulls_equal=True)
        self.ids.append(got.get_column("id").to_numpy().astype(np.int64))

    def finish(self) -> BlockPool:
        pairs = self.pairs if self.pairs is not None else pl.DataFrame({"g": [], "s": [], "id": []})
        k = pairs.height
        # blocks in (group, seniority) order, nulls least senior (first), as ``self_pool`` ranks them
        ranked = pairs.sort(["g", "s"], nulls_last=False, maintain_order=True)
        prov = ranked.get_column("id").to_numpy().astype(np.int64)
        final = np.empty(k, dtype=np.int64)
        final[prov] = np.arange(k, dtype=np.int64)
        block_ids = self.ids.finish()
        size = np.zeros(k, dtype=np.int64)
        for a in range(0, self.n, self.window):
            size += np.bincount(final[_window(block_ids, a, a + self.window)], minlength=k)
        start = np.r_[0, np.cumsum(size)[:-1]].astype(np.int64) if k else np.zeros(0, dtype=np.int64)
        end = start + size
        gs = ranked.get_column("g")
        group_change = (gs != gs.shift(1)).fill_null(True).to_numpy() if k else np.zeros(0, dtype=bool)
        group_id = np.cumsum(group_change) - 1
        group_end = np.r_[start[group_change][1:], self.n].astype(np.int64) if k else np.zeros(0, dtype=np.int64)
        hi = group_end[group_id] if k else np.zeros(0, dtype=np.int64)
        order = ArrayBuilder(self.budget, np.int64, "pool-order", size=self.n)
        cursor = start.copy()
        for a in range(0, self.n, self.window):
            b = final[_window(block_ids, a, a + self.window)]
            rows = np.arange(a, a + len(b), dtype=np.int64)
            by = np.argsort(b, kind="stable")
            bs = b[by]
            first = np.searchsorted(bs, bs, side="left")  # each sorted position's block's first position
            order.scatter(cursor[bs] + (np.arange(len(bs)) - first), rows[by])
            cursor += np.bincount(b, minlength=k)
        return BlockPool(order.finish(), block_ids, final, end, hi, (self.ids, order))
