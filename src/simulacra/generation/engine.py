"""The generation engine: a Plan and a seed in, chunks of every table out.

Tables are made parents first. A table's rows are made in chunks; a chunk is a
pure function of (spec, seed, table, row range) and what its parents left
behind: their key columns, the columns children read, and the number of
children each parent row has (computed while the parent is made, so the child
table's row count and each row's parent are known before the child starts).

Inside a chunk: scenario membership, then columns in dependency order (foreign
keys sample a parent row index and read the parent's key), scenario overrides
and labels, null rates; then rows failing a constraint are regenerated with a
new attempt number, a bounded number of times; then aggregates over children
(children of the chunk are generated on the fly — deterministic, so identical to
the rows the child table writes later); then uniqueness of values that are not
unique by construction (in row order, so the result does not depend on chunk size; the
repeated rows' redraws are made in batches, a pass per redraw level, and accepted in row order).

What outlives a chunk is kept compact and, past a memory budget, spilled to a temp folder
(``simulacra._spill``): uniqueness ledgers (a hash and an ordinal per value, the values
themselves in Arrow, every hash hit verified), and the parent columns children read
(fixed-width and text ones to memory-mapped files; keys unique by construction are not kept at all,
they are made again from the parent row index when a child reads them).
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra._random import Stream, root_stream
from simulacra._spill import DEFAULT_BUDGET, MemoryBudget, SpillColumn, UniqueLedger
from simulacra.constraints import RowConstraint, row_constraints
from simulacra.errors import ConstraintError, GenerationError, Location, Problem, SpecValidationError
from simulacra.generation import distributions, features
from simulacra.generation.columns import (
    ColumnCtx,
    apply_ranks,
    capacity,
    dtype_of,
    generate_column,
    is_constructive_unique,
    running_sum,
    running_sum_dtype,
)
from simulacra.generation.text import TextRun
from simulacra.spec import model as m
from simulacra.spec.plan import Plan, TablePlan
from simulacra.spec.refs import expression_for, root_names

if TYPE_CHECKING:
    from simulacra.llm import ChatClient

__all__ = ["Engine", "GenerationStats"]

Progress = Callable[[str, int, int], None]
# makes a table's chunks, in order, somewhere else (simulacra.distributed): (table, row ranges) -> rows per range
RowMaker = Callable[[str, list[tuple[int, int]]], Iterator["_Rows"]]
_KEY_GENERATORS = (m.SequenceColumn, m.UuidColumn, m.PatternColumn)


@dataclass
class GenerationStats:
    rows: dict[str, int] = field(default_factory=dict)
    scenario_rows: dict[str, int] = field(default_factory=dict)
    regenerated: dict[str, dict[str, int]] = field(default_factory=dict)  # table -> constraint -> rows regenerated
    # table -> {"passes": redraw passes (each makes candidates for many rows), "rows": rows redrawn,
    # "candidates": candidate rows made, "levels": most redraws one row needed}
    redraws: dict[str, dict[str, int]] = field(default_factory=dict)
    seconds: float = 0.0


class _Rows(NamedTuple):
    """Rows made for a table: values, each foreign key's parent row index, scenario per row, 'per' parent."""

    frame: pl.DataFrame
    fk_idx: dict[str, NDArray[np.int64]]
    scen: NDArray[np.int64]
    primary_idx: NDArray[np.int64] | None


class _Store:
    """Columns of finished tables that other tables read, plus in-progress overlays.

    A column is a ``SpillColumn`` (spilled past the budget when fixed-width), or, for a key unique by
    construction, a function making its values from row indexes (``computed``: nothing kept).
    """

    def __init__(self, budget: MemoryBudget | None = None) -> None:
        self.budget = budget if budget is not None else MemoryBudget()
        self.cols: dict[tuple[str, str], SpillColumn] = {}
        self.computed: dict[tuple[str, str], Callable[[NDArray[np.int64]], pl.Series]] = {}
        self.overlay: dict[str, tuple[NDArray[np.int64], dict[str, pl.Series]]] = {}

    def append(self, table: str, col: str, s: pl.Series) -> None:
        if (table, col) in self.computed:
            return
        if (table, col) not in self.cols:
            self.cols[(table, col)] = SpillColumn(None, self.budget, col)
        self.cols[(table, col)].append(s)
        if self.budget.over():
            self.spill()

    def spill(self) -> None:
        for c in self.cols.values():
            c.spill()  # (fixed-width and text columns; others stay in memory)

    def finish(self, table: str) -> None:
        for (t, _), c in self.cols.items():
            if t == table:
                c.finish()
        if self.budget.over():
            self.spill()

    def column(self, table: str, col: str, n: int) -> pl.Series:
        """A whole column of a finished table (``n`` rows)."""
        return self.gather(table, col, np.arange(n, dtype=np.int64))

    def gather(self, table: str, col: str, idx: NDArray[np.int64]) -> pl.Series:
        if table in self.overlay:
            rows, cols = self.overlay[table]
            src = cols[col]
            rel = np.where(idx < 0, -1, np.searchsorted(rows, idx))
        elif (table, col) in self.computed:
            src = self.computed[(table, col)](np.where(idx < 0, 0, idx))
            rel = np.where(idx < 0, -1, np.arange(len(idx), dtype=np.int64))
        else:
            return self.cols[(table, col)].gather(idx)
        null = rel < 0
        out = src.gather(np.where(null, 0, rel)) if len(src) else pl.Series([None] * len(idx), dtype=src.dtype)
        if null.any():
            out = pl.select(pl.when(pl.lit(pl.Series(null))).then(None).otherwise(pl.lit(out))).to_series()
        return out


