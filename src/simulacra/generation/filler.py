"""The one filler of rule-made columns: foreign-key values, parent references, null rates, self-references
and running sums, for rows made by the rules (``generation.rows``) and rows a learned model sampled
(``synth.dataset``).

Both callers hand it a table's rows, the foreign keys' parent row indexes (-1: null) and a way to read
a parent's column (``Gather``); it makes the columns the same way for both. Only where randomness is
drawn differs, and on purpose: each caller keeps the stream layout its outputs were made with
(``Streams.generate`` and ``Streams.learned``), so a seed keeps giving the bytes it gave.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra._random import Stream
from simulacra.errors import GenerationError
from simulacra.generation.columns import ColumnCtx, generate_column, running_sum
from simulacra.generation.relations import self_pool
from simulacra.generation.text import TextRun
from simulacra.spec import model as m
from simulacra.spec.plan import Plan, TablePlan

__all__ = [
    "ColumnFiller",
    "Gather",
    "Streams",
    "gather_nullable",
    "null_mask",
    "resolve_ref",
    "self_ref_index",
    "with_nulls",
]

# (table, column, parent row indexes; -1 = null) -> the column's values at those rows, null at -1
Gather = Callable[[str, str, NDArray[np.int64]], pl.Series]


@dataclass(frozen=True)
class Streams:
    """Where one table's rule-made columns draw their randomness.

    ``generate``: ``root/table/column[/__attempt__/n]``, nulls under ``__null__``, groups under
    ``root/table/__group__``. ``learned``: ``root/rules/table/column``, nulls under ``null``, groups
    under ``root/rules/table/group``. Two layouts because both have shipped; either is a pure function
    of (seed, table, column, row)."""

    base: Stream  # the table's stream
    null_name: str
    group_name: str

    @classmethod
    def generate(cls, root: Stream, table: str) -> Streams:
        return cls(root.child(table), "__null__", "__group__")

    @classmethod
    def learned(cls, root: Stream, table: str) -> Streams:
        return cls(root.child("rules", table), "null", "group")

    def column(self, column: str, attempt: int = 0) -> Stream:
        s = self.base.child(column)
        return s if attempt == 0 else s.child("__attempt__", attempt)

    def null(self, stream: Stream) -> Stream:
        """The null draws of a column drawing from ``stream``."""
        return stream.child(self.null_name)

    def group(self, name: str) -> Stream:
        return self.base.child(self.group_name, name)


def null_mask(rate: float, stream: Stream, rows: NDArray[np.int64]) -> NDArray[np.bool_]:
    """Rows left null at ``rate`` (``stream``: the null stream, ``Streams.null``)."""
    return stream.uniform(rows) < rate


def with_nulls(values: pl.Series, rate: float, stream: Stream, rows: NDArray[np.int64]) -> pl.Series:
    """``values`` with a share ``rate`` of rows set to null (``stream``: the null stream)."""
    if rate <= 0:
        return values
    null = null_mask(rate, stream, rows)
    return pl.select(pl.when(pl.lit(pl.Series(null))).then(None).otherwise(pl.lit(values))).to_series()


def gather_nullable(values: pl.Series, idx: NDArray[np.int64]) -> pl.Series:
    """``values`` at row indexes ``idx``, null where ``idx`` is -1."""
    out = values.gather(np.where(idx < 0, 0, idx))
    return out.scatter(np.flatnonzero(idx < 0), None) if (idx < 0).any() else out


def resolve_ref(
    plan: Plan, tp: TablePlan, ref: str, fk_idx: Mapping[str, NDArray[np.int64]], gather: Gather
) -> pl.Series:
    """A dotted parent reference (``customer.tier``, ``orders.customers.tier``) for the rows whose foreign
    keys point at ``fk_idx``; every hop after the first reads the parent's own ``__idx__<fk>`` column."""
    parts = ref.split(".")
    fk = tp.aliases.get(parts[0], parts[0])
    idx = fk_idx[fk]
    cur = plan.tables[tp.links[fk].table]
    for alias in parts[1:-1]:
        fk2 = cur.aliases[alias]
        idx = gather(cur.name, "__idx__" + fk2, idx).fill_null(-1).to_numpy().astype(np.int64)
        cur = plan.tables[cur.links[fk2].table]
    return gather(cur.name, parts[-1], idx)


def self_ref_index(
    spec: m.ForeignKeyColumn, rows: NDArray[np.int64], stream: Stream, whole: pl.DataFrame | None = None
) -> NDArray[np.int64]:
    """The referenced row of a self-reference: an earlier row, drawn evenly; with ``within``/``senior``,
    a row of the same group that is more senior, drawn from ``whole`` (every row of the table; None: the
    group columns are not made yet, -1)."""
    if spec.within is not None or spec.senior is not None:
        if whole is None:
            return np.full(len(rows), -1, dtype=np.int64)
        pool = self_pool(
            whole.get_column(spec.within) if spec.within else None,
            whole.get_column(spec.senior) if spec.senior else None,
            whole.height,
        )
        return pool.pick(rows, stream.uniform(rows))
    idx = np.floor(stream.uniform(rows) * rows).astype(np.int64)
    idx[rows == 0] = -1
    return idx


