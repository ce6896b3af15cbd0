"""The counts planner: how many rows each table has, and which parent each child row belongs to.

A table sized by a number has its rows from the start (times ``scale`` unless static). A table made
``per`` a parent gets its children per parent row while the parent is made (``record``, in parent row
order, so any chunking gives the same counts); once the parent is finished (``finish``) the running
total of those counts (``offsets``) says how many rows the child has, and which parent row each child
row belongs to (``parent_idx``). Chunks of a table whose rows read whole parent groups (running sums,
ranks, ``previous.``) end at a parent boundary (``chunk_bounds``). A table with ``rows.total`` has that many
rows (times ``scale``) spread over its parents (``totals``): each parent's count a function of its row alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra._spill import FileArray
from simulacra.errors import Problem, SpecValidationError
from simulacra.generation import distributions, totals
from simulacra.spec import model as m

if TYPE_CHECKING:
    from simulacra.generation.engine import Engine

__all__ = ["CountsPlanner", "counts_equal"]


def counts_equal(expr: str, parents: pl.DataFrame, drawn: NDArray[np.int64]) -> NDArray[np.int64]:
    """Children per parent row from ``rows.equals``, an expression of the parent's columns (a match's goals:
    ``home_goals + away_goals``), rounded down; a parent where it is null or negative keeps its ``drawn``
    count. One home for ``generate`` and ``sample``."""
    from simulacra.spec.refs import expression_for

    value = parents.select(expression_for(expr, parents.schema).cast(pl.Float64).alias("n")).to_series()
    got = value.fill_nan(None).to_numpy()
    ok = np.isfinite(got) & (got >= 0)
    return np.where(ok, np.floor(np.where(ok, got, 0)), drawn).astype(np.int64)


def _compact(counts: NDArray[np.int64]) -> NDArray[np.integer[Any]]:
    """Children per parent row kept until the parent table ends: int32 where they fit (half the memory)."""
    if len(counts) and int(counts.max()) >= 2**31:
        return counts
    return counts.astype(np.int32)


class CountsPlanner:
    """Row counts of an engine's tables (``n_rows``), children per parent row, and chunk bounds."""

    def __init__(self, engine: Engine) -> None:
        self.e = engine
        self.n_rows: dict[str, int] = {}
        # child -> children per parent row, chunk by chunk (int32 where they fit: 4 B per parent row)
        self.counts: dict[str, list[NDArray[np.integer[Any]]]] = {}
        self.count_done: dict[str, int] = {}  # child -> parent rows whose counts are recorded
        # past the budget, while the parent is still being made: child -> (offsets file, parent rows in it, their
        # children in all); the counts recorded after that are appended to it
        self.files: dict[str, tuple[Path, int, int]] = {}
        self._held: dict[str, int] = {}  # child -> bytes of its counts charged to the budget
        # child -> running total of children, per parent row (in memory, or a file read a window at a time)
        self.offsets: dict[str, NDArray[np.int64] | FileArray] = {}
        for t, tp in engine.plan.tables.items():
            if not isinstance(tp.spec.rows, m.RowsPerParent):
                self.n_rows[t] = int(round(tp.spec.rows * (1.0 if tp.spec.static else engine.scale)))
        # child -> (total, least, largest per parent, spread, shape) once its parent's rows are known
        self._totals: dict[str, tuple[int, int, int, float, NDArray[np.float64] | None]] = {}
        for t, tp in engine.plan.tables.items():
            rs = tp.spec.rows
            if isinstance(rs, m.RowsPerParent) and rs.total is not None and self.known_rows(rs.per) is not None:
                self.total_plan(t)  # refused now (what `spec validate` runs) where the parent's rows are known

    def known_rows(self, t: str) -> int | None:
        """Rows of ``t`` known before it is made: a sized table's, or a total's (times the scale); else None."""
        if t in self.n_rows:
            return self.n_rows[t]
        rs = self.e.plan.tables[t].spec.rows
        return rs.scaled_total(self.e.scale) if isinstance(rs, m.RowsPerParent) else None

    def total_plan(self, child: str) -> tuple[int, int, int, float, NDArray[np.float64] | None]:
        """(total, least and largest children per parent, their spread and shape) of a table with ``rows.total``, its
        parent's rows known; a located error where the total cannot be spread within the count's reach."""
        if child in self._totals:
            return self._totals[child]
        ctp = self.e.plan.tables[child]
        rs = ctp.spec.rows
        assert isinstance(rs, m.RowsPerParent) and rs.total is not None and rs.count is not None
        parents, total = self.known_rows(rs.per), rs.scaled_total(self.e.scale)
        assert parents is not None and total is not None
        lo, hi = totals.count_reach(rs.count)
        for c, spec in ctp.spec.columns.items():  # a distinct key cannot name more rows than its table has
            if isinstance(spec, m.ForeignKeyColumn) and spec.distinct and ctp.links[c].table in self.n_rows:
                hi = min(hi, self.n_rows[ctp.links[c].table])
                lo = min(lo, hi)
        if not parents * lo <= total <= parents * hi:
            at = "" if self.e.scale == 1 else f" ({rs.total:,} at --scale {self.e.scale:g})"
            raise SpecValidationError(
                [
                    Problem(
                        self.e.plan.index.location(("tables", child, "rows", "total"), table=child),
                        f"rows.total: {total:,} rows{at} cannot be spread over {parents:,} rows of '{rs.per}' with "
                        f"{lo} to {hi} each (the count's reach): between {parents * lo:,} and {parents * hi:,} fit",
                    )
                ]
            )
        sd, pmf = totals.spread_shape(rs.count, lo, hi, total / parents) if parents else (0.0, None)
        self._totals[child] = (total, lo, hi, sd, pmf)
        return self._totals[child]

    def offset_at(self, t: str, parent_row: int) -> int:
        """Rows of child table ``t`` that belong to parents before ``parent_row``."""
        if t in self.offsets:
            off = self.offsets[t]
            return int(off.take([parent_row - 1])[0]) if parent_row > 0 else 0
        total = seen = 0
        if t in self.files:
            path, seen, total = self.files[t]
            if parent_row <= seen:
                return int(FileArray(path, np.int64, seen).take([parent_row - 1])[0]) if parent_row > 0 else 0
        for part in self.counts.get(t, []):
            if seen + len(part) <= parent_row:
                total += int(part.sum())
                seen += len(part)
            else:
                total += int(part[: parent_row - seen].sum())
                break
        return total

    def record(
        self, parent: str, rows: NDArray[np.int64], frame: pl.DataFrame, scen: NDArray[np.int64] | None = None
    ) -> dict[str, NDArray[np.int64]]:
        """Children per parent row for every table made per ``parent``; recorded once, in order."""
        out: dict[str, NDArray[np.int64]] = {}
        ptp = self.e.plan.tables[parent]
        for child in ptp.children:
            ctp = self.e.plan.tables[child]
            lk = ctp.primary_link
            if lk is None or lk.table != parent:
                continue
            rows_spec = ctp.spec.rows
            assert isinstance(rows_spec, m.RowsPerParent)
            stream = self.e.root.child(child, "__count__")
            if rows_spec.process is not None:
                counts = self.e.features.process_counts(child, rows, scen)
                out[child] = counts
                self._keep_once(child, rows, counts)
                continue
            assert rows_spec.count is not None
            if rows_spec.total is not None:  # the total spread over the parents, each within the count's reach
                total, lo, hi, sd, pmf = self.total_plan(child)
                counts = totals.spread_total(stream.child("total"), rows, self.n_rows[parent], total, lo, hi, sd, pmf)
                out[child] = counts
                self._keep_once(child, rows, counts)
                continue
            u = stream.uniform(rows)
            drawn = distributions.sample(rows_spec.count, u)
            if rows_spec.by is not None and rows_spec.counts:
                by = frame.get_column(rows_spec.by).cast(pl.String).to_numpy()
                for value, dist in rows_spec.counts.items():
                    mask = by == str(value)
                    if mask.any():
                        drawn[mask] = distributions.sample(dist, u[mask])
            counts = np.maximum(np.floor(drawn), 0).astype(np.int64)
            if rows_spec.zero_rate > 0:
                counts[stream.child("zero").uniform(rows) < rows_spec.zero_rate] = 0
            if rows_spec.equals is not None:  # the parent's own numbers say how many (a match's goals)
                counts = counts_equal(rows_spec.equals, frame, counts)
            for c, spec in ctp.spec.columns.items():
                if isinstance(spec, m.ForeignKeyColumn) and spec.distinct:
                    other = ctp.links[c].table
                    if other in self.n_rows:
                        counts = np.minimum(counts, self.n_rows[other])
            out[child] = counts
            self._keep_once(child, rows, counts)
        if self.e.budget.over():
            self.spill()
        return out

    def _keep_once(self, child: str, rows: NDArray[np.int64], counts: NDArray[np.int64]) -> None:
        """Keep the counts of parent ``rows`` when they are the next ones not yet kept: each parent row's count
        is kept once, in parent row order, however often its chunk is made."""
        if len(rows) and self.count_done.get(child, 0) == int(rows[0]):
            self._keep(child, counts)
            self.count_done[child] = int(rows[-1]) + 1

    def _keep(self, child: str, counts: NDArray[np.int64]) -> None:
        part = _compact(counts)
        self.counts.setdefault(child, []).append(part)
        self.e.budget.used += part.nbytes
        self._held[child] = self._held.get(child, 0) + part.nbytes

    def spill(self) -> None:
        """Counts recorded for parents still being made go to their offsets files (4 bytes per parent row and
        table made per parent, held until the parent table ends: the last thing that grew with a parent table)."""
        for child, parts in self.counts.items():
            if parts:
                self._append(child, parts)

    def _append(self, child: str, parts: list[NDArray[np.integer[Any]]]) -> None:
        """``parts`` (emptied) appended to ``child``'s offsets file as running totals; their charge released."""
        budget = self.e.budget
        path, n, total = self.files.get(child) or (budget.dir.file(f"offsets-{child}", ".bin"), 0, 0)
        with path.open("ab") as f:
            while parts:
                part = np.cumsum(parts.pop(0), dtype=np.int64) + total
                part.tofile(f)
                n += len(part)
                total = int(part[-1]) if len(part) else total
                budget.spilled += part.nbytes
        self.files[child] = (path, n, total)
        budget.used -= self._held.pop(child, 0)

    def finish(self, parent: str) -> None:
        for child in self.e.plan.tables[parent].children:
            ctp = self.e.plan.tables[child]
            lk = ctp.primary_link
            if lk is None or lk.table != parent:
                continue
            parts = self.counts.pop(child, [])  # the offsets say the same from now on
            n = sum(len(p) for p in parts) + (self.files[child][1] if child in self.files else 0)
            budget = self.e.budget
            if child in self.files or budget.used - self._held.get(child, 0) + 8 * n > budget.limit:
                # past the budget the offsets (8 bytes per parent row) go to a file, read a window at a time
                self._append(child, parts)
                path, n, _ = self.files.pop(child)
                self.offsets[child] = FileArray(path, np.int64, n)
            else:
                cnt = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
                off = np.cumsum(cnt, dtype=np.int64)
                self.offsets[child] = off
                budget.used += off.nbytes - self._held.pop(child, 0)
            self.n_rows[child] = int(self.offsets[child].take([n - 1])[0]) if n else 0
            for grandchild in ctp.children:  # a total over this table's rows: refused before any of them is made
                rs = self.e.plan.tables[grandchild].spec.rows
                if isinstance(rs, m.RowsPerParent) and rs.per == child and rs.total is not None:
                    self.total_plan(grandchild)

    def parent_idx(self, t: str, rows: NDArray[np.int64]) -> NDArray[np.int64]:
        return self.offsets[t].searchsorted(rows, side="right").astype(np.int64)

    def group_starts(self, t: str, primary_idx: NDArray[np.int64]) -> NDArray[np.int64]:
        if t in self.offsets:  # (no copy of the whole offsets per chunk: they may be in a file)
            off = self.offsets[t]
            before = np.asarray(off.take(np.maximum(primary_idx - 1, 0)), dtype=np.int64)
            return np.where(primary_idx > 0, before, 0)
        uniq = np.unique(primary_idx)
        starts = {int(p): self.offset_at(t, int(p)) for p in uniq}
        return np.array([starts[int(p)] for p in primary_idx], dtype=np.int64)

    def chunk_bounds(self, t: str, n: int) -> Iterator[tuple[int, int]]:
        """Row ranges of about chunk_size; a table with running sums ends chunks at parent boundaries
        (a running sum needs each parent's rows whole; the values do not depend on where chunks end)."""
        tp = self.e.plan.tables[t]
        whole = t in self.offsets and any(
            isinstance(s, (m.RunningSumColumn, m.RankColumn))
            or (isinstance(s, m.ForeignKeyColumn) and s.match_count is not None)  # a parent's rows split by count
            for s in tp.spec.columns.values()
        )
        a = 0
        while a < n:
            b = min(n, a + self.e.chunk_size)
            if (
                whole or (t in self.offsets and tp.sequence_columns)
            ) and b < n:  # previous./sibling. read whole parents
                off = self.offsets[t]
                b = int(off.take(off.searchsorted([b], side="left"))[0])
            yield a, b
            a = b
