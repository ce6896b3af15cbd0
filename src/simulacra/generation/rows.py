"""The row maker: a table's rows for a row range, every column made, constraints repaired, aggregates filled.

A chunk is a pure function of (spec, seed, table, row range) and what the parents left behind
(``Engine.store``, ``Engine.planner``). Inside a chunk: scenario membership, then columns in dependency
order (through the one column filler, ``generation.filler``: foreign keys, parent references, null
rates, self-references, running sums), scenario overrides and labels; then rows failing a constraint
are made again with a new attempt number, a bounded number of times; then aggregates over children
(children of the chunk are made on the fly — deterministic, so identical to the rows the child table
writes later). ``RowMaker`` is also the engine's default way to make a table's chunks, in order
(``simulacra.distributed`` puts a Dask one in its place).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra._parent_months import month_index, months_values, parent_months_of
from simulacra._random import Stream
from simulacra._row_constraints import RowConstraint
from simulacra.errors import ConstraintError, GenerationError, Location, Problem
from simulacra.generation import distributions
from simulacra.generation.columns import apply_ranks, generate_column, is_constructive_unique
from simulacra.generation.filler import ColumnFiller, Streams, resolve_ref, self_ref_index, with_nulls
from simulacra.generation.periods import LaidPeriods, ancestor_bound, groups_of, lay_periods
from simulacra.spec import model as m
from simulacra.spec.plan import TablePlan
from simulacra.spec.refs import expression_for, root_names, sql_round

if TYPE_CHECKING:
    from simulacra.generation.engine import Engine

__all__ = ["KEY_GENERATORS", "MadeRows", "RowMaker", "RowsToCounts", "aggregate_column", "conform", "scatter_rows"]

KEY_GENERATORS = (m.SequenceColumn, m.UuidColumn, m.PatternColumn)


class MadeRows(NamedTuple):
    """Rows made for a table: values, each foreign key's parent row index, scenario per row, 'per' parent."""

    frame: pl.DataFrame
    fk_idx: dict[str, NDArray[np.int64]]
    scen: NDArray[np.int64]
    primary_idx: NDArray[np.int64] | None


class RowsToCounts(NamedTuple):
    """A chunk made up to its children's counts (``RowMaker.rows_to_counts``): the rest of ``make_rows`` reads it."""

    table: str
    rows: NDArray[np.int64]
    frame: pl.DataFrame
    fk_idx: dict[str, NDArray[np.int64]]
    scen: NDArray[np.int64]
    primary_idx: NDArray[np.int64] | None
    attempts: NDArray[np.int64]  # the attempt each row was last made at
    child_counts: dict[str, NDArray[np.int64]]