@dataclass
class ColumnFiller:
    """Makes one table's rule-made columns for one set of rows.

    ``fk_idx``: each foreign key's parent row indexes (filled as foreign keys are made); ``gather``: reads
    a column of a table already made. ``parent`` caches every dotted reference once per pass."""

    plan: Plan
    table: str
    streams: Streams
    gather: Gather
    locale: str
    fk_idx: dict[str, NDArray[np.int64]] = field(default_factory=dict)
    text: TextRun | None = None
    refs: dict[str, pl.Series] = field(default_factory=dict)
    planned: int | None = None  # rows the table will have (the counts planner's), None: not known

    def planned_for(self, column: str) -> int | None:
        """The table's planned rows when ``column`` must be unique on its own (``ColumnCtx.planned``)."""
        if self.planned is None:
            return None
        spec = self.tp.spec.columns.get(column)
        single = bool(getattr(spec, "unique", False)) or self.tp.spec.key_columns == (column,)
        return self.planned if single else None

    @property
    def tp(self) -> TablePlan:
        return self.plan.tables[self.table]

    def parent(self, ref: str) -> pl.Series:
        """A dotted parent reference for the rows (cached)."""
        if ref not in self.refs:
            self.refs[ref] = resolve_ref(self.plan, self.tp, ref, self.fk_idx, self.gather)
        return self.refs[ref]

    def ctx(
        self,
        column: str,
        rows: NDArray[np.int64],
        stream: Stream,
        frame: pl.DataFrame,
        *,
        attempt: int = 0,
        parent: Callable[[str], pl.Series] | None = None,
        fk_index: Callable[[str], NDArray[np.int64]] | None = None,
        locale: str | None = None,
        text: bool = True,
    ) -> ColumnCtx:
        """What a column generator reads: the rows, their stream, the columns made so far, the parents."""
        return ColumnCtx(
            self.table,
            column,
            rows,
            stream,
            frame,
            parent or self.parent,
            self.streams.group,
            locale or self.locale,
            fk_index or self.fk_idx.__getitem__,
            attempt,
            self.text if text else None,
            self.planned_for(column),
        )

    def column(
        self,
        column: str,
        spec: Any,
        rows: NDArray[np.int64],
        frame: pl.DataFrame,
        *,
        attempt: int = 0,
        stream: Stream | None = None,
        locale: str | None = None,
    ) -> pl.Series:
        """Values of a rule-made column for ``rows``, its null rate applied."""
        stream = self.streams.column(column, attempt) if stream is None else stream
        try:
            values = generate_column(spec, self.ctx(column, rows, stream, frame, attempt=attempt, locale=locale))
        except GenerationError:
            if not (isinstance(spec, m.ExpressionColumn) and column in self._after_ranks()):
                raise
            # it reads a rank not numbered yet (text built from its nulls is no date): made again once it is
            # (``apply_ranks``), where a failure is raised
            values = pl.Series(column, [None] * len(rows))
        return with_nulls(values, spec.null_rate, self.streams.null(stream), rows)

    def _after_ranks(self) -> set[str]:
        """Columns made from a rank of the table (ranks are numbered after the row's other columns)."""
        ranks = {c for c, s in self.tp.spec.columns.items() if isinstance(s, m.RankColumn)}
        return self.tp.derived_from(ranks) - ranks if ranks else set()

    def again(
        self,
        column: str,
        spec: Any,
        rows: NDArray[np.int64],
        frame: pl.DataFrame,
        at: NDArray[np.int64],
        attempt: int,
        *,
        locale: str | None = None,
    ) -> pl.Series:
        """The column made again for the rows at positions ``at`` of ``rows``/``frame``, at a later ``attempt``
        (a redraw of values that repeat), reading those rows' parents and columns only."""
        sub = rows[at]
        stream = self.streams.column(column, attempt)
        ctx = self.ctx(
            column,
            sub,
            stream,
            frame[at],
            attempt=attempt,
            parent=lambda ref: self.parent(ref).gather(at),
            fk_index=lambda k: self.fk_idx[k][at],
            locale=locale,
        )
        return with_nulls(generate_column(spec, ctx), spec.null_rate, self.streams.null(stream), sub)

    def fk_nulls(
        self, spec: m.ForeignKeyColumn, idx: NDArray[np.int64], rows: NDArray[np.int64], stream: Stream
    ) -> NDArray[np.int64]:
        """A foreign key's parent rows with its null rate applied (-1: null)."""
        if spec.null_rate <= 0:
            return idx
        return np.where(null_mask(spec.null_rate, self.streams.null(stream), rows), -1, idx)

    def self_ref_values(self, column: str, idx: NDArray[np.int64], frame: pl.DataFrame) -> pl.Series:
        """The referenced rows' keys, null at -1: the key made again at those rows (a key is a function of
        its row, so rows outside ``frame`` — an earlier chunk — give the values they were given)."""
        key = self.tp.links[column].key
        kctx = self.ctx(key, np.where(idx < 0, 0, idx), self.streams.column(key), frame, text=False)
        vals = generate_column(self.tp.spec.columns[key], kctx)
        return pl.select(pl.when(pl.lit(pl.Series(idx < 0))).then(None).otherwise(pl.lit(vals))).to_series()

    def foreign_key_values(self, column: str, idx: NDArray[np.int64], frame: pl.DataFrame) -> pl.Series:
        """A foreign key's values: the parent's key at ``idx`` (a self-reference's: the key made again)."""
        lk = self.tp.links[column]
        if lk.self_ref:
            return self.self_ref_values(column, idx, frame)
        return self.gather(lk.table, lk.key, idx)

    def running_sum(self, column: str, frame: pl.DataFrame, group: NDArray[np.int64]) -> pl.Series:
        """A running sum over each parent group (the frame holds every group whole)."""
        spec = self.tp.spec.columns[column]
        assert isinstance(spec, m.RunningSumColumn)
        return running_sum(spec, frame, group, self.parent)