class Engine:
    def __init__(
        self,
        plan: Plan,
        *,
        seed: int | None = None,
        scale: float = 1.0,
        chunk_size: int = 100_000,
        max_attempts: int = 20,
        progress: Progress | None = None,
        memory_budget: int | None = None,
        text_backend: ChatClient | None = None,
    ) -> None:
        """``memory_budget``: bytes of uniqueness ledgers and parent columns held in memory before they
        spill to a temp folder (default 256 MiB); the output is the same whatever it is.
        ``text_backend``: the language model ``text`` columns ask (None: their offline template)."""
        if chunk_size < 1:
            raise ValueError("chunk_size must be >= 1")
        if scale < 0 or not math.isfinite(scale):
            raise ValueError("scale must be a finite number >= 0")
        self.plan = plan
        self.spec = plan.spec
        self.seed = int(self.spec.seed if seed is None else seed)
        self.scale = scale
        self.chunk_size = int(chunk_size)
        self.max_attempts = max_attempts
        self.progress = progress
        self.text = TextRun(text_backend)
        self.root = root_stream(self.seed)
        self.budget = MemoryBudget(DEFAULT_BUDGET if memory_budget is None else memory_budget)
        self.ledger_factory: Callable[[MemoryBudget], Any] = UniqueLedger  # one per unique column set (tests swap it)
        self.store = _Store(self.budget)
        self.n_rows: dict[str, int] = {}
        self.counts: dict[str, list[NDArray[np.int64]]] = {}
        self.count_done: dict[str, int] = {}
        self.offsets: dict[str, NDArray[np.int64]] = {}
        self.stats = GenerationStats()
        self.row_maker: RowMaker | None = None  # None: chunks are made here, by make_rows
        self._needs = self._compute_needs()
        self._scenarios = {t: [s for s in self.spec.scenarios if s.table == t] for t in plan.tables}
        self._rowchecks = {t: row_constraints(self.spec, t) for t in plan.tables}
        self._schemas: dict[str, dict[str, pl.DataType]] = {}
        for t in plan.tables:
            self._schemas[t] = self._schema(t)
        for _ in range(len(plan.tables)):  # an aggregate's type is its child column's, known once the child's schema is
            before = {t: dict(v) for t, v in self._schemas.items()}
            for t in plan.tables:
                self._schemas[t] = self._schema(t)
            if self._schemas == before:
                break
        for t in plan.tables:
            for c in self._needs[t]:
                if (
                    c in plan.tables[t].spec.columns
                    and self._unique_by_construction(t, c)
                    and not any(c in sc.shared for sc in self._scenarios[t])
                ):
                    self.store.computed[(t, c)] = self._key_maker(t, c)
        for t in plan.tables:
            self._check_capacity(t)
            scen_total = sum(s.rate for s in self._scenarios[t] if s.where is None and not s.exact) + sum(
                s.share or 0 for s in self._scenarios[t]
            )
            if scen_total > 1 + 1e-9:
                raise SpecValidationError(
                    [Problem(Location(file=plan.index.file, table=t), f"scenario rates add up to {scen_total:.3f} > 1")]
                )
        for t, tp in plan.tables.items():
            if not isinstance(tp.spec.rows, m.RowsPerParent):
                self.n_rows[t] = int(round(tp.spec.rows * (1.0 if tp.spec.static else scale)))
        self.features = features.Features(self)

    # ------------------------------------------------------------ planning

    def _compute_needs(self) -> dict[str, set[str]]:
        needs: dict[str, set[str]] = {t: set() for t in self.plan.tables}
        for tp in self.plan.tables.values():
            for lk in tp.links.values():
                needs[lk.table].add(lk.key)
            for ref in tp.parent_refs:
                parts = ref.split(".")
                cur = tp
                for i, alias in enumerate(parts[:-1]):
                    fk = cur.aliases[alias]
                    if i > 0:
                        needs[cur.name].add("__idx__" + fk)
                    cur = self.plan.tables[cur.links[fk].table]
                needs[cur.name].add(parts[-1])
        features.add_needs(self.plan, needs)
        return needs

    def _check_capacity(self, t: str) -> None:
        tp = self.plan.tables[t]
        if isinstance(tp.spec.rows, m.RowsPerParent):
            return
        n = int(round(tp.spec.rows * (1.0 if tp.spec.static else self.scale)))
        for c, spec in tp.spec.columns.items():
            if (spec.unique or c in tp.spec.key_columns) and not isinstance(spec, m.ForeignKeyColumn):
                cap = capacity(spec)
                if cap < n:
                    raise SpecValidationError(
                        [
                            Problem(
                                self.plan.index.location(("tables", t, "columns", c), table=t, column=c),
                                f"unique column can make at most {int(cap)} distinct values but the table has {n} rows",
                            )
                        ]
                    )

    def _schema(self, t: str) -> dict[str, pl.DataType]:
        tp = self.plan.tables[t]
        schema: dict[str, pl.DataType] = {}
        for c in tp.column_order:
            spec = tp.spec.columns[c]
            dt = self._dtype(tp, c, spec, schema)
            schema[c] = dt
        for label, _ in tp.label_columns.items():
            vals = [s.labels[label] for s in self._scenarios_of(t) if label in s.labels]
            schema[label] = pl.Series(vals, strict=False).dtype if vals else pl.String()
        ordered = {c: schema[c] for c in tp.spec.columns}
        ordered.update({c: schema[c] for c in tp.label_columns})
        return ordered

    def _scenarios_of(self, t: str) -> list[m.ScenarioSpec]:
        return [s for s in self.spec.scenarios if s.table == t]

    def _dtype(self, tp: TablePlan, c: str, spec: Any, schema: dict[str, pl.DataType]) -> pl.DataType:
        if isinstance(spec, m.ProcessColumn):
            return features.process_dtype(spec)
        if isinstance(spec, m.ForeignKeyColumn):
            lk = tp.links[c]
            if lk.self_ref:
                return self._dtype(tp, lk.key, tp.spec.columns[lk.key], schema)
            return self._schemas[lk.table][lk.key]
        if isinstance(spec, m.AggregateColumn):
            if spec.function == "count":
                return pl.Int64()
            child, _, ccol = spec.of.partition(".")
            cdt = self._schemas.get(child, {}).get(ccol)
            if spec.function in ("min", "max") and cdt is not None:
                return cdt
            return pl.Float64() if spec.round != 0 else pl.Int64()
        if isinstance(spec, m.RunningSumColumn):
            return running_sum_dtype(spec, schema)
        dt = dtype_of(spec)
        if dt is not None:
            return dt
        if isinstance(spec, m.ExpressionColumn):
            names = root_names(spec.expr)
            empty = pl.DataFrame(schema={**schema, **{n: self._ref_dtype(tp, n, schema) for n in names if "." in n}})
            try:
                out = empty.select(expression_for(spec.expr, empty.schema)).to_series().dtype
            except Exception as exc:
                raise SpecValidationError(
                    [
                        Problem(
                            self.plan.index.location(("tables", tp.name, "columns", c), table=tp.name, column=c),
                            f"expression '{spec.expr}' cannot be evaluated: {exc}",
                        )
                    ]
                ) from None
            if spec.dtype is not None:
                return {
                    "int": pl.Int64(),
                    "float": pl.Float64(),
                    "str": pl.String(),
                    "bool": pl.Boolean(),
                    "date": pl.Date(),
                    "datetime": pl.Datetime("us"),
                }[spec.dtype]
            return out
        if isinstance(spec, m.CaseColumn):
            from simulacra.generation.columns import column_spec

            dts: list[pl.DataType] = []
            for then in [b.then for b in spec.cases] + [spec.default]:
                if isinstance(then, m.BaseModel):
                    dts.append(self._dtype(tp, c, then, schema))
                elif isinstance(then, dict) and "generator" in then:
                    dts.append(self._dtype(tp, c, column_spec(then), schema))
                elif then is not None:
                    dts.append(pl.Series([then], strict=False).dtype)
            if not dts:
                return pl.String()
            if len(set(map(str, dts))) == 1:
                return dts[0]
            return pl.concat([pl.DataFrame({"x": pl.Series([], dtype=d)}) for d in dts], how="vertical_relaxed")[
                "x"
            ].dtype
        return pl.String()

    def _ref_dtype(self, tp: TablePlan, ref: str, schema: dict[str, pl.DataType] | None = None) -> pl.DataType:
        parts = ref.split(".")
        if features.is_sequence_ref(ref) and parts[0] not in tp.aliases:
            return (
                (schema or self._schemas[tp.name]).get(parts[1], pl.Int64()) if parts[0] == "previous" else pl.Int64()
            )
        cur = tp
        for alias in parts[:-1]:
            cur = self.plan.tables[cur.links[cur.aliases[alias]].table]
        return self._schemas[cur.name][parts[-1]]

    def schema(self, t: str) -> dict[str, pl.DataType]:
        return dict(self._schemas[t])

    def _key_maker(self, t: str, c: str) -> Callable[[NDArray[np.int64]], pl.Series]:
        """Values of key ``c`` (unique by construction: a function of the row alone) at row indexes."""
        spec = self.plan.tables[t].spec.columns[c]
        dtype = self._schemas[t][c]

        def make(idx: NDArray[np.int64]) -> pl.Series:
            ctx = ColumnCtx(
                t,
                c,
                idx,
                self._stream(t, c, 0),
                pl.DataFrame({"__row": idx}),
                _no_parent,
                lambda g: self.root.child(t, "__group__", g),
                self.spec.locale,
                _no_fk,
            )
            return _conform(generate_column(spec, ctx), dtype).alias(c)

        return make

    def close(self) -> None:
        """Remove the spill folder (also done when the engine is garbage collected)."""
        self.budget.close()

    # ------------------------------------------------------------ row counts

    def _offset_at(self, t: str, parent_row: int) -> int:
        """Rows of child table ``t`` that belong to parents before ``parent_row``."""
        if t in self.offsets:
            off = self.offsets[t]
            return int(off[parent_row - 1]) if parent_row > 0 else 0
        total = 0
        seen = 0
        for part in self.counts.get(t, []):
            if seen + len(part) <= parent_row:
                total += int(part.sum())
                seen += len(part)
            else:
                total += int(part[: parent_row - seen].sum())
                break
        return total

    def _record_counts(
        self, parent: str, rows: NDArray[np.int64], frame: pl.DataFrame, scen: NDArray[np.int64] | None = None
    ) -> dict[str, NDArray[np.int64]]:
        """Children per parent row for every table made per ``parent``; recorded once, in order."""
        out: dict[str, NDArray[np.int64]] = {}
        ptp = self.plan.tables[parent]
        for child in ptp.children:
            ctp = self.plan.tables[child]
            lk = ctp.primary_link
            if lk is None or lk.table != parent:
                continue
            rows_spec = ctp.spec.rows
            assert isinstance(rows_spec, m.RowsPerParent)
            stream = self.root.child(child, "__count__")
            if rows_spec.process is not None:
                counts = self.features.process_counts(child, rows, scen)
                out[child] = counts
                done = self.count_done.get(child, 0)
                if len(rows) and done == int(rows[0]):
                    self.counts.setdefault(child, []).append(counts)
                    self.count_done[child] = int(rows[-1]) + 1
                continue
            assert rows_spec.count is not None
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
            for c, spec in ctp.spec.columns.items():
                if isinstance(spec, m.ForeignKeyColumn) and spec.distinct:
                    other = ctp.links[c].table
                    if other in self.n_rows:
                        counts = np.minimum(counts, self.n_rows[other])
            out[child] = counts
            done = self.count_done.get(child, 0)
            if len(rows) and done == int(rows[0]):
                self.counts.setdefault(child, []).append(counts)
                self.count_done[child] = int(rows[-1]) + 1
        return out

    def _finish_counts(self, parent: str) -> None:
        for child in self.plan.tables[parent].children:
            ctp = self.plan.tables[child]
            lk = ctp.primary_link
            if lk is None or lk.table != parent:
                continue
            parts = self.counts.pop(child, [])  # the offsets say the same from now on
            cnt = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
            self.offsets[child] = np.cumsum(cnt)
            self.n_rows[child] = int(self.offsets[child][-1]) if len(cnt) else 0

    # ------------------------------------------------------------ streams

    def _stream(self, t: str, c: str, attempt: int) -> Stream:
        s = self.root.child(t, c)
        return s if attempt == 0 else s.child("__attempt__", attempt)

    def _scenario_index(
        self, t: str, rows: NDArray[np.int64], primary_idx: NDArray[np.int64] | None
    ) -> NDArray[np.int64]:
        """Scenario per row (-1: none). Conditional scenarios ('where' on the parent) come first;
        the others share one uniform draw so their rates are exact and they never overlap."""
        scen = self._scenarios[t]
        out = np.full(len(rows), -1, dtype=np.int64)
        if not scen:
            return out
        tp = self.plan.tables[t]
        self.features.exact_scenarios(t, rows, out)
        for i, s in enumerate(scen):
            if s.where is None or s.exact:
                continue
            assert primary_idx is not None and tp.primary_link is not None
            fk = {tp.primary_link.column: primary_idx}
            view = pl.DataFrame([self._resolve(tp, n, fk).alias(n) for n in root_names(s.where)])
            match = (
                view.select(expression_for(s.where, view.schema).fill_null(False)).to_series().to_numpy().astype(bool)
                if view.width
                else np.ones(len(rows), bool)
            )
            take = match & (out < 0) & (self.root.child(t, "__scenario__", s.name).uniform(rows) < s.rate)
            out[take] = i
        u = self.root.child(t, "__scenario__").uniform(rows)
        lo = 0.0
        for i, s in enumerate(scen):
            if s.where is not None or s.exact:
                continue
            out[(u >= lo) & (u < lo + s.rate) & (out < 0)] = i
            lo += s.rate
        return out

    # ------------------------------------------------------------ one pass over rows

    def _parent_idx(self, t: str, rows: NDArray[np.int64]) -> NDArray[np.int64]:
        off = self.offsets[t]
        return np.searchsorted(off, rows, side="right").astype(np.int64)

    def _fk_index(
        self,
        tp: TablePlan,
        c: str,
        spec: m.ForeignKeyColumn,
        rows: NDArray[np.int64],
        stream: Stream,
        primary_idx: NDArray[np.int64] | None,
    ) -> NDArray[np.int64]:
        lk = tp.links[c]
        if lk.primary:
            assert primary_idx is not None
            return primary_idx.copy()
        if lk.self_ref and (spec.within is not None or spec.senior is not None):
            return self.features.self_ref(tp.name, c, rows, stream)
        if lk.self_ref:
            u = stream.uniform(rows)
            idx = np.floor(u * rows).astype(np.int64)
            idx[rows == 0] = -1
            return idx
        n_parent = self.n_rows.get(lk.table)
        if n_parent is None:
            raise GenerationError(
                f"parent table '{lk.table}' is not made yet", location=Location(table=tp.name, column=c)
            )
        if n_parent == 0:
            return np.full(len(rows), -1, dtype=np.int64)
        if spec.distinct:
            assert primary_idx is not None
            start = self._group_starts(tp.name, primary_idx)
            j = rows - start
            g = stream.child("distinct")
            offset = g.child("offset").integers(primary_idx, 0, n_parent)
            steps = _coprimes(n_parent)
            step = steps[g.child("step").integers(primary_idx, 0, len(steps))]
            if (j >= n_parent).any():
                raise GenerationError(
                    f"a parent has more children than '{lk.table}' has rows ({n_parent}), so '{c}' cannot be distinct",
                    location=Location(table=tp.name, column=c),
                )
            return ((offset + j * step) % n_parent).astype(np.int64)
        if spec.distribution == "zipf":
            d = m.Distribution(distribution="zipf", s=max(spec.s, 1.0001), n=n_parent)
            rank = distributions.sample(d, stream.uniform(rows)).astype(np.int64) - 1
            stride = _stride(n_parent)
            return (rank * stride) % n_parent
        return stream.integers(rows, 0, n_parent)

    def _group_starts(self, t: str, primary_idx: NDArray[np.int64]) -> NDArray[np.int64]:
        if t in self.offsets:
            off = np.concatenate([[0], self.offsets[t]])
            return off[primary_idx]
        uniq = np.unique(primary_idx)
        starts = {int(p): self._offset_at(t, int(p)) for p in uniq}
        return np.array([starts[int(p)] for p in primary_idx], dtype=np.int64)

    def _rows_pass(
        self,
        t: str,
        rows: NDArray[np.int64],
        attempt: int,
        scen: NDArray[np.int64],
        primary_idx: NDArray[np.int64] | None,
        base: pl.DataFrame | None = None,
        base_fk: dict[str, NDArray[np.int64]] | None = None,
        only: set[str] | None = None,
    ) -> tuple[pl.DataFrame, dict[str, NDArray[np.int64]]]:
        """One pass over ``rows`` at ``attempt``: every column made before the aggregates, or (with ``base``,
        the rows as already made) only the columns in ``only``, the others read from ``base``."""
        tp = self.plan.tables[t]
        n = len(rows)
        frame = pl.DataFrame({"__row": rows}) if base is None else base
        fk_idx: dict[str, NDArray[np.int64]] = {k: v.copy() for k, v in (base_fk or {}).items()}
        ref_cache: dict[str, pl.Series] = {}
        skip = tp.after_aggregates if only is None else set(tp.column_order) - only

        def parent(ref: str) -> pl.Series:
            if ref not in ref_cache:
                ref_cache[ref] = self._resolve(tp, ref, fk_idx)
            return ref_cache[ref]

        for c in tp.column_order:
            spec = tp.spec.columns[c]
            if isinstance(spec, m.AggregateColumn) or c in skip:
                continue
            if isinstance(spec, m.RunningSumColumn):  # whole parent groups in a first pass; refreshed after repairs
                if primary_idx is not None:
                    frame = frame.with_columns(running_sum(spec, frame, primary_idx).cast(self._schemas[t][c]).alias(c))
                continue
            key_like = isinstance(spec, _KEY_GENERATORS) and is_constructive_unique(spec)
            stream = self._stream(t, c, 0 if key_like else attempt)
            if c in tp.sequence_columns:
                frame = frame.with_columns(pl.Series(c, [None] * n, dtype=self._schemas[t][c]))
                continue
            if isinstance(spec, m.ProcessColumn):
                assert primary_idx is not None
                frame = frame.with_columns(self.features.process_values(t, spec, rows, primary_idx, parent).alias(c))
                continue
            if isinstance(spec, m.ForeignKeyColumn):
                if (spec.where is not None or spec.match) and not tp.links[c].self_ref:
                    idx = self.features.chosen_parent(tp, c, spec, rows, stream, frame, parent)
                else:
                    idx = self._fk_index(tp, c, spec, rows, stream, primary_idx)
                if spec.null_rate > 0 and not tp.links[c].primary:
                    idx = np.where(stream.child("__null__").uniform(rows) < spec.null_rate, -1, idx)
                fk_idx[c] = idx
                lk = tp.links[c]
                if lk.self_ref:
                    key_spec = tp.spec.columns[lk.key]
                    kctx = ColumnCtx(
                        t,
                        lk.key,
                        np.where(idx < 0, 0, idx),
                        self._stream(t, lk.key, 0),
                        frame,
                        parent,
                        lambda g: self.root.child(t, "__group__", g),
                        self.spec.locale,
                        fk_idx.__getitem__,
                    )
                    vals = generate_column(key_spec, kctx)
                    values = pl.select(
                        pl.when(pl.lit(pl.Series(idx < 0))).then(None).otherwise(pl.lit(vals))
                    ).to_series()
                else:
                    values = self.store.gather(lk.table, lk.key, idx)
                frame = frame.with_columns(values.cast(self._schemas[t][c]).alias(c))
                continue
            ctx = ColumnCtx(
                t,
                c,
                rows,
                stream,
                frame,
                parent,
                lambda g: self.root.child(t, "__group__", g),
                self.spec.locale,
                fk_idx.__getitem__,
                attempt,
                self.text,
            )
            values = _with_nulls(generate_column(spec, ctx), spec.null_rate, stream, rows)
            for si, sc in enumerate(self._scenarios[t]):
                override = sc.columns.get(c)
                if override is None:
                    continue
                mask = scen == si
                if not mask.any():
                    continue
                sub_rows = rows[mask]
                sub_frame = frame.filter(pl.Series(mask))
                sub_refs = {k: v.filter(pl.Series(mask)) for k, v in ref_cache.items()}
                sub_fk = {k: v[mask] for k, v in fk_idx.items()}

                def sub_parent(
                    ref: str, _m: NDArray[np.bool_] = mask, _cache: dict[str, pl.Series] = sub_refs
                ) -> pl.Series:
                    if ref not in _cache:
                        _cache[ref] = parent(ref).filter(pl.Series(_m))
                    return _cache[ref]

                sctx = ColumnCtx(
                    t,
                    c,
                    sub_rows,
                    self._stream(t, c, attempt).child("__scenario__", sc.name),
                    sub_frame,
                    sub_parent,
                    lambda g: self.root.child(t, "__group__", g),
                    self.spec.locale,
                    sub_fk.__getitem__,
                    attempt,
                    self.text,
                )
                sub_vals = _conform(
                    _with_nulls(generate_column(override, sctx), override.null_rate, sctx.stream, sub_rows),
                    self._schemas[t][c],
                )
                values = _conform(values, self._schemas[t][c]).scatter(np.flatnonzero(mask), sub_vals)
            values = self.features.share_values(t, c, _conform(values, self._schemas[t][c]), scen, rows)
            frame = frame.with_columns(_conform(values, self._schemas[t][c]).alias(c))
        # labels
        for si, sc in enumerate(self._scenarios[t]):
            mask = scen == si
            for label, value in sc.labels.items():
                dtype = self._schemas[t][label]
                if label not in frame.columns:
                    frame = frame.with_columns(
                        pl.lit(_label_default(dtype) if label in tp.label_columns else None, dtype=dtype).alias(label)
                    )
                if mask.any():
                    col = (
                        frame.get_column(label)
                        .cast(dtype)
                        .scatter(np.flatnonzero(mask), pl.Series([value] * int(mask.sum()), dtype=dtype, strict=False))
                    )
                    frame = frame.with_columns(col)
        for label in tp.label_columns:
            if label not in frame.columns:
                frame = frame.with_columns(
                    pl.lit(_label_default(self._schemas[t][label]), dtype=self._schemas[t][label]).alias(label)
                )
        return frame, fk_idx

    def _resolve(self, tp: TablePlan, ref: str, fk_idx: dict[str, NDArray[np.int64]]) -> pl.Series:
        parts = ref.split(".")
        fk = tp.aliases[parts[0]]
        idx = fk_idx[fk]
        cur = self.plan.tables[tp.links[fk].table]
        for alias in parts[1:-1]:
            fk2 = cur.aliases[alias]
            nxt = self.store.gather(cur.name, "__idx__" + fk2, idx).fill_null(-1).to_numpy().astype(np.int64)
            idx = nxt
            cur = self.plan.tables[cur.links[fk2].table]
        return self.store.gather(cur.name, parts[-1], idx)

    # ------------------------------------------------------------ rows with repair and aggregates

    def _check_frame(
        self, t: str, frame: pl.DataFrame, fk_idx: dict[str, NDArray[np.int64]], checks: list[RowConstraint]
    ) -> NDArray[np.bool_]:
        tp = self.plan.tables[t]
        ok = np.ones(frame.height, dtype=bool)
        for rc in checks:
            names = rc.names()
            view = frame
            extra = [n for n in names if "." in n]
            if extra:
                view = frame.with_columns([self._resolve(tp, n, fk_idx).alias(n) for n in extra])
            ok &= rc.check(view)
        return ok

    def make_rows(
        self, t: str, rows: NDArray[np.int64], primary_idx: NDArray[np.int64] | None = None, record: bool = True
    ) -> _Rows:
        """Rows ``rows`` of table ``t``: every column, constraints repaired, aggregates filled."""
        tp = self.plan.tables[t]
        if primary_idx is None and tp.primary_link is not None:
            primary_idx = self._parent_idx(t, rows)
        scen = self._scenario_index(t, rows, primary_idx)
        frame, fk_idx = self._rows_pass(t, rows, 0, scen, primary_idx)
        attempts = np.zeros(len(rows), dtype=np.int64)
        aggs = {c for c, s in tp.spec.columns.items() if isinstance(s, m.AggregateColumn)}
        post = aggs | tp.after_aggregates | set(tp.sequence_columns)
        sums = self._running_closure(t)
        checks = [rc for rc in self._rowchecks[t] if not (set(rc.names()) & post)]
        late = [rc for rc in self._rowchecks[t] if set(rc.names()) & post]
        if checks:
            ok = self._check_frame(t, frame, fk_idx, checks)
            attempt = 0
            initial_bad = int((~ok).sum())
            while not ok.all() and attempt < self.max_attempts:
                attempt += 1
                bad = np.flatnonzero(~ok)
                sub, sub_fk = self._rows_pass(
                    t, rows[bad], attempt, scen[bad], None if primary_idx is None else primary_idx[bad]
                )
                frame = _scatter_rows(frame, bad, sub)
                for k, v in sub_fk.items():
                    fk_idx[k][bad] = v
                attempts[bad] = attempt
                if sums:  # a running sum reads the whole group: refresh it, then check every row again
                    frame = self._recompute(t, rows, frame, fk_idx, scen, primary_idx, attempts, sums)
                    ok = self._check_frame(t, frame, fk_idx, checks)
                else:
                    ok[bad] = self._check_frame(t, sub, sub_fk, checks)
            if record and initial_bad:
                reg = self.stats.regenerated.setdefault(t, {})
                reg["rows"] = reg.get("rows", 0) + initial_bad
            if not ok.all():
                self._fail(t, frame, fk_idx, checks, initial_bad)
        if primary_idx is not None and any(isinstance(s, m.RankColumn) for s in tp.spec.columns.values()):
            frame = apply_ranks(frame, tp.spec.columns, primary_idx)  # rows hold whole parent groups
        if tp.sequence_columns:
            assert primary_idx is not None
            frame = self.features.sequence_values(t, rows, frame, fk_idx, primary_idx)
        child_counts = self._record_counts(t, rows, frame, scen)
        if aggs:
            frame = self._aggregates(t, rows, frame, fk_idx, child_counts, scen)
        if tp.after_aggregates:
            frame = self._recompute(t, rows, frame, fk_idx, scen, primary_idx, attempts, tp.after_aggregates)
        if late:
            ok = self._check_frame(t, frame, fk_idx, late)
            if not ok.all():
                self._fail(t, frame, fk_idx, late, int((~ok).sum()))
        return _Rows(frame, fk_idx, scen, primary_idx)

    def _running_closure(self, t: str) -> set[str]:
        """Running sums of ``t`` and the columns derived from them (made before the aggregates)."""
        tp = self.plan.tables[t]
        sums = {c for c, s in tp.spec.columns.items() if isinstance(s, m.RunningSumColumn)}
        return tp.derived_from(sums) - tp.after_aggregates if sums else set()

    def _recompute(
        self,
        t: str,
        rows: NDArray[np.int64],
        frame: pl.DataFrame,
        fk_idx: dict[str, NDArray[np.int64]],
        scen: NDArray[np.int64],
        primary_idx: NDArray[np.int64] | None,
        attempts: NDArray[np.int64],
        cols: set[str],
    ) -> pl.DataFrame:
        """Make ``cols`` again over whole rows, in column order, each row with the attempt it was last made at."""
        tp = self.plan.tables[t]
        for c in tp.column_order:
            if c not in cols or isinstance(tp.spec.columns[c], m.AggregateColumn):
                continue
            spec = tp.spec.columns[c]
            if isinstance(spec, m.RunningSumColumn):
                if primary_idx is not None:
                    frame = frame.with_columns(running_sum(spec, frame, primary_idx).cast(self._schemas[t][c]).alias(c))
                continue
            if c not in frame.columns:  # made here for the first time (derived from an aggregate)
                frame = frame.with_columns(pl.lit(None, dtype=self._schemas[t][c]).alias(c))
            for a in np.unique(attempts):
                pos = np.flatnonzero(attempts == a)
                whole = len(pos) == len(rows)
                base = frame if whole else frame[pos]
                sub_fk = fk_idx if whole else {k: v[pos] for k, v in fk_idx.items()}
                sub, new_fk = self._rows_pass(
                    t,
                    rows[pos],
                    int(a),
                    scen[pos],
                    None if primary_idx is None else primary_idx[pos],
                    base=base,
                    base_fk=sub_fk,
                    only={c},
                )
                frame = sub if whole else _scatter_rows(frame, pos, sub.select(c))
                if c in new_fk:
                    fk_idx[c][pos] = new_fk[c]
        return frame

    def _fail(
        self,
        t: str,
        frame: pl.DataFrame,
        fk_idx: dict[str, NDArray[np.int64]],
        checks: list[RowConstraint],
        initial_bad: int,
    ) -> None:
        problems = []
        n = frame.height
        for rc in checks:
            bad = int((~self._check_frame(t, frame, fk_idx, [rc])).sum())
            if bad:
                problems.append(
                    Problem(
                        self.plan.index.location(("constraints", rc.index), table=t, column=rc.spec.column),
                        f"constraint {rc.describe()} still fails for {bad} of {n} rows ({bad / n:.1%}) after "
                        f"{self.max_attempts} regeneration attempts",
                    )
                )
        raise ConstraintError(problems)

    def _aggregates(
        self,
        t: str,
        rows: NDArray[np.int64],
        frame: pl.DataFrame,
        fk_idx: dict[str, NDArray[np.int64]],
        child_counts: dict[str, NDArray[np.int64]],
        scen: NDArray[np.int64] | None = None,
    ) -> pl.DataFrame:
        tp = self.plan.tables[t]
        a = int(rows[0]) if len(rows) else 0
        contiguous = len(rows) == 0 or (int(rows[-1]) - a + 1 == len(rows))
        by_child: dict[str, list[tuple[str, m.AggregateColumn]]] = {}
        for c, s in tp.spec.columns.items():
            if isinstance(s, m.AggregateColumn):
                by_child.setdefault(s.of.split(".")[0], []).append((c, s))
        for child, cols in by_child.items():
            counts = child_counts[child]
            if not contiguous:  # pragma: no cover - chunks are always contiguous
                raise GenerationError("aggregates need contiguous rows", location=Location(table=t))
            start = self._offset_at(child, a)
            child_rows = np.arange(start, start + int(counts.sum()), dtype=np.int64)
            parent_rel = np.repeat(np.arange(len(rows)), counts)
            overlay_cols = {c: frame.get_column(c) for c in frame.columns}
            for k, v in fk_idx.items():
                overlay_cols["__idx__" + k] = pl.Series(v)
            if scen is not None:
                overlay_cols["__scen__"] = pl.Series(scen)  # a process's variant follows the parent's scenario
            # children read this chunk through an overlay indexed by relative position
            prev = self.store.overlay.get(t)
            self.store.overlay[t] = (rows, overlay_cols)
            try:
                kids = self.make_rows(child, child_rows, primary_idx=rows[parent_rel], record=False).frame
            finally:
                if prev is None:
                    del self.store.overlay[t]
                else:
                    self.store.overlay[t] = prev
            for c, s in cols:
                frame = frame.with_columns(
                    _aggregate(s, kids, parent_rel, len(rows)).cast(self._schemas[t][c], strict=False).alias(c)
                )
        return frame

    # ------------------------------------------------------------ tables

    def tables(self) -> Iterator[tuple[str, Iterator[pl.DataFrame]]]:
        """(table, chunks) in generation order; consume each table's chunks before the next."""
        start = time.perf_counter()
        try:
            for t in self.plan.tables:
                yield t, self._table_chunks(t)
                self._finish_counts(t)
                self.store.finish(t)
        finally:
            self.close()  # spill files are not needed once every table is made (or on error)
        self.stats.seconds = time.perf_counter() - start

    def _table_chunks(self, t: str) -> Iterator[pl.DataFrame]:
        n = self.n_rows[t]
        uniques = self._ledger_columns(t)
        ledgers: list[Any] = [self.ledger_factory(self.budget) for _ in uniques]
        needs = self._needs[t]
        scen_counts = np.zeros(len(self._scenarios[t]), dtype=np.int64)
        self.features.before_table(t, n)
        bounds = list(self._chunk_bounds(t, n))
        made_all = (
            self.row_maker(t, bounds)
            if self.row_maker is not None
            else (self.make_rows(t, np.arange(a, b, dtype=np.int64)) for a, b in bounds)
        )
        for (a, b), made in zip(bounds, made_all):
            rows = np.arange(a, b, dtype=np.int64)
            frame, fk_idx = made.frame, made.fk_idx
            if uniques:
                frame = self._enforce_unique(t, rows, made, uniques, ledgers)
                if self.plan.tables[t].sequence_columns and made.primary_idx is not None:
                    frame = self.features.sequence_values(t, rows, frame, fk_idx, made.primary_idx)
            scen_counts += np.bincount(made.scen + 1, minlength=len(scen_counts) + 1)[1:]
            for c in needs:
                if c == "__scen__":
                    self.store.append(t, c, pl.Series(made.scen))
                elif c.startswith("__idx__"):
                    self.store.append(t, c, pl.Series(fk_idx[c[len("__idx__") :]]))
                else:
                    self.store.append(t, c, frame.get_column(c))
            if self.progress is not None:
                self.progress(t, b, n)
            # (a row maker that wrote the chunk itself hands back what it wrote instead of the rows)
            yield getattr(made, "written", None) or frame.select(list(self._schemas[t]))
        self.stats.rows[t] = n
        for i, sc in enumerate(self._scenarios[t]):
            self.stats.scenario_rows[sc.name] = int(scen_counts[i])
        if n == 0:
            for c in needs:
                dtype = pl.Int64() if c.startswith("__") else self._schemas[t][c]
                self.store.append(t, c, pl.Series([], dtype=dtype))
            if self.progress is not None:
                self.progress(t, 0, 0)

    def _chunk_bounds(self, t: str, n: int) -> Iterator[tuple[int, int]]:
        """Row ranges of about chunk_size; a table with running sums ends chunks at parent boundaries
        (a running sum needs each parent's rows whole; the values do not depend on where chunks end)."""
        tp = self.plan.tables[t]
        whole = t in self.offsets and any(
            isinstance(s, (m.RunningSumColumn, m.RankColumn)) for s in tp.spec.columns.values()
        )
        a = 0
        while a < n:
            b = min(n, a + self.chunk_size)
            if (
                whole or (t in self.offsets and tp.sequence_columns)
            ) and b < n:  # previous./sibling. read whole parents
                off = self.offsets[t]
                b = int(off[np.searchsorted(off, b, side="left")])
            yield a, b
            a = b

    def _ledger_columns(self, t: str) -> list[tuple[str, ...]]:
        """Column sets whose uniqueness is not guaranteed by construction."""
        tp = self.plan.tables[t]
        sets: list[tuple[str, ...]] = []
        for c, spec in tp.spec.columns.items():
            single = spec.unique or tp.spec.key_columns == (c,)
            if (
                single
                and not self._unique_by_construction(t, c)
                and not isinstance(spec, (m.ForeignKeyColumn, m.AggregateColumn))
            ):
                sets.append((c,))
            elif single and isinstance(spec, m.ForeignKeyColumn) and not tp.links[c].primary:
                sets.append((c,))
        comps = [tuple(c.unique) for c in self.spec.constraints if c.table == t and c.unique is not None]
        if len(tp.spec.key_columns) > 1:
            comps.append(tp.spec.key_columns)
        for cols in comps:
            if any(self._unique_by_construction(t, x) for x in cols):
                continue
            prim = [x for x in cols if x in tp.links and tp.links[x].primary]
            dist = [
                x
                for x in cols
                if isinstance(fk_spec := tp.spec.columns.get(x), m.ForeignKeyColumn) and fk_spec.distinct
            ]
            if prim and dist:
                continue  # one parent per 'per' row, distinct others: unique by construction
            sets.append(tuple(cols))
        return sets

    def _unique_by_construction(self, t: str, c: str) -> bool:
        """Values that depend on the row alone: keys (sequence, uuid, pattern with {seq}) that no regeneration
        attempt and no scenario changes. Anything else (an email, a pattern without {seq}) is checked in a ledger."""
        spec = self.plan.tables[t].spec.columns.get(c)
        return (
            isinstance(spec, _KEY_GENERATORS)
            and is_constructive_unique(spec)
            and spec.null_rate == 0
            and not any(c in sc.columns for sc in self._scenarios[t])
        )

    def _enforce_unique(
        self, t: str, rows: NDArray[np.int64], made: _Rows, uniques: list[tuple[str, ...]], ledgers: list[Any]
    ) -> pl.DataFrame:
        """Redraw rows whose values repeat an earlier row's, in row order (chunk-size independent).

        ``ledgers`` hold the values of earlier chunks (exact; see ``simulacra._spill``); within the chunk a
        Python set holds the rows accepted so far, so memory beyond the ledgers is bounded by the chunk."""
        frame, fk_idx, scen, primary = made
        tp = self.plan.tables[t]
        redraw = tp.derived_from({c for cols in uniques for c in cols}) - tp.after_aggregates
        feeds_sums = bool(redraw & self._running_closure(t))
        redraw -= {c for c, s in tp.spec.columns.items() if isinstance(s, (m.AggregateColumn, m.RunningSumColumn))}

        def values(f: pl.DataFrame) -> tuple[list[list[Any]], list[NDArray[np.bool_]]]:
            """Each column set's tuples per row ((None,) when exempt) and which rows take part (no null)."""
            ks = [list(zip(*(f.get_column(c).to_list() for c in cols))) for cols in uniques]
            ks = [self.features.exempt_shared(t, cols, k, scen) for cols, k in zip(uniques, ks)]
            return ks, [np.fromiter((None not in k for k in kk), dtype=bool, count=len(kk)) for kk in ks]

        def part(f: pl.DataFrame, cols: tuple[str, ...], mask: NDArray[np.bool_]) -> pl.DataFrame:
            return f.select(list(cols)).filter(pl.Series(mask))

        keys, present = values(frame)
        before = []  # per column set: the rows whose value an earlier chunk has
        for cols, ks, pm, led in zip(uniques, keys, present, ledgers):
            hit = np.zeros(len(ks), dtype=bool)
            hit[pm] = led.find(part(frame, cols, pm), [k for k, p in zip(ks, pm) if p])
            before.append(hit)
        if all(
            not b.any() and len(set(k for k, p in zip(ks, pm) if p)) == int(pm.sum())
            for b, ks, pm in zip(before, keys, present)
        ):
            for cols, pm, led in zip(uniques, present, ledgers):  # the usual case: nothing repeats, no row-by-row pass
                led.add(part(frame, cols, pm))
            return frame
        checks = [
            rc
            for rc in self._rowchecks[t]
            if not (
                set(rc.names())
                & (tp.after_aggregates | {c for c, s in tp.spec.columns.items() if isinstance(s, m.AggregateColumn)})
            )
        ]
        taken: list[set[Any]] = [set() for _ in uniques]  # values of this chunk's rows accepted so far
        # Redraws in batches: a row's candidate at redraw level L is a function of the row and its attempt
        # alone, so the candidates of many rows are made in one pass, checked against the row checks and
        # the earlier chunks' ledgers at once; the scan below then accepts, in row order, each row's first
        # candidate no earlier row of the chunk holds: the values of a row-by-row redraw, in a few passes.
        flagged = np.zeros(len(rows), dtype=bool)  # rows that may need a redraw: their first value is seen before
        raw_at: list[dict[Any, list[int]]] = [{} for _ in uniques]  # per column set: value -> rows holding it
        for i in range(len(rows)):
            for rk, b, ra in zip((k[i] for k in keys), before, raw_at):
                if any(v is None for v in rk):
                    continue
                if b[i] or rk in ra:
                    flagged[i] = True
                ra.setdefault(rk, []).append(i)
        claims = [Counter({k: len(v) for k, v in ra.items()}) for ra in raw_at]  # rows and candidates holding a value
        levels = range(self.max_attempts + 1, 2 * self.max_attempts + 50)
        cands: list[dict[int, tuple[int, int]]] = [{} for _ in levels]  # level -> row position -> (batch, index)
        batches: list[tuple[NDArray[np.int64], pl.DataFrame, dict[str, NDArray[np.int64]], list[list[Any]], Any]] = []
        stats = self.stats.redraws.setdefault(t, {"passes": 0, "rows": 0, "candidates": 0, "levels": 0})

        def refused(lvl: int, p: int) -> bool:
            """Row ``p``'s candidate at ``lvl`` fails a check, is in a ledger, or another row or candidate has it."""
            bi, j = cands[lvl][p]
            _, _, _, sub_keys, ok = batches[bi]
            return not ok[j] or any(
                claims[u][nks[j]] > 1 for u, nks in enumerate(sub_keys) if not any(v is None for v in nks[j])
            )

        def make_level(lvl: int, i: int) -> None:
            """Candidates at ``lvl`` for row ``i`` and the later rows that may need them (one pass)."""
            if lvl == 0:
                later = np.flatnonzero(flagged)
            else:  # the later rows whose candidate at the level before will likely be refused
                later = np.array(
                    sorted(p for p in cands[lvl - 1] if p > i and p not in cands[lvl] and refused(lvl - 1, p)),
                    dtype=np.int64,
                )
            pos = np.unique(np.concatenate([np.array([i], dtype=np.int64), later[later > i]]))
            pos = pos[[int(p) not in cands[lvl] for p in pos]]
            sub, sub_fk = self._rows_pass(
                t,
                rows[pos],
                levels[lvl],
                scen[pos],
                None if primary is None else primary[pos],
                base=frame[pos],
                base_fk={k: v[pos] for k, v in fk_idx.items()},
                only=redraw,
            )
            ok = self._check_frame(t, sub, sub_fk, checks) if checks else np.ones(len(pos), dtype=bool)
            sub_keys = [list(zip(*(sub.get_column(c).to_list() for c in cols))) for cols in uniques]
            for cols, nks, led in zip(uniques, sub_keys, ledgers):
                pm = np.fromiter((None not in nk for nk in nks), dtype=bool, count=len(nks))
                if pm.any():
                    view = sub.select([sub.get_column(c).cast(frame.schema[c], strict=False) for c in cols])
                    hit = np.zeros(len(nks), dtype=bool)
                    hit[pm] = led.find(view.filter(pl.Series(pm)), [nk for nk, p in zip(nks, pm) if p])
                    ok &= ~hit
            # later rows whose first value a candidate takes: their redraws join the next batch
            for j in range(len(pos)):
                for nks, cl, ra in zip(sub_keys, claims, raw_at):
                    nk = nks[j]
                    if any(v is None for v in nk):
                        continue
                    if nk in ra:
                        for q in ra[nk]:
                            if q > i:
                                flagged[q] = True
                    cl[nk] += 1
            b = len(batches)
            batches.append((pos, sub, sub_fk, sub_keys, ok))
            for j, p in enumerate(pos):
                cands[lvl][int(p)] = (b, j)
            stats["passes"] += 1
            stats["candidates"] += len(pos)

        chosen: list[list[int]] = []  # per batch: indexes accepted
        for i in range(len(rows)):
            row_keys = [k[i] for k in keys]
            if all(
                any(v is None for v in rk) or (not b[i] and rk not in tk) for rk, b, tk in zip(row_keys, before, taken)
            ):
                for rk, tk in zip(row_keys, taken):
                    if not any(v is None for v in rk):
                        tk.add(rk)
                continue
            if feeds_sums:  # a redrawn value would change its group's running sums
                raise GenerationError(
                    f"row {int(rows[i])} repeats a unique value and a running sum reads the column; redrawing "
                    "it would change the balances of its group: make the column unique by construction "
                    "(sequence, uuid, pattern with {seq})",
                    location=Location(table=t, column=uniques[0][0]),
                )
            for lvl in range(len(levels)):
                if i not in cands[lvl]:
                    make_level(lvl, i)
                bi, j = cands[lvl][i]
                _, _, _, sub_keys, ok = batches[bi]
                if not ok[j]:
                    continue
                new_keys = [nks[j] for nks in sub_keys]
                if all(any(v is None for v in nk) or nk not in tk for nk, tk in zip(new_keys, taken)):
                    while len(chosen) < len(batches):
                        chosen.append([])
                    chosen[bi].append(j)
                    for nk, tk in zip(new_keys, taken):
                        if not any(v is None for v in nk):
                            tk.add(nk)
                    stats["rows"] += 1
                    stats["levels"] = max(stats["levels"], lvl + 1)
                    break
            else:
                names = ", ".join(uniques[0])
                raise GenerationError(
                    f"cannot make unique values for ({names}) after {self.max_attempts + 50} attempts at row {int(rows[i])}; "
                    "the generator has too few distinct values for this many rows",
                    location=Location(table=t, column=uniques[0][0]),
                )
        for (pos, sub, sub_fk, _, _), idx in zip(batches, chosen):
            if not idx:
                continue
            take = np.array(idx, dtype=np.int64)
            frame = _scatter_rows(frame, pos[take], sub[take].select(frame.columns))
            for k, v in sub_fk.items():
                fk_idx[k][pos[take]] = v[take]
        _, present = values(frame)  # the rows as they are now: what the ledgers remember
        for cols, pm, led in zip(uniques, present, ledgers):
            led.add(part(frame, cols, pm))
        cols_spec = self.plan.tables[t].spec.columns
        if primary is not None and any(isinstance(s, m.RankColumn) for s in cols_spec.values()):
            frame = apply_ranks(frame, cols_spec, primary)  # redrawn rows: ranks made again
        return frame

    def frames(self) -> dict[str, pl.DataFrame]:
        """The whole dataset in memory (small data, tests)."""
        out: dict[str, pl.DataFrame] = {}
        for t, chunks in self.tables():
            parts = list(chunks)
            out[t] = pl.concat(parts) if parts else pl.DataFrame(schema=self._schemas[t])
        return out


