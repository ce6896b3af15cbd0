"""Foreign keys to a chosen set of parents, without rejection sampling.

- ``where``: only parent rows matching a predicate are candidates (an assignee from IT).
- ``match``: the chosen parent agrees with this row on some columns (a ticket's asset
  belongs to its reporter); rows whose value no candidate has get null.
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

from simulacra.generation import distributions
from simulacra.spec import model as m
from simulacra.spec.refs import expression, root_names

__all__ = ["Candidates", "SelfPool", "candidates", "match_key", "self_pool"]


def match_key(columns: list[pl.Series]) -> pl.Series:
    """One text key per row from the values of some columns (null when any is null)."""
    parts = [s.cast(pl.String) for s in columns]
    frame = pl.DataFrame({f"k{i}": p for i, p in enumerate(parts)})
    return frame.select(pl.concat_str([pl.col(c) for c in frame.columns], separator="\x1f").alias("key")).to_series()


@dataclass(frozen=True)
class Candidates:
    """Parent rows a foreign key may point to: ``rows`` sorted by (key, row); ``groups``: key -> [lo, hi)."""

    rows: NDArray[np.int64]
    groups: pl.DataFrame | None  # columns key, lo, hi (None: no match, one group)

    def pick(self, spec: m.ForeignKeyColumn, u: NDArray[np.float64], keys: pl.Series | None) -> NDArray[np.int64]:
        n = len(self.rows)
        if self.groups is None:
            if n == 0:
                return np.full(len(u), -1, dtype=np.int64)
            if spec.distribution == "zipf":
                d = m.Distribution(distribution="zipf", s=max(spec.s, 1.0001), n=n)
                rank = distributions.sample(d, u).astype(np.int64) - 1
                return self.rows[np.minimum(rank, n - 1)]
            return self.rows[np.minimum((u * n).astype(np.int64), n - 1)]
        assert keys is not None
        joined = pl.DataFrame({"key": keys}).join(self.groups, on="key", how="left", maintain_order="left")
        lo = joined.get_column("lo").fill_null(0).to_numpy().astype(np.int64)
        hi = joined.get_column("hi").fill_null(0).to_numpy().astype(np.int64)
        size = hi - lo
        pos = lo + np.minimum((u * size).astype(np.int64), np.maximum(size - 1, 0))
        return np.where(size > 0, self.rows[np.minimum(pos, max(n - 1, 0))] if n else -1, -1).astype(np.int64)


def candidates(spec: m.ForeignKeyColumn, column: Callable[[str], pl.Series], n_parent: int) -> Candidates:
    """Candidate parent rows; ``column(name)`` gives a whole column of the parent table."""
    rows = np.arange(n_parent, dtype=np.int64)
    if spec.where is not None and n_parent:
        view = pl.DataFrame([column(c).alias(c) for c in root_names(spec.where)])
        ok = (
            view.select(expression(spec.where).fill_null(False)).to_series().to_numpy().astype(bool)
            if view.width
            else np.ones(n_parent, bool)
        )
        rows = rows[ok]
    if not spec.match:
        return Candidates(rows, None)
    key = (
        match_key([column(c).gather(rows) for c in spec.match]) if len(rows) else pl.Series("key", [], dtype=pl.String)
    )
    df = pl.DataFrame({"key": key, "row": rows}).drop_nulls("key").sort(["key", "row"])
    sorted_rows = df.get_column("row").to_numpy().astype(np.int64)
    groups = (
        df.with_row_index("pos")
        .group_by("key", maintain_order=True)
        .agg(pl.col("pos").min().cast(pl.Int64).alias("lo"), (pl.col("pos").max() + 1).cast(pl.Int64).alias("hi"))
    )
    return Candidates(sorted_rows, groups)


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