class RowMaker:
    """Makes an engine's rows (``make_rows``), one row range at a time."""

    def __init__(self, engine: Engine) -> None:
        self.e = engine

    def __call__(self, t: str, bounds: list[tuple[int, int]]) -> Iterator[MadeRows]:
        """The chunks of table ``t``, in order, made in this process."""
        return (self.make_rows(t, np.arange(a, b, dtype=np.int64)) for a, b in bounds)

    def filler(self, t: str, fk_idx: dict[str, NDArray[np.int64]]) -> ColumnFiller:
        """The column filler for rows of ``t`` whose foreign keys point at ``fk_idx``."""
        return ColumnFiller(
            self.e.plan,
            t,
            Streams.generate(self.e.root, t),
            self.e.store.gather,
            self.e.spec.locale,
            fk_idx,
            self.e.text,
            planned=self.e.n_rows.get(t),
        )

    def scenario_index(
        self, t: str, rows: NDArray[np.int64], primary_idx: NDArray[np.int64] | None
    ) -> NDArray[np.int64]:
        """Scenario per row (-1: none). Conditional scenarios ('where' on the parent) come first;
        the others share one uniform draw so their rates are exact and they never overlap."""
        scen = self.e._scenarios[t]
        out = np.full(len(rows), -1, dtype=np.int64)
        if not scen:
            return out
        tp = self.e.plan.tables[t]
        self.e.features.exact_scenarios(t, rows, out)
        for i, s in enumerate(scen):
            if s.where is None or s.exact:
                continue
            assert primary_idx is not None and tp.primary_link is not None
            fk = {tp.primary_link.column: primary_idx}
            view = pl.DataFrame([self.resolve(tp, n, fk).alias(n) for n in root_names(s.where)])
            match = (
                view.select(expression_for(s.where, view.schema).fill_null(False)).to_series().to_numpy().astype(bool)
                if view.width
                else np.ones(len(rows), bool)
            )
            take = match & (out < 0) & (self.e.root.child(t, "__scenario__", s.name).uniform(rows) < s.rate)
            out[take] = i
        u = self.e.root.child(t, "__scenario__").uniform(rows)
        lo = 0.0
        for i, s in enumerate(scen):
            if s.where is not None or s.exact:
                continue
            out[(u >= lo) & (u < lo + s.rate) & (out < 0)] = i
            lo += s.rate
        return out

    def fk_index(
        self,
        tp: TablePlan,
        c: str,
        spec: m.ForeignKeyColumn,
        rows: NDArray[np.int64],
        stream: Stream,
        primary_idx: NDArray[np.int64] | None,
        attempt: int = 0,
    ) -> NDArray[np.int64]:
        lk = tp.links[c]
        if lk.primary:
            assert primary_idx is not None
            return primary_idx.copy()
        if lk.self_ref and (spec.within is not None or spec.senior is not None):
            return self.e.features.self_ref(tp.name, c, rows, stream)
        if lk.self_ref:
            return self_ref_index(spec, rows, stream)
        n_parent = self.e.planner.n_rows.get(lk.table)
        if n_parent is None:
            raise GenerationError(
                f"parent table '{lk.table}' is not made yet", location=Location(table=tp.name, column=c)
            )
        if n_parent == 0:
            return np.full(len(rows), -1, dtype=np.int64)
        if spec.distinct:
            assert primary_idx is not None
            start = self.e.planner.group_starts(tp.name, primary_idx)
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
            if attempt:  # a row made again takes a place no sibling's first draw takes: j + attempt x group size
                size = self.e.planner.group_starts(tp.name, primary_idx + 1) - start
                j = j + attempt * size
            return ((offset + j * step) % n_parent).astype(np.int64)
        if spec.distribution == "zipf":
            d = m.Distribution(distribution="zipf", s=max(spec.s, 1.0001), n=n_parent)
            rank = distributions.sample(d, stream.uniform(rows)).astype(np.int64) - 1
            stride = _stride(n_parent)
            return (rank * stride) % n_parent
        return stream.integers(rows, 0, n_parent)

    def rows_pass(
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
        tp = self.e.plan.tables[t]
        n = len(rows)
        frame = pl.DataFrame({"__row": rows}) if base is None else base
        fk_idx: dict[str, NDArray[np.int64]] = {k: v.copy() for k, v in (base_fk or {}).items()}
        fill = self.filler(t, fk_idx)
        ref_cache, parent = fill.refs, fill.parent
        skip = tp.after_aggregates if only is None else set(tp.column_order) - only

        for c in tp.column_order:
            spec = tp.spec.columns[c]
            if isinstance(spec, m.AggregateColumn) or c in skip:
                continue
            if isinstance(spec, m.RunningSumColumn):  # whole parent groups in a first pass; refreshed after repairs
                if primary_idx is not None:
                    frame = frame.with_columns(
                        fill.running_sum(c, frame, primary_idx).cast(self.e._schemas[t][c]).alias(c)
                    )
                continue
            key_like = isinstance(spec, KEY_GENERATORS) and is_constructive_unique(spec)
            # a distinct foreign key is a permutation of the parents per 'per' row: a row made again takes another
            # place in the same permutation (a new attempt's own permutation would repeat a sibling's parent)
            in_perm = isinstance(spec, m.ForeignKeyColumn) and spec.distinct
            stream = fill.streams.column(c, 0 if key_like or in_perm else attempt)
            if c in tp.sequence_columns:
                frame = frame.with_columns(pl.Series(c, [None] * n, dtype=self.e._schemas[t][c]))
                continue
            if isinstance(spec, m.ProcessColumn):
                assert primary_idx is not None
                frame = frame.with_columns(self.e.features.process_values(t, spec, rows, primary_idx, parent).alias(c))
                continue
            if isinstance(spec, m.ForeignKeyColumn):
                if (spec.where is not None or spec.match) and not tp.links[c].self_ref:
                    idx = self.e.features.chosen_parent(tp, c, spec, rows, stream, frame, parent, primary_idx, attempt)
                else:
                    idx = self.fk_index(tp, c, spec, rows, stream, primary_idx, attempt)
                if not tp.links[c].primary:
                    idx = fill.fk_nulls(spec, idx, rows, stream)
                fk_idx[c] = idx
                values = fill.foreign_key_values(c, idx, frame)
                frame = frame.with_columns(values.cast(self.e._schemas[t][c]).alias(c))
                continue
            values = fill.column(c, spec, rows, frame, attempt=attempt, stream=stream)
            for si, sc in enumerate(self.e._scenarios[t]):
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

                sctx = fill.ctx(
                    c,
                    sub_rows,
                    fill.streams.column(c, attempt).child("__scenario__", sc.name),
                    sub_frame,
                    attempt=attempt,
                    parent=sub_parent,
                    fk_index=sub_fk.__getitem__,
                )
                sub_vals = conform(
                    with_nulls(
                        generate_column(override, sctx), override.null_rate, fill.streams.null(sctx.stream), sub_rows
                    ),
                    self.e._schemas[t][c],
                )
                values = conform(values, self.e._schemas[t][c]).scatter(np.flatnonzero(mask), sub_vals)
            values = self.e.features.share_values(t, c, conform(values, self.e._schemas[t][c]), scen, rows)
            if primary_idx is not None and (months := parent_months_of(tp, c)) is not None:
                # one row per month of its parent's period: the parent's months in order, before what reads them
                lk = tp.primary_link
                assert lk is not None
                first = month_index(parent(f"{lk.column}.{months.start}"))
                values = months_values(values, first, rows - self.e.planner.group_starts(t, primary_idx))
            frame = frame.with_columns(conform(values, self.e._schemas[t][c]).alias(c))
        # labels
        for si, sc in enumerate(self.e._scenarios[t]):
            mask = scen == si
            for label, value in sc.labels.items():
                dtype = self.e._schemas[t][label]
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
                    pl.lit(_label_default(self.e._schemas[t][label]), dtype=self.e._schemas[t][label]).alias(label)
                )
        return frame, fk_idx

    def resolve(self, tp: TablePlan, ref: str, fk_idx: dict[str, NDArray[np.int64]]) -> pl.Series:
        """A dotted parent reference for rows whose foreign keys point at ``fk_idx``."""
        return resolve_ref(self.e.plan, tp, ref, fk_idx, self.e.store.gather)

    def bound_of(self, tp: TablePlan, expr: str, fk_idx: dict[str, NDArray[np.int64]]) -> pl.Series | None:
        """An ancestor's bound on a laid period (``LaidPeriods.ceilings`` / ``floors``) for the rows: a dotted ref,
        or an expression of them (``subscription_id.ended - INTERVAL '1 week'``) computed on their values; None
        where it is not a date or a date-time (the check is still checked on the laid rows)."""
        names = root_names(expr)
        if names == [expr]:
            return self.resolve(tp, expr, fk_idx)
        view = pl.DataFrame([self.resolve(tp, n, fk_idx).alias(n) for n in names])
        got = view.select(expression_for(expr, view.schema)).to_series()
        return got if got.dtype == pl.Date or isinstance(got.dtype, pl.Datetime) else None

    def check_frame(
        self, t: str, frame: pl.DataFrame, fk_idx: dict[str, NDArray[np.int64]], checks: list[RowConstraint]
    ) -> NDArray[np.bool_]:
        tp = self.e.plan.tables[t]
        ok = np.ones(frame.height, dtype=bool)
        for rc in checks:
            names = rc.names()
            view = frame
            extra = [n for n in names if "." in n]
            if extra:
                view = frame.with_columns([self.resolve(tp, n, fk_idx).alias(n) for n in extra])
            ok &= rc.check(view)
        return ok

    def make_rows(
        self, t: str, rows: NDArray[np.int64], primary_idx: NDArray[np.int64] | None = None, record: bool = True
    ) -> MadeRows:
        """Rows ``rows`` of table ``t``: every column, constraints repaired, aggregates filled."""
        return self.rows_after_counts(self.rows_to_counts(t, rows, primary_idx, record))

    def rows_to_counts(
        self, t: str, rows: NDArray[np.int64], primary_idx: NDArray[np.int64] | None = None, record: bool = True
    ) -> RowsToCounts:
        """``make_rows`` up to the children's counts of ``rows`` (recorded): what its aggregates then need is where
        the rows' first child row is (``planner.offset_at``), which ``simulacra.distributed`` learns in between."""
        tp = self.e.plan.tables[t]
        if primary_idx is None and tp.primary_link is not None:
            primary_idx = self.e.planner.parent_idx(t, rows)
        scen = self.scenario_index(t, rows, primary_idx)
        frame, fk_idx = self.rows_pass(t, rows, 0, scen, primary_idx)
        attempts = np.zeros(len(rows), dtype=np.int64)
        aggs = {c for c, s in tp.spec.columns.items() if isinstance(s, m.AggregateColumn)}
        post = aggs | tp.after_aggregates | set(tp.sequence_columns)
        sums = self.running_closure(t)
        checks = [rc for rc in self.e._rowchecks[t] if not (set(rc.names()) & post)]
        if checks:
            ok = self.check_frame(t, frame, fk_idx, checks)
            attempt = 0
            initial_bad = int((~ok).sum())
            while not ok.all() and attempt < self.e.max_attempts:
                attempt += 1
                bad = np.flatnonzero(~ok)
                sub, sub_fk = self.rows_pass(
                    t, rows[bad], attempt, scen[bad], None if primary_idx is None else primary_idx[bad]
                )
                frame = scatter_rows(frame, bad, sub)
                for k, v in sub_fk.items():
                    fk_idx[k][bad] = v
                attempts[bad] = attempt
                if sums:  # a running sum reads the whole group: refresh it, then check every row again
                    frame = self.recompute(t, rows, frame, fk_idx, scen, primary_idx, attempts, sums)
                    ok = self.check_frame(t, frame, fk_idx, checks)
                else:
                    ok[bad] = self.check_frame(t, sub, sub_fk, checks)
            if record and initial_bad:
                reg = self.e.stats.regenerated.setdefault(t, {})
                reg["rows"] = reg.get("rows", 0) + initial_bad
            if not ok.all() and not self.laid_after(t, frame, fk_idx, checks):
                self.fail(t, frame, fk_idx, checks, initial_bad)
        for rule in self.e.periods.get(t, []):  # a group's periods one after another, before what reads them
            assert primary_idx is not None  # (a rule no ancestor holds whole is refused: generation.periods)
            frame = self.lay(t, rows, frame, fk_idx, scen, primary_idx, attempts, rule)
        if primary_idx is not None and any(isinstance(s, m.RankColumn) for s in tp.spec.columns.values()):
            # rows hold whole parent groups; an expression reading a rank and a parent's column made again too
            frame = apply_ranks(frame, tp.spec.columns, primary_idx, self.filler(t, fk_idx).parent)
        if tp.sequence_columns:
            assert primary_idx is not None
            frame = self.e.features.sequence_values(t, rows, frame, fk_idx, primary_idx)
        child_counts = self.e.planner.record(t, rows, frame, scen)
        return RowsToCounts(t, rows, frame, fk_idx, scen, primary_idx, attempts, child_counts)

    def rows_after_counts(self, got: RowsToCounts) -> MadeRows:
        """``make_rows`` from the children's counts on: aggregates, the columns made after them, late checks."""
        t, rows, frame, fk_idx, scen, primary_idx, attempts, child_counts = got
        tp = self.e.plan.tables[t]
        aggs = {c for c, s in tp.spec.columns.items() if isinstance(s, m.AggregateColumn)}
        post = aggs | tp.after_aggregates | set(tp.sequence_columns)
        late = [rc for rc in self.e._rowchecks[t] if set(rc.names()) & post]
        specs = [(c, s) for c, s in tp.spec.columns.items() if isinstance(s, m.AggregateColumn)]
        if specs and all(s.function == "count" and s.via is None for _, s in specs):
            # counts only: each row's count is its children's count, known here; making the children's rows for
            # them (which ``aggregates`` does for a sum or a max) cost as much again as the children's table
            for c, s in specs:
                kids_of = np.repeat(np.arange(len(rows)), child_counts[s.of.split(".")[0]])
                rows_only = s.model_copy(update={"of": s.of.split(".")[0]})  # (a count reads no child column)
                frame = frame.with_columns(
                    aggregate_column(rows_only, pl.DataFrame(), kids_of, len(rows))
                    .cast(self.e._schemas[t][c], strict=False)
                    .alias(c)
                )
        elif aggs:
            frame = self.aggregates(t, rows, frame, fk_idx, child_counts, scen)
        if tp.after_aggregates:
            frame = self.recompute(t, rows, frame, fk_idx, scen, primary_idx, attempts, tp.after_aggregates)
        if late:
            ok = self.check_frame(t, frame, fk_idx, late)
            if not ok.all():
                self.fail(t, frame, fk_idx, late, int((~ok).sum()))
        return MadeRows(frame, fk_idx, scen, primary_idx)

    def laid_after(
        self, t: str, frame: pl.DataFrame, fk_idx: dict[str, NDArray[np.int64]], checks: list[RowConstraint]
    ) -> bool:
        """Whether every row the draw's redraws left breaking ``checks`` breaks only checks a ``periods`` rule of
        ``t`` lays (its bounds on the start and the end from an ancestor's columns, read from the check, and
        nothing else: the check reads only the two columns and dotted refs): a start floor past every drawn start
        (``period_start >= subscription_id.started + INTERVAL '60 days'``) is met by laying the run from it, not
        by drawing. ``lay`` checks each such check again on the laid rows and locates what still breaks it."""
        laid = [
            rc
            for rc in checks
            if any(
                rc.spec.check in rule.checks and all(n in (rule.start, rule.end) or "." in n for n in rc.names())
                for rule in self.e.periods.get(t, [])
            )
        ]
        rest = [rc for rc in checks if rc not in laid]
        return bool(laid) and bool(self.check_frame(t, frame, fk_idx, rest).all())

    def lay(
        self,
        t: str,
        rows: NDArray[np.int64],
        frame: pl.DataFrame,
        fk_idx: dict[str, NDArray[np.int64]],
        scen: NDArray[np.int64],
        primary_idx: NDArray[np.int64],
        attempts: NDArray[np.int64],
        rule: LaidPeriods,
    ) -> pl.DataFrame:
        """``frame`` with ``rule``'s periods laid one after another per group of its ``per`` (whole in the frame:
        ``generation.periods``), the columns made from them made again; a located error where a run cannot fit the
        declared bounds or a row then breaks a constraint (the laying draws nothing: no attempt would change it)."""
        tp = self.e.plan.tables[t]
        lk = tp.primary_link
        by_parent = lk is not None and rule.per == (lk.column,)
        # each distinct ref resolved once: one ref may bound the end and the start (gathered from the store per call)
        bounds = rule.ceilings + rule.floors + rule.start_ceilings + rule.end_floors
        values = {ref: self.bound_of(tp, ref, fk_idx) for ref in dict.fromkeys(ref for ref, _ in bounds)}
        ceiling, floor, start_ceiling, end_floor = (
            ancestor_bound(
                [(v, strict) for ref, strict in refs if (v := values[ref]) is not None],
                frame.schema[col],
                rule.kind,
                below=below,
            )
            for refs, col, below in (
                (rule.ceilings, rule.end, True),
                (rule.floors, rule.start, False),
                (rule.start_ceilings, rule.start, True),
                (rule.end_floors, rule.end, False),
            )
        )
        group = primary_idx if by_parent else groups_of(frame, rule.per)
        frame, outside, floor_past = lay_periods(frame, group, rule, ceiling, floor, start_ceiling, end_floor)
        moved = {rule.start, rule.end}
        post = tp.after_aggregates | set(tp.sequence_columns)
        post |= {c for c, s in tp.spec.columns.items() if isinstance(s, m.AggregateColumn)}
        stale = tp.derived_from(moved) - moved - post
        if stale:
            frame = self.recompute(t, rows, frame, fk_idx, scen, primary_idx, attempts, stale)
        checks = [rc for rc in self.e._rowchecks[t] if set(rc.names()) & (stale | moved) and not set(rc.names()) & post]
        bad = outside | ~self.check_frame(t, frame, fk_idx, checks)
        if bad.any():
            # nothing is written: the error stops the run before its sink commits (a target keeps its bytes)
            early = outside & floor_past  # an end floor after the group's latest end: named first, on the end
            i = int(np.flatnonzero(early if early.any() else bad)[0])
            column = rule.end if early[i] else rule.start
            named = " (" + ", ".join(f"check({c})" for c in rule.checks) + ")" if rule.checks else ""
            low = " or ".join(ref for ref, _ in rule.end_floors)
            high = " or ".join(ref for ref, _ in rule.ceilings) or f"{rule.end}'s declared last day"
            why = (
                f"cannot end on/after {low} and by {high} (the earliest of their group's) at once{named}"
                if early[i]
                else "cannot fit the columns' declared range" + "".join(f" or {ref}" for ref, _ in bounds) + named
                if outside[i]
                else "then breaks "
                + ", ".join(rc.describe() for rc in checks if not self.check_frame(t, frame, fk_idx, [rc])[i])
            )
            raise GenerationError(
                f"periods {rule.start}..{rule.end} laid one after another per {', '.join(rule.per)}: "
                f"{int((early if early[i] else bad).sum())} of {len(rows)} rows {why}, first the row of "
                + ", ".join(f"{c} {frame.get_column(c)[i]!r}" for c in rule.per)
                + f" ({rule.start} {frame.get_column(rule.start)[i]}, {rule.end} {frame.get_column(rule.end)[i]}): "
                "widen the range, or draw fewer or shorter periods per group",
                location=self.e.plan.index.location(("constraints", rule.index), table=t, column=column),
            )
        return frame

    def running_closure(self, t: str) -> set[str]:
        """Running sums of ``t`` and the columns derived from them (made before the aggregates)."""
        tp = self.e.plan.tables[t]
        sums = {c for c, s in tp.spec.columns.items() if isinstance(s, m.RunningSumColumn)}
        return tp.derived_from(sums) - tp.after_aggregates if sums else set()

    def recompute(
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
        tp = self.e.plan.tables[t]
        for c in tp.column_order:
            if c not in cols or isinstance(tp.spec.columns[c], m.AggregateColumn):
                continue
            spec = tp.spec.columns[c]
            if isinstance(spec, m.RunningSumColumn):
                if primary_idx is not None:
                    frame = frame.with_columns(
                        self.filler(t, fk_idx).running_sum(c, frame, primary_idx).cast(self.e._schemas[t][c]).alias(c)
                    )
                continue
            if c not in frame.columns:  # made here for the first time (derived from an aggregate)
                frame = frame.with_columns(pl.lit(None, dtype=self.e._schemas[t][c]).alias(c))
            for a in np.unique(attempts):
                pos = np.flatnonzero(attempts == a)
                whole = len(pos) == len(rows)
                base = frame if whole else frame[pos]
                sub_fk = fk_idx if whole else {k: v[pos] for k, v in fk_idx.items()}
                sub, new_fk = self.rows_pass(
                    t,
                    rows[pos],
                    int(a),
                    scen[pos],
                    None if primary_idx is None else primary_idx[pos],
                    base=base,
                    base_fk=sub_fk,
                    only={c},
                )
                frame = sub if whole else scatter_rows(frame, pos, sub.select(c))
                if c in new_fk:
                    fk_idx[c][pos] = new_fk[c]
        return frame

    def fail(
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
            bad = int((~self.check_frame(t, frame, fk_idx, [rc])).sum())
            if bad:
                problems.append(
                    Problem(
                        self.e.plan.index.location(("constraints", rc.index), table=t, column=rc.spec.column),
                        f"constraint {rc.describe()} still fails for {bad} of {n} rows ({bad / n:.1%}) after "
                        f"{self.e.max_attempts} regeneration attempts",
                    )
                )
        raise ConstraintError(problems)

    def aggregates(
        self,
        t: str,
        rows: NDArray[np.int64],
        frame: pl.DataFrame,
        fk_idx: dict[str, NDArray[np.int64]],
        child_counts: dict[str, NDArray[np.int64]],
        scen: NDArray[np.int64] | None = None,
    ) -> pl.DataFrame:
        tp = self.e.plan.tables[t]
        a = int(rows[0]) if len(rows) else 0
        contiguous = len(rows) == 0 or (int(rows[-1]) - a + 1 == len(rows))
        by_child: dict[str, list[tuple[str, m.AggregateColumn]]] = {}
        second = {c for c, _, _ in self.e.plan.second_link_aggregates(t)}  # filled by the engine once made
        if second:
            frame = frame.with_columns(*(pl.lit(None, dtype=self.e._schemas[t][c]).alias(c) for c in sorted(second)))
        for c, s in tp.spec.columns.items():
            if isinstance(s, m.AggregateColumn) and c not in second:
                by_child.setdefault(s.of.split(".")[0], []).append((c, s))
        for child, cols in by_child.items():
            counts = child_counts[child]
            if not contiguous:  # pragma: no cover - chunks are always contiguous
                raise GenerationError("aggregates need contiguous rows", location=Location(table=t))
            start = self.e.planner.offset_at(child, a)
            child_rows = np.arange(start, start + int(counts.sum()), dtype=np.int64)
            parent_rel = np.repeat(np.arange(len(rows)), counts)
            overlay_cols = {c: frame.get_column(c) for c in frame.columns}
            for k, v in fk_idx.items():
                overlay_cols["__idx__" + k] = pl.Series(v)
            if scen is not None:
                overlay_cols["__scen__"] = pl.Series(scen)  # a process's variant follows the parent's scenario
            # children read this chunk through an overlay indexed by relative position
            prev = self.e.store.overlay.get(t)
            self.e.store.overlay[t] = (rows, overlay_cols)
            try:
                kids = self.make_rows(child, child_rows, primary_idx=rows[parent_rel], record=False).frame
            finally:
                if prev is None:
                    del self.e.store.overlay[t]
                else:
                    self.e.store.overlay[t] = prev
            for c, s in cols:
                frame = frame.with_columns(
                    aggregate_column(s, kids, parent_rel, len(rows)).cast(self.e._schemas[t][c], strict=False).alias(c)
                )
        return frame


def scatter_rows(frame: pl.DataFrame, positions: NDArray[np.int64], sub: pl.DataFrame) -> pl.DataFrame:
    cols = []
    for c in frame.columns:
        s = frame.get_column(c)
        if c in sub.columns:
            s = s.clone().scatter(positions, sub.get_column(c).cast(s.dtype, strict=False))
        cols.append(s)
    return pl.DataFrame(cols)


def aggregate_column(spec: m.AggregateColumn, kids: pl.DataFrame, parent_rel: NDArray[np.int64], n: int) -> pl.Series:
    """An aggregate column of ``n`` parent rows: ``spec``'s function (count, sum, mean, min, max) over the children
    ``kids`` whose parent row is ``parent_rel``; the default where a parent has none."""
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
    if spec.round is not None and out.dtype.is_float():  # half away from zero, as the dialect's ROUND
        out = out.to_frame("__a").select(sql_round(pl.col("__a"), spec.round)).to_series()
    return out


def conform(s: pl.Series, dtype: pl.DataType) -> pl.Series:
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