def _scatter_rows(frame: pl.DataFrame, positions: NDArray[np.int64], sub: pl.DataFrame) -> pl.DataFrame:
    cols = []
    for c in frame.columns:
        s = frame.get_column(c)
        if c in sub.columns:
            s = s.clone().scatter(positions, sub.get_column(c).cast(s.dtype, strict=False))
        cols.append(s)
    return pl.DataFrame(cols)


def _aggregate(spec: m.AggregateColumn, kids: pl.DataFrame, parent_rel: NDArray[np.int64], n: int) -> pl.Series:
    ccol = spec.of.partition(".")[2]
    df = pl.DataFrame({"__p": parent_rel})
    if ccol:
        df = df.with_columns(kids.get_column(ccol).alias("__v"))
    fn = spec.function
    if fn == "count":
        agg = df.group_by("__p").agg(pl.len().alias("__a"))
    else:
        agg = df.group_by("__p").agg(getattr(pl.col("__v"), fn)().alias("__a"))
    full = pl.DataFrame({"__p": np.arange(n, dtype=np.int64)}).join(
        agg.with_columns(pl.col("__p").cast(pl.Int64)), on="__p", how="left", maintain_order="left"
    )
    out = full.get_column("__a")
    default = spec.default if spec.default is not None else (0 if fn in ("sum", "count") else None)
    if default is not None:
        out = out.fill_null(default)
    if spec.round is not None and out.dtype.is_float():
        out = out.round(spec.round)
    return out


