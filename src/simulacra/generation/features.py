"""The engine's hooks for the newer spec features, kept apart from the engine's core loop.

Exact scenario counts, foreign keys to filtered / matched parents, self-references within a
group, scenario-shared values of unique columns, processes (state machines) and sequence
references (``previous.x``, ``sibling.position``). Every draw is addressed by row index on a
named stream, so results do not depend on chunk size.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra._random import Stream
from simulacra.errors import Location, Problem, SpecValidationError
from simulacra.generation.columns import ColumnCtx, generate_column
from simulacra.generation.process import CompiledProcess, compile_process, dtype_of_field, parent_start_us
from simulacra.generation.relations import (
    BlockPool,
    Candidates,
    SelfPool,
    SelfPoolBuilder,
    candidates,
    match_key,
    self_pool,
)
from simulacra.generation.sequence import is_sequence_ref, virtual_columns
from simulacra.spec import model as m
from simulacra.spec.plan import Plan, TablePlan

if TYPE_CHECKING:
    from simulacra.generation.engine import Engine

__all__ = ["Features", "add_needs", "is_sequence_ref", "process_dtype"]


def process_dtype(spec: m.ProcessColumn) -> pl.DataType:
    return dtype_of_field(spec)


def add_needs(plan: Plan, needs: dict[str, set[str]]) -> None:
    """Columns of parent tables the features read once the parent is finished."""
    for tp in plan.tables.values():
        for c, spec in tp.spec.columns.items():
            if isinstance(spec, m.ForeignKeyColumn) and c in tp.links:
                lk = tp.links[c]
                if lk.self_ref:
                    continue
                if spec.where is not None:
                    from simulacra.spec.refs import root_names

                    needs[lk.table].update(root_names(spec.where))
                needs[lk.table].update(spec.match)
                if spec.match_count is not None and isinstance(tp.spec.rows, m.RowsPerParent):
                    from simulacra.spec.refs import root_names as names_of

                    needs[tp.spec.rows.per].update(names_of(spec.match_count))
        rows = tp.spec.rows
        if isinstance(rows, m.RowsPerParent) and rows.equals is not None:  # the parent's numbers give the count
            from simulacra.spec.refs import root_names as names_of

            needs[rows.per].update(names_of(rows.equals))
        if isinstance(rows, m.RowsPerParent) and rows.months is not None:  # the parent's period gives the count
            needs[rows.per].update(c for c in (rows.months.start, rows.months.end) if c)
        if isinstance(rows, m.RowsPerParent) and rows.process is not None and rows.process.variants:
            needs[rows.per].add("__scen__")


def _smallest_hashes(stream: Stream, n: int, k: int, block: int = 1 << 20) -> NDArray[np.int64]:
    """The ``k`` rows of ``range(n)`` with the smallest hash, ordered by hash: an exact, seeded choice
    made in blocks (memory O(k + block), whatever ``n``)."""
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    best_h = np.zeros(0, dtype=np.uint64)
    best_r = np.zeros(0, dtype=np.int64)
    for a in range(0, n, block):
        rows = np.arange(a, min(n, a + block), dtype=np.int64)
        h = np.concatenate([best_h, stream.bits(rows)])
        r = np.concatenate([best_r, rows])
        if len(h) > k:
            keep = np.argpartition(h, k - 1)[:k]
            h, r = h[keep], r[keep]
        best_h, best_r = h, r
    order = np.lexsort((best_r, best_h))
    return best_r[order]


class Features:
    def __init__(self, engine: Engine) -> None:
        self.e = engine
        self._cands: dict[tuple[str, str], Candidates] = {}
        self._pools: dict[tuple[str, str], SelfPool | BlockPool] = {}
        self._exact: dict[str, tuple[NDArray[np.int64], NDArray[np.int64]]] = {}  # table -> (rows sorted, scenario)
        self._procs: dict[str, CompiledProcess] = {}
        for t, tp in engine.plan.tables.items():
            rows = tp.spec.rows
            if isinstance(rows, m.RowsPerParent) and rows.process is not None:
                self._procs[t] = compile_process(rows.process)

    # ------------------------------------------------------------ exact scenarios

    def exact_scenarios(self, t: str, rows: NDArray[np.int64], out: NDArray[np.int64]) -> None:
        scen = self.e._scenarios[t]
        if not any(s.exact for s in scen):
            return
        if t not in self._exact:
            n = self.e.n_rows.get(t)
            if n is None:
                raise SpecValidationError(
                    [
                        Problem(
                            Location(file=self.e.plan.index.file, table=t),
                            "exact scenario counts need the table's row count before its rows are made; "
                            "a parent's aggregate over this table makes them earlier",
                        )
                    ]
                )
            wanted = []
            for i, s in enumerate(scen):
                if not s.exact:
                    continue
                k = s.count if s.count is not None else int(round((s.share or 0.0) * n))
                wanted.append((i, k))
            total = sum(k for _, k in wanted)
            if total > n:
                si = next(i for i, s in enumerate(self.e.spec.scenarios) if s.table == t and s.exact)
                raise SpecValidationError(
                    [
                        Problem(
                            self.e.plan.index.location(("scenarios", si), table=t),
                            f"scenarios ask for exactly {total} rows but table '{t}' has {n}",
                        )
                    ]
                )
            picked = _smallest_hashes(self.e.root.child(t, "__scenario_exact__"), n, total)  # in random order
            which = (
                np.concatenate([np.full(k, i, dtype=np.int64) for i, k in wanted])
                if wanted
                else np.zeros(0, dtype=np.int64)
            )
            order = np.argsort(picked, kind="stable")
            self._exact[t] = (picked[order].astype(np.int64), which[order])
        sorted_rows, which = self._exact[t]
        if not len(sorted_rows):
            return
        pos = np.searchsorted(sorted_rows, rows)
        hit = (pos < len(sorted_rows)) & (sorted_rows[np.minimum(pos, len(sorted_rows) - 1)] == rows)
        out[hit] = which[pos[hit]]

    # ------------------------------------------------------------ foreign keys

    def chosen_parent(
        self,
        tp: TablePlan,
        c: str,
        spec: m.ForeignKeyColumn,
        rows: NDArray[np.int64],
        stream: Stream,
        frame: pl.DataFrame,
        parent: Callable[[str], pl.Series],
        primary_idx: NDArray[np.int64] | None = None,
        attempt: int = 0,
    ) -> NDArray[np.int64]:
        lk = tp.links[c]
        key = (tp.name, c)
        if key not in self._cands:
            n_parent = self.e.n_rows[lk.table]
            self._cands[key] = candidates(
                spec,
                lambda col: self.e.store.column(lk.table, col, n_parent),
                n_parent,
                gather=lambda col, idx: self.e.store.gather(lk.table, col, idx),
                budget=self.e.budget,
                window=self.e.chunk_size,
            )
        keys = None
        if spec.match:
            keys = match_key([parent(v) if "." in v else frame.get_column(v) for v in spec.match.values()])
        if spec.distinct:  # one permutation of the candidates per 'per' parent (whose values 'match' reads)
            assert primary_idx is not None
            start = self.e.planner.group_starts(tp.name, primary_idx)
            again = None
            if attempt:  # a row made again: a place no sibling's first draw takes (j + attempt x group size)
                again = rows - start + attempt * (self.e.planner.group_starts(tp.name, primary_idx + 1) - start)
            g = stream.child("distinct")
            return self._cands[key].pick_distinct(
                rows - start, g.child("offset").uniform(primary_idx), g.child("step").uniform(primary_idx), keys, again
            )
        agree = None
        if spec.match and spec.match_share is not None:  # each row agrees by its own draw
            agree = stream.child("match-share").uniform(rows) < spec.match_share
        if spec.match_count is not None and primary_idx is not None and tp.primary_link is not None:
            # the parent says how many agree (a match's home goals): chunks hold whole parents (chunk_bounds)
            from simulacra.generation.relations import agree_by_count
            from simulacra.spec.refs import expression_for, root_names

            fk = tp.primary_link.column
            view = pl.DataFrame([parent(f"{fk}.{c}").alias(c) for c in root_names(spec.match_count)])
            k = view.select(expression_for(spec.match_count, view.schema).cast(pl.Float64)).to_series().to_numpy()
            agree = agree_by_count(primary_idx, stream.child("match-count").uniform(rows), k)
        got = self._cands[key].pick(spec, stream.uniform(rows), keys, agree)
        if agree is not None and spec.match_else:  # the others agree on 'match_else' (the away team's scorer)
            other = match_key(
                [
                    parent(spec.match_else[k]) if "." in spec.match_else[k] else frame.get_column(spec.match_else[k])
                    for k in spec.match
                ]
            )
            alt = self._cands[key].pick(spec, stream.uniform(rows), other)
            got = np.where(~agree & (alt >= 0), alt, got)
        return got

    def before_table(self, t: str, n: int) -> None:
        """Self-references within a group read every row's group and seniority: made in a first pass."""
        tp = self.e.plan.tables[t]
        for c, spec in tp.spec.columns.items():
            if not (
                isinstance(spec, m.ForeignKeyColumn)
                and c in tp.links
                and tp.links[c].self_ref
                and (spec.within is not None or spec.senior is not None)
            ):
                continue
            if spec.senior is not None:  # chunk by chunk: per row a block id and the order, in the budget
                builder = SelfPoolBuilder(self.e.budget, n, window=self.e.chunk_size)
                for a, b in self.e.planner.chunk_bounds(t, n):
                    frame = self.e.make_rows(t, np.arange(a, b, dtype=np.int64), record=False).frame
                    builder.add(frame.get_column(spec.within) if spec.within else None, frame.get_column(spec.senior))
                self._pools[(t, c)] = builder.finish()
                continue
            cols = [x for x in (spec.within, spec.senior) if x is not None]
            parts: dict[str, list[pl.Series]] = {x: [] for x in cols}
            for a, b in self.e.planner.chunk_bounds(t, n):
                made = self.e.make_rows(t, np.arange(a, b, dtype=np.int64), record=False)
                for x in cols:
                    parts[x].append(made.frame.get_column(x))
            full = {x: pl.concat(v) if v else pl.Series(x, []) for x, v in parts.items()}
            self._pools[(t, c)] = self_pool(
                full.get(spec.within) if spec.within else None, full.get(spec.senior) if spec.senior else None, n
            )

    def after_table(self, t: str) -> None:
        """What a table's foreign keys kept (candidate parents, self-reference pools) leaves the budget."""
        for key in [k for k in self._cands if k[0] == t]:
            self._cands.pop(key).release()
        for key in [k for k in self._pools if k[0] == t]:
            pool = self._pools.pop(key)
            if isinstance(pool, BlockPool):
                pool.release()

    def self_ref(self, t: str, c: str, rows: NDArray[np.int64], stream: Stream) -> NDArray[np.int64]:
        pool = self._pools.get((t, c))
        if pool is None:  # the first pass: the column is not made yet
            return np.full(len(rows), -1, dtype=np.int64)
        return pool.pick(rows, stream.uniform(rows))

    # ------------------------------------------------------------ shared values of unique columns

    def _shared(self, t: str, c: str) -> list[tuple[int, m.ScenarioSpec]]:
        return [(i, s) for i, s in enumerate(self.e._scenarios[t]) if c in s.shared]

    def share_values(
        self, t: str, c: str, values: pl.Series, scen: NDArray[np.int64], rows: NDArray[np.int64]
    ) -> pl.Series:
        for i, s in self._shared(t, c):
            mask = scen == i
            if not mask.any():
                continue
            spec = s.columns.get(c) or self.e.plan.tables[t].spec.columns[c]
            one = np.zeros(1, dtype=np.int64)

            def no_parent(ref: str) -> pl.Series:
                return pl.Series([None])

            def group_stream(g: str, _s: str = s.name) -> Stream:
                return self.e.root.child(t, "__shared__", _s, g)

            def fk_index(fk: str, _one: NDArray[np.int64] = one) -> NDArray[np.int64]:
                return _one

            ctx = ColumnCtx(
                t,
                c,
                one,
                self.e.root.child(t, c, "__shared__", s.name),
                pl.DataFrame({"__row": one}),
                no_parent,
                group_stream,
                self.e.spec.locale,
                fk_index,
            )
            value = generate_column(spec, ctx).cast(values.dtype, strict=False)
            values = values.scatter(np.flatnonzero(mask), value.new_from_index(0, int(mask.sum())))
        return values

    def exempt_shared(self, t: str, cols: tuple[str, ...], keys: list[Any], scen: NDArray[np.int64]) -> list[Any]:
        mask = self.exempt_rows(t, cols, scen)
        if mask is None:
            return keys
        return [(None,) if mask[j] else k for j, k in enumerate(keys)]

    def exempt_rows(self, t: str, cols: tuple[str, ...], scen: NDArray[np.int64]) -> NDArray[np.bool_] | None:
        """The rows whose scenario shares a value of ``cols`` (exempt from their uniqueness); None when none can."""
        exempt = [i for c in cols for i, _ in self._shared(t, c)]
        return np.isin(scen, exempt) if exempt else None

    # ------------------------------------------------------------ processes

    def _variant_of(self, t: str, parent_scen: NDArray[np.int64]) -> NDArray[np.int64]:
        proc = self._procs[t]
        rows = self.e.plan.tables[t].spec.rows
        assert isinstance(rows, m.RowsPerParent)
        names = [s.name for s in self.e._scenarios[rows.per]]
        out = np.zeros(len(parent_scen), dtype=np.int64)
        for v, name in enumerate(proc.variant_names, 1):
            if name in names:
                out[parent_scen == names.index(name)] = v
        return out

    def process_counts(
        self, t: str, parent_rows: NDArray[np.int64], parent_scen: NDArray[np.int64] | None
    ) -> NDArray[np.int64]:
        proc = self._procs[t]
        scen = parent_scen if parent_scen is not None else np.full(len(parent_rows), -1, dtype=np.int64)
        _, _, length = proc.paths(parent_rows, self._variant_of(t, scen), self.e.root.child(t, "__process__"))
        return length

    def process_values(
        self,
        t: str,
        spec: m.ProcessColumn,
        rows: NDArray[np.int64],
        primary_idx: NDArray[np.int64],
        parent: Callable[[str], pl.Series],
    ) -> pl.Series:
        proc = self._procs[t]
        tp = self.e.plan.tables[t]
        rows_spec = tp.spec.rows
        assert isinstance(rows_spec, m.RowsPerParent) and rows_spec.process is not None and tp.primary_link is not None
        step = rows - self.e.planner.group_starts(t, primary_idx)
        if proc.variant_names:
            pscen = (
                self.e.store.gather(rows_spec.per, "__scen__", primary_idx).fill_null(-1).to_numpy().astype(np.int64)
            )
        else:
            pscen = np.full(len(rows), -1, dtype=np.int64)
        at = parent(f"{tp.primary_link.column}.{rows_spec.process.at}")
        ev = proc.events(
            primary_idx, step, self._variant_of(t, pscen), parent_start_us(at), self.e.root.child(t, "__process__")
        )
        out = ev[spec.field]
        if spec.field == "at" and at.null_count():  # no start time: no event times
            out = pl.select(pl.when(pl.lit(at.is_null())).then(None).otherwise(pl.lit(out))).to_series()
        return out

    # ------------------------------------------------------------ sequence references

    def sequence_values(
        self,
        t: str,
        rows: NDArray[np.int64],
        frame: pl.DataFrame,
        fk_idx: dict[str, NDArray[np.int64]],
        group: NDArray[np.int64],
    ) -> pl.DataFrame:
        from simulacra.generation.filler import with_nulls
        from simulacra.generation.rows import conform
        from simulacra.spec.plan import column_deps

        tp = self.e.plan.tables[t]
        for c in tp.sequence_columns:
            spec = tp.spec.columns[c]
            names = [n for n in column_deps(spec) if is_sequence_ref(n)]
            virtual = virtual_columns(frame, group, names)

            def parent(ref: str, _v: dict[str, pl.Series] = virtual) -> pl.Series:
                return _v[ref] if ref in _v else self.e.maker.resolve(tp, ref, fk_idx)

            fill = self.e.maker.filler(t, fk_idx)
            stream = fill.streams.column(c)
            ctx = fill.ctx(c, rows, stream, frame, parent=parent, text=False)
            values = with_nulls(generate_column(spec, ctx), spec.null_rate, fill.streams.null(stream), rows)
            frame = frame.with_columns(conform(values, self.e._schemas[t][c]).alias(c))
        return frame
