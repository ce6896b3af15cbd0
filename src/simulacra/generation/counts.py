"""The counts planner: how many rows each table has, and which parent each child row belongs to.

A table sized by a number has its rows from the start (times ``scale`` unless static;
a positive count never rounded to none, ``_scaled_rows``). A table made
``per`` a parent gets its children per parent row while the parent is made (``record``, in parent row
order, so any chunking gives the same counts); once the parent is finished (``finish``) the running
total of those counts (``offsets``) says how many rows the child has, and which parent row each child
row belongs to (``parent_idx``). Chunks of a table whose rows read whole parent groups (running sums,
ranks, ``previous.``, laid ``periods``) end at a parent boundary, or an ancestor's for periods laid per one (``chunk_bounds``),
as do a parent's whose aggregates make its children laid per that ancestor. A table with ``rows.total``
has that many rows (times ``scale``) spread over its parents (``totals``): each parent's count a function of its row alone.
With ``by``/``counts`` too, a parent's count depends on how many parents have each value: while the parent is
made only each row's value is recorded (its place in ``counts``, 0 for the rest), and the counts are spread once
the parent is finished, so the same on any chunking and on Dask workers (which send back the values alike).
At a ``scale`` other than 1 the rounding of the scaled rows can leave a scaled total out of the scaled parents'
reach: the total is then brought to the nearest that fits.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra._parent_months import months_counts
from simulacra._scaled_rows import scaled_rows
from simulacra._spill import FileArray
from simulacra.errors import Problem, SpecValidationError
from simulacra.generation import distributions, totals
from simulacra.spec import model as m
from simulacra.spec.count_bins import by_keys

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
                self.n_rows[t] = tp.spec.rows if tp.spec.static else scaled_rows(tp.spec.rows, engine.scale)
        # child -> (total, least, largest per parent, spread, shape) once its parent's rows are known
        self._totals: dict[str, tuple[int, int, int, float, NDArray[np.float64] | None]] = {}
        # a total with 'by': child -> the values of 'counts' in order (a parent row's code is its value's place
        # + 1; 0: the rest, 'count'), recorded while the parent is made and spread when it is finished
        self.by_values: dict[str, list[str]] = {}
        for t, tp in engine.plan.tables.items():
            rs = tp.spec.rows
            if isinstance(rs, m.RowsPerParent) and rs.total is not None and rs.by is not None:
                self.by_values[t] = [str(v) for v in rs.counts]
                self._by_refusals(t)
            elif isinstance(rs, m.RowsPerParent) and rs.total is not None and self.known_rows(rs.per) is not None:
                self.total_plan(t)  # refused now (what `spec validate` runs) where the parent's rows are known

    def known_rows(self, t: str) -> int | None:
        """Rows of ``t`` known before it is made: a sized table's, or a total's (times the scale, brought within
        its parents' reach where that is known); else None."""
        if t in self.n_rows:
            return self.n_rows[t]
        rs = self.e.plan.tables[t].spec.rows
        if not isinstance(rs, m.RowsPerParent) or rs.total is None:
            return None
        if t in self._totals:
            return self._totals[t][0]
        if self.e.scale == 1:  # exactly the total, or refused
            return rs.total
        if rs.by is None and self.known_rows(rs.per) is not None:
            return self.total_plan(t)[0]
        return None  # known once its parent is made

    def _unscaled_rows(self, t: str) -> int | None:
        """Rows of ``t`` at scale 1 where the spec says them (a number, or a total); else None."""
        rs = self.e.plan.tables[t].spec.rows
        return rs if isinstance(rs, int) else rs.total

    def _scaled(self, t: str) -> bool:
        """Whether ``t``'s rows grow with the scale (not a static table, nor made per one without a total)."""
        rs = self.e.plan.tables[t].spec.rows
        if isinstance(rs, m.RowsPerParent):
            return rs.total is not None or self._scaled(rs.per)
        return not self.e.plan.tables[t].spec.static

    def _reach(self, child: str, d: m.Distribution) -> tuple[int, int]:
        """The least and largest children per parent ``d`` gives, a distinct key's rows capping them."""
        ctp = self.e.plan.tables[child]
        lo, hi = totals.count_reach(d)
        for c, spec in ctp.spec.columns.items():  # a distinct key cannot name more rows than its table has
            if isinstance(spec, m.ForeignKeyColumn) and spec.distinct and ctp.links[c].table in self.n_rows:
                hi = min(hi, self.n_rows[ctp.links[c].table])
                lo = min(lo, hi)
        return lo, hi

    def _fitted(
        self, child: str, total: int, span: tuple[int, int, int], parents: str, unscaled_fits: bool | None
    ) -> int:
        """``total`` where it is within ``span`` (least, most, and the most children a parent can have); else, at
        a scale other than 1 over parents that scale too, where the spec's own numbers fit (``unscaled_fits`` not
        False) and the rounding of the scaled rows explains the gap (no parents left, or at most one parent's
        children off), the nearest total that fits; else a located error."""
        low, high, most = span
        if low <= total <= high:
            return total
        rs = self.e.plan.tables[child].spec.rows
        assert isinstance(rs, m.RowsPerParent) and rs.total is not None
        rounding = high == 0 or max(low - total, total - high) <= most + 1
        if self.e.scale != 1 and unscaled_fits is not False and rounding and self._scaled(rs.per):
            return min(max(total, low), high)
        at = "" if self.e.scale == 1 else f" ({rs.total:,} at --scale {self.e.scale:g})"
        raise SpecValidationError(
            [
                Problem(
                    self.e.plan.index.location(("tables", child, "rows", "total"), table=child),
                    f"rows.total: {total:,} rows{at} cannot be spread over {parents}: between {low:,} and {high:,} fit",
                )
            ]
        )

    def total_plan(self, child: str) -> tuple[int, int, int, float, NDArray[np.float64] | None]:
        """(total, least and largest children per parent, their spread and shape) of a table with ``rows.total``, its
        parent's rows known; a located error where the total cannot be spread within the count's reach."""
        if child in self._totals:
            return self._totals[child]
        rs = self.e.plan.tables[child].spec.rows
        assert isinstance(rs, m.RowsPerParent) and rs.total is not None and rs.count is not None
        parents, total = self.known_rows(rs.per), rs.scaled_total(self.e.scale)
        assert parents is not None and total is not None
        lo, hi = self._reach(child, rs.count)
        whole = self._unscaled_rows(rs.per)
        fits = None if whole is None else whole * lo <= rs.total <= whole * hi
        total = self._fitted(
            child,
            total,
            (parents * lo, parents * hi, hi),
            f"{parents:,} rows of '{rs.per}' with {lo} to {hi} each (the count's reach)",
            fits,
        )
        sd, pmf = totals.spread_shape(rs.count, lo, hi, total / parents) if parents else (0.0, None)
        self._totals[child] = (total, lo, hi, sd, pmf)
        return self._totals[child]

    def _by_groups(self, child: str) -> tuple[list[m.Distribution], list[tuple[int, int]]]:
        """The count distributions of a total with 'by' (the rest's 'count' first, then each value's in
        'counts', as their codes) and their reaches."""
        rs = self.e.plan.tables[child].spec.rows
        assert isinstance(rs, m.RowsPerParent) and rs.count is not None
        dists = [rs.count, *rs.counts.values()]
        return dists, [self._reach(child, d) for d in dists]

    def _by_refusals(self, child: str) -> None:
        """What a total with 'by' refuses before any row is made (what `spec validate` runs): an aggregate of
        the parent over it (its counts are known only once the parent is finished), and a total that no mix of
        the values could hold, where the parent's rows are known."""
        ctp = self.e.plan.tables[child]
        rs = ctp.spec.rows
        assert isinstance(rs, m.RowsPerParent) and rs.total is not None
        second = {c for c, _, _ in self.e.plan.second_link_aggregates(rs.per)}  # (filled once the child is made)
        for c, spec in self.e.plan.tables[rs.per].spec.columns.items():
            if isinstance(spec, m.AggregateColumn) and spec.of.split(".")[0] == child and c not in second:
                raise SpecValidationError(
                    [
                        Problem(
                            self.e.plan.index.location(("tables", rs.per, "columns", c), table=rs.per, column=c),
                            f"aggregate of '{child}': its rows are a total spread by '{rs.by}' once '{rs.per}' is "
                            f"made, so '{rs.per}' cannot read them (leave out 'total', or make '{c}' an expression)",
                        )
                    ]
                )
        whole = self._unscaled_rows(rs.per)  # (at another scale, the scaled total is brought within reach)
        _, reach = self._by_groups(child)
        reach = [reach[g] for g in self._codes_possible(child)]
        lo, hi = min(r[0] for r in reach), max(r[1] for r in reach)
        if whole is not None and not whole * lo <= rs.total <= whole * hi:
            raise SpecValidationError(
                [
                    Problem(
                        self.e.plan.index.location(("tables", child, "rows", "total"), table=child),
                        f"rows.total: {rs.total:,} rows cannot be spread over {whole:,} rows of '{rs.per}' by "
                        f"{rs.by}, whatever their values: {lo} to {hi} each (the counts' reach, all values), "
                        f"between {whole * lo:,} and {whole * hi:,} fit",
                    )
                ]
            )

    def _codes_possible(self, child: str) -> list[int]:
        """The value codes the parent's rows can have: a categorical column's values of positive weight (the rest
        too where it can be null), when no scenario of the parent could set it otherwise; else every code."""
        rs = self.e.plan.tables[child].spec.rows
        assert isinstance(rs, m.RowsPerParent) and rs.by is not None
        every = list(range(len(self.by_values[child]) + 1))
        col = self.e.plan.tables[rs.per].spec.columns.get(rs.by)
        if not isinstance(col, m.CategoricalColumn) or any(s.table == rs.per for s in self.e.plan.spec.scenarios):
            return every
        if isinstance(col.values, dict):
            values = [v for v, w in col.values.items() if w > 0]
        else:
            weights = col.weights if col.weights is not None else [1.0] * len(col.values)
            values = [v for v, w in zip(col.values, weights) if w > 0]
        places = {v: i + 1 for i, v in enumerate(self.by_values[child])}
        # (a value read as text, as the rows' values are: pl.String of a bool is 'true')
        codes = {places.get(str(pl.Series([v]).cast(pl.String)[0]), 0) for v in values}
        return sorted(codes | ({0} if col.null_rate > 0 else set())) or every

    def _by_counts(self, child: str, codes: NDArray[np.integer[Any]]) -> NDArray[np.int64]:
        """Children per parent row of a total with 'by', from every parent row's value code: the total shared
        between the values (``totals.value_totals``), then spread over each value's parents in row order."""
        rs = self.e.plan.tables[child].spec.rows
        assert isinstance(rs, m.RowsPerParent) and rs.total is not None
        dists, reach = self._by_groups(child)
        codes = np.asarray(codes, dtype=np.int64)
        sizes = [int(n) for n in np.bincount(codes, minlength=len(dists))]
        total = rs.scaled_total(self.e.scale)
        assert total is not None
        low, high = sum(n * r[0] for n, r in zip(sizes, reach)), sum(n * r[1] for n, r in zip(sizes, reach))
        names = ["of other values ('count')", *(repr(v) for v in self.by_values[child])]
        mix = ", ".join(f"{n:,} {name} ({lo} to {hi} each)" for n, name, (lo, hi) in zip(sizes, names, reach) if n)
        span = (low, high, max(r[1] for r in reach))
        total = self._fitted(child, total, span, f"the {len(codes):,} rows of '{rs.per}' by {rs.by}: {mix}", None)
        self._totals[child] = (total, 0, 0, 0.0, None)  # (its rows, for known_rows)
        stream = self.e.root.child(child, "__count__").child("total")
        out = np.zeros(len(codes), dtype=np.int64)
        for g, share in enumerate(totals.value_totals(total, sizes, dists, reach)):
            if not sizes[g]:
                continue
            at = np.flatnonzero(codes == g)
            lo, hi = reach[g]
            sd, pmf = totals.spread_shape(dists[g], lo, hi, share / sizes[g])
            key = stream.child("rest") if g == 0 else stream.child("value", self.by_values[child][g - 1])
            rank = np.arange(sizes[g], dtype=np.int64)  # a parent's place among its value's parents
            out[at] = totals.spread_total(key, rank, sizes[g], share, lo, hi, sd, pmf)
        return out

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
            if child in self.by_values:  # each row's value now; the counts once the parent is finished
                assert rows_spec.by is not None
                values = by_keys(rows_spec, frame.get_column(rows_spec.by))
                codes = np.zeros(len(rows), dtype=np.int64)
                for i, value in enumerate(self.by_values[child]):
                    codes[values == value] = i + 1
                self._keep_once(child, rows, codes)
                continue
            if rows_spec.total is not None:  # the total spread over the parents, each within the count's reach
                total, lo, hi, sd, pmf = self.total_plan(child)
                counts = totals.spread_total(stream.child("total"), rows, self.n_rows[parent], total, lo, hi, sd, pmf)
                out[child] = counts
                self._keep_once(child, rows, counts)
                continue
            u = stream.uniform(rows)
            drawn = distributions.sample(rows_spec.count, u)
            if rows_spec.by is not None and rows_spec.counts:
                by = by_keys(rows_spec, frame.get_column(rows_spec.by))
                for value, dist in rows_spec.counts.items():
                    mask = by == str(value)
                    if mask.any():
                        drawn[mask] = distributions.sample(dist, u[mask])
            counts = np.maximum(np.floor(drawn), 0).astype(np.int64)
            if rows_spec.zero_rate > 0:
                counts[stream.child("zero").uniform(rows) < rows_spec.zero_rate] = 0
            if rows_spec.equals is not None:  # the parent's own numbers say how many (a match's goals)
                counts = counts_equal(rows_spec.equals, frame, counts)
            if rows_spec.months is not None:  # one child per month of the parent's period (a subscription's bills)
                counts = months_counts(rows_spec.months, frame, counts)
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
            if parts and child not in self.by_values:  # (values' codes stay: 4 bytes per parent row)
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
            if child in self.by_values:  # the parents' value codes: now their counts
                parts = [_compact(self._by_counts(child, np.concatenate(parts) if parts else np.zeros(0, np.int64)))]
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
                if (
                    isinstance(rs, m.RowsPerParent)
                    and rs.per == child
                    and rs.total is not None
                    and grandchild not in self.by_values  # (its counts: once this table is made)
                ):
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
        """Row ranges of about chunk_size; a table with running sums or laid ``periods`` ends chunks at parent
        boundaries (each needs a parent's rows whole; the values do not depend on where chunks end), at an
        ancestor's where a ``periods`` rule's groups lie under a grandparent or higher (``LaidPeriods.depth``), or
        under the table's own parent for the children its aggregates make (``laid_depth``)."""
        tp = self.e.plan.tables[t]
        whole = t in self.offsets and (
            any(
                isinstance(s, (m.RunningSumColumn, m.RankColumn))
                or (isinstance(s, m.ForeignKeyColumn) and s.match_count is not None)  # a parent's rows split by count
                for s in tp.spec.columns.values()
            )
            or bool(tp.sequence_columns)  # previous./sibling. read whole parents
        )
        # a group's periods are laid over its rows whole: the rows under one row of the ancestor holding it
        depth = max(1 if whole else 0, self.laid_depth(t))
        a = 0
        while a < n:
            b = min(n, a + self.e.chunk_size)
            if depth and b < n:
                b = self.whole_under(t, b, depth, n)
            yield a, b
            a = b

    def laid_depth(self, t: str) -> int:
        """How many parent links up the ancestor lies whose rows ``t``'s chunks hold whole for laid periods: its own
        rules' groups (``LaidPeriods.depth``), and one link less, those of the children its aggregates make with a
        chunk (a subscription's last bill end, its bills laid per customer: the chunk holds the customer's
        subscriptions whole, else its bills are laid in pieces and the maximum is not the written bills')."""
        plan = self.e.plan
        depth = max((rule.depth for rule in self.e.periods.get(t, [])), default=0)
        for spec in plan.tables[t].spec.columns.values():
            if not isinstance(spec, m.AggregateColumn):
                continue
            child = spec.of.partition(".")[0]
            lk = plan.tables[child].primary_link if child in plan.tables and child != t else None
            if lk is not None and lk.table == t and not lk.self_ref:  # (made per row of t, with the chunk)
                depth = max(depth, self.laid_depth(child) - 1)
        return depth

    def whole_under(self, t: str, b: int, depth: int, n: int) -> int:
        """The first boundary at or after row ``b`` of ``t`` (of ``n`` rows) between rows of different ancestors
        ``depth`` parent links up (``n`` where a table on the way keeps no offsets: the rest in one chunk)."""
        if depth == 0 or b >= n:
            return b
        if t not in self.offsets:
            return n
        off = self.offsets[t]
        k = int(off.searchsorted([b], side="left")[0])  # the parent row whose children reach row b
        if depth == 1:
            return int(off.take([k])[0])
        lk = self.e.plan.tables[t].primary_link
        assert lk is not None
        up = self.whole_under(lk.table, k + 1, depth - 1, self.n_rows[lk.table])
        return int(off.take([up - 1])[0])