def _no_parent(ref: str) -> pl.Series:  # pragma: no cover - keys unique by construction read no other column
    raise GenerationError(f"a key made from its row index cannot read '{ref}'")


def _no_fk(fk: str) -> NDArray[np.int64]:  # pragma: no cover - as above
    raise GenerationError(f"a key made from its row index cannot read foreign key '{fk}'")


def _with_nulls(values: pl.Series, rate: float, stream: Stream, rows: NDArray[np.int64]) -> pl.Series:
    if rate <= 0:
        return values
    null = stream.child("__null__").uniform(rows) < rate
    return pl.select(pl.when(pl.lit(pl.Series(null))).then(None).otherwise(pl.lit(values))).to_series()


def _conform(s: pl.Series, dtype: pl.DataType) -> pl.Series:
    """A column in its schema type; ISO text becomes dates and date-times."""
    if s.dtype == dtype:
        return s
    if s.dtype == pl.String and dtype == pl.Date:
        return s.str.to_date(strict=False)
    if s.dtype == pl.String and isinstance(dtype, pl.Datetime):
        return s.str.to_datetime(strict=False).cast(dtype)
    if s.dtype == pl.Null:
        return pl.Series(s.name, [None] * len(s), dtype=dtype)
    return s.cast(dtype, strict=False)


def _label_default(dtype: pl.DataType) -> Any:
    """Rows outside every scenario: 0 / false for numeric and boolean labels, null for text."""
    if dtype == pl.Boolean:
        return False
    if dtype.is_numeric():
        return 0
    return None


def _coprimes(n: int) -> NDArray[np.int64]:
    cand = np.arange(1, min(n, 4096) + 1, dtype=np.int64) if n > 1 else np.array([1], dtype=np.int64)
    good = cand[np.gcd(cand, n) == 1]
    return good if len(good) else np.array([1], dtype=np.int64)


def _stride(n: int) -> int:
    s = 2654435761 % n if n > 1 else 1
    while s > 1 and math.gcd(s, n) != 1:
        s -= 1
    return max(s, 1)
