"""The generation engine: a Plan and a seed in, chunks of every table out.

Tables are made parents first. A table's rows are made in chunks; a chunk is a
pure function of (spec, seed, table, row range) and what its parents left
behind: their key columns, the columns children read, and the number of
children each parent row has (computed while the parent is made, so the child
table's row count and each row's parent are known before the child starts).

The engine holds what a run shares and hands the work to one part per concept:
``counts.CountsPlanner`` (rows per table, children per parent row, chunk bounds), ``rows.RowMaker``
(a row range of a table: columns through the one column filler ``filler.ColumnFiller``, constraint
repair, aggregates) and ``uniqueness.UniquenessLedger`` (values that must not repeat across chunks).

What outlives a chunk is kept compact and, past a memory budget, spilled to a temp folder
(``simulacra._spill``): uniqueness ledgers (a hash and an ordinal per value, the values
themselves in Arrow, every hash hit verified), and the parent columns children read
(fixed-width and text ones to files read a window at a time; keys unique by construction are not kept at all,
they are made again from the parent row index when a child reads them).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Generator, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra._random import root_stream
from simulacra._row_constraints import row_constraints
from simulacra._spill import GENERATE_BUDGET, MemoryBudget, SpillColumn, UniqueLedger
from simulacra.errors import GenerationError, Location, Problem, SpecValidationError
from simulacra.generation import distributions, features
from simulacra.generation.columns import capacity, dtype_of, generate_column, running_sum_dtype
from simulacra.generation.counts import CountsPlanner
from simulacra.generation.periods import laid_periods
from simulacra.generation.rows import MadeRows, RowMaker, conform
from simulacra.generation.text import TextRun
from simulacra.generation.uniqueness import UniquenessLedger
from simulacra.spec import model as m
from simulacra.spec.plan import Plan, TablePlan
from simulacra.spec.refs import expression_for, root_names, sql_round

if TYPE_CHECKING:
    from simulacra.llm import ChatClient

__all__ = ["Engine", "GenerationStats", "parent_needs", "refuse_unkept"]

Progress = Callable[[str, int, int], None]
# makes a table's chunks, in order: (table, row ranges) -> rows per range (RowMaker here, or simulacra.distributed's)
ChunkMaker = Callable[[str, list[tuple[int, int]]], Iterator[MadeRows]]


@dataclass
class GenerationStats:
    rows: dict[str, int] = field(default_factory=dict)
    scenario_rows: dict[str, int] = field(default_factory=dict)
    regenerated: dict[str, dict[str, int]] = field(default_factory=dict)  # table -> constraint -> rows regenerated
    # table -> {"passes": redraw passes (each makes candidates for many rows), "rows": rows redrawn,
    # "candidates": candidate rows made, "levels": most redraws one row needed}
    redraws: dict[str, dict[str, int]] = field(default_factory=dict)
    seconds: float = 0.0


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
        schemas: Mapping[str, Mapping[str, pl.DataType]] | None = None,
    ) -> None:
        """``memory_budget``: bytes of uniqueness ledgers and parent columns held in memory before they
        spill to a temp folder (default 64 MiB); the output is the same whatever it is.
        ``text_backend``: the language model ``text`` columns ask (None: their offline template).
        ``schemas``: every table's schema (``schema``) as an engine built from this same plan found it, so as not to
        find it again (most of an engine's construction: a Dask worker builds an engine per task); None: found here."""
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
        self.text = TextRun(text_backend, plan)
        self.root = root_stream(self.seed)
        self.budget = MemoryBudget(GENERATE_BUDGET if memory_budget is None else memory_budget)
        self.ledger_factory: Callable[[MemoryBudget], Any] = UniqueLedger  # one per unique column set (tests swap it)
        self.store = _Store(self.budget)
        self.planner = CountsPlanner(self)
        # the planner's tables, under the names the engine has always had (simulacra.distributed reads them)
        self.n_rows = self.planner.n_rows
        self.counts = self.planner.counts
        self.count_done = self.planner.count_done
        self.offsets = self.planner.offsets
        self.maker = RowMaker(self)
        self.uniqueness = UniquenessLedger(self)
        self.stats = GenerationStats()
        self.row_maker: ChunkMaker | None = None  # None: chunks are made here, by self.maker
        self._needs = self._compute_needs()
        # a parent's periods one after another (a rule that cannot be is refused by refuse_unkept, before this)
        self.periods = laid_periods(plan, refuse=False)
        self._scenarios = {t: [s for s in self.spec.scenarios if s.table == t] for t in plan.tables}
        self._rowchecks = {t: row_constraints(self.spec, t) for t in plan.tables}
        self._schemas: dict[str, dict[str, pl.DataType]] = {}
        if schemas is not None:
            if set(schemas) != set(plan.tables):
                raise ValueError(f"schemas for tables {sorted(schemas)}, the plan has {sorted(plan.tables)}")
            self._schemas = {t: dict(schemas[t]) for t in plan.tables}
        else:
            self._schemas = self._find_schemas()
        for t in plan.tables:
            for c in self._needs[t]:
                if (
                    c in plan.tables[t].spec.columns
                    and self.uniqueness.by_construction(t, c)
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
        self.features = features.Features(self)
        # aggregates over a child reached through a second foreign key (``via``): filled once that child is made
        self._second = {t: agg for t in plan.tables if (agg := plan.second_link_aggregates(t))}
        self._second_values: dict[tuple[str, str], pl.DataFrame] = {}
        self._first_run = False  # the run that finds those values (it leaves them null)

    # ------------------------------------------------------------ planning

    def _find_schemas(self) -> dict[str, dict[str, pl.DataType]]:
        """Every table's schema, a pure function of the plan."""
        for t in self.plan.tables:
            self._schemas[t] = self._schema(t)
        for _ in range(len(self.plan.tables)):  # an aggregate's type is its child column's, known once the child's is
            before = {t: dict(v) for t, v in self._schemas.items()}
            for t in self.plan.tables:
                self._schemas[t] = self._schema(t)
            if self._schemas == before:
                break
        return self._schemas

    def _compute_needs(self) -> dict[str, set[str]]:
        return parent_needs(self.plan)

    def _expected_rows(self, t: str) -> tuple[float, str] | None:
        """A table's rows before any is made, and how they are known: its size, or for a table made per a
        parent of known size, the parent's rows times the mean children per parent (None: not known)."""
        tp = self.plan.tables[t]
        rs = tp.spec.rows
        if not isinstance(rs, m.RowsPerParent):
            return float(self.n_rows[t]), "has"
        if (total := rs.scaled_total(self.scale)) is not None:
            return float(total), "has"
        if rs.count is None or rs.per not in self.n_rows:
            return None
        dists = [rs.count, *rs.counts.values()] if rs.by is not None else [rs.count]
        mean = min(float(distributions.count_quantiles(d).mean()) for d in dists)  # no sampling
        parents = self.n_rows[rs.per]
        return parents * mean * (1 - rs.zero_rate), f"is expected to have about {parents:,} x {mean:.3g} ="

    def _check_capacity(self, t: str, n: int | None = None) -> None:
        """Refuse a unique column that cannot make a distinct value per row: before any row is made, with the
        rows ``n`` the table has once its parents are made, or (``n`` None, what ``spec validate`` runs) the
        rows known from the spec (``_expected_rows``)."""
        tp = self.plan.tables[t]
        known = (float(n), "has") if n is not None else self._expected_rows(t)
        if known is None:
            return
        rows, how = int(round(known[0])), known[1]
        for c, spec in tp.spec.columns.items():
            if (spec.unique or c in tp.spec.key_columns) and not isinstance(spec, m.ForeignKeyColumn):
                cap = capacity(spec)
                if cap < rows:
                    raise SpecValidationError(
                        [
                            Problem(
                                self.plan.index.location(("tables", t, "columns", c), table=t, column=c),
                                f"unique column can make at most {int(cap)} distinct values but the table "
                                f"{how} {rows:,} rows",
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
            whole_default = spec.default is None or float(spec.default).is_integer()
            if spec.function == "sum" and cdt is not None and cdt.is_integer() and whole_default:
                return pl.Int64()  # a sum of whole numbers (credits, quantities) is one; 16, not 16.0
            return pl.Float64() if spec.round != 0 else pl.Int64()
        if isinstance(spec, m.RunningSumColumn):
            names = root_names(spec.of) + (root_names(spec.start) if isinstance(spec.start, str) else [])
            refs = {n: self._ref_dtype(tp, n, schema) for n in names if "." in n}
            if isinstance(spec.start, str):
                empty = pl.DataFrame(schema={**schema, **refs})
                try:
                    empty.select(expression_for(spec.start, empty.schema))
                except Exception as exc:
                    raise SpecValidationError(
                        [
                            Problem(
                                self.plan.index.location(("tables", tp.name, "columns", c), table=tp.name, column=c),
                                f"running sum start '{spec.start}' cannot be evaluated: {exc}",
                            )
                        ]
                    ) from None
            return running_sum_dtype(spec, {**schema, **refs})
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
            fill = self.maker.filler(t, {})
            ctx = fill.ctx(
                c,
                idx,
                fill.streams.column(c),
                pl.DataFrame({"__row": idx}),
                parent=_no_parent,
                fk_index=_no_fk,
                text=False,
            )
            return conform(generate_column(spec, ctx), dtype).alias(c)

        return make

    def close(self) -> None:
        """Remove the spill folder (also done when the engine is garbage collected)."""
        self.budget.close()

    # ------------------------------------------------------------ rows (the row maker)

    def make_rows(
        self, t: str, rows: NDArray[np.int64], primary_idx: NDArray[np.int64] | None = None, record: bool = True
    ) -> MadeRows:
        """Rows ``rows`` of table ``t``: every column, constraints repaired, aggregates filled (``RowMaker``)."""
        return self.maker.make_rows(t, rows, primary_idx, record)

    # ------------------------------------------------------------ tables

    def tables(self) -> Generator[tuple[str, Iterator[pl.DataFrame]], None, None]:
        """(table, chunks) in generation order; consume each table's chunks before the next."""
        start = time.perf_counter()
        if self._second and not self._first_run and not self._second_values:
            self._second_values = self._second_link_values()
        try:
            for t in self.plan.tables:
                yield t, self._table_chunks(t)
                self.planner.finish(t)
                self.store.finish(t)
                self.features.after_table(t)
        finally:
            self.close()  # spill files are not needed once every table is made (or on error)
        self.stats.seconds = time.perf_counter() - start

    def _second_link_values(self) -> dict[tuple[str, str], pl.DataFrame]:
        """Each ``via`` aggregate's value per parent key (``__k``, ``__a``), from a first run of the same plan
        and seed up to the last child they read: a parent is written before its children, so what a child
        reached through a second foreign key holds is known only from such a run (chunks are pure functions
        of the seed, so the second run makes the same children)."""
        wanted: dict[str, list[tuple[str, str, m.AggregateColumn, Any]]] = {}
        for parent, aggs in self._second.items():
            for col, spec, link in aggs:
                wanted.setdefault(spec.of.partition(".")[0], []).append((parent, col, spec, link))
        last = max(self.plan.order.index(child) for child in wanted)
        first = Engine(
            self.plan,
            seed=self.seed,
            scale=self.scale,
            chunk_size=self.chunk_size,
            max_attempts=self.max_attempts,
            memory_budget=self.budget.limit,
            text_backend=self.text.client,
        )
        first._first_run = True
        parts: dict[tuple[str, str], list[pl.DataFrame]] = {}
        run = first.tables()
        try:
            for i, (t, chunks) in enumerate(run):
                for frame in chunks:
                    for parent, col, spec, link in wanted.get(t, []):
                        ccol = spec.of.partition(".")[2]
                        cols = [pl.col(link.column).alias("__k")] + ([pl.col(ccol).alias("__v")] if ccol else [])
                        parts.setdefault((parent, col), []).append(frame.select(cols))
                if i >= last:
                    break
        finally:
            run.close()
        out: dict[tuple[str, str], pl.DataFrame] = {}
        for child_aggs in wanted.values():
            for parent, col, spec, _ in child_aggs:
                got = parts.get((parent, col), [])
                df = pl.concat(got) if got else pl.DataFrame({"__k": [], "__v": []})
                df = df.filter(pl.col("__k").is_not_null())
                fn = spec.function
                agg = pl.len() if fn == "count" else getattr(pl.col("__v"), fn)()
                out[(parent, col)] = df.group_by("__k").agg(agg.alias("__a"))
        return out

    def _fill_second_link(self, t: str, frame: pl.DataFrame) -> pl.DataFrame:
        """``frame`` with its ``via`` aggregates filled from what the children hold."""
        if self._first_run:
            return frame
        for col, spec, link in self._second.get(t, []):
            values = self._second_values[(t, col)]
            keys = pl.DataFrame({"__k": frame.get_column(link.key)})
            s = keys.join(
                values.with_columns(pl.col("__k").cast(keys.schema["__k"], strict=False)),
                on="__k",
                how="left",
                maintain_order="left",
            ).get_column("__a")
            default = spec.default if spec.default is not None else (0 if spec.function in ("sum", "count") else None)
            if default is not None:
                s = s.fill_null(default)
            if spec.round is not None and s.dtype.is_float():  # half away from zero, as the dialect's ROUND
                s = s.to_frame("__a").select(sql_round(pl.col("__a"), spec.round)).to_series()
            frame = frame.with_columns(s.cast(self._schemas[t][col], strict=False).alias(col))
        return frame

    def _table_chunks(self, t: str) -> Iterator[pl.DataFrame]:
        n = self.n_rows[t]
        if isinstance(self.plan.tables[t].spec.rows, m.RowsPerParent):
            self._check_capacity(t, n)  # its rows are known now: refused before any is made, not at the row that fails
        uniques = self.uniqueness.columns(t)
        ledgers: list[Any] = [self.ledger_factory(self.budget) for _ in uniques]
        needs = self._needs[t]
        scen_counts = np.zeros(len(self._scenarios[t]), dtype=np.int64)
        self.features.before_table(t, n)
        bounds = list(self.planner.chunk_bounds(t, n))
        made_all = (self.row_maker or self.maker)(t, bounds)
        for (a, b), made in zip(bounds, made_all):
            rows = np.arange(a, b, dtype=np.int64)
            frame, fk_idx = made.frame, made.fk_idx
            if uniques:
                frame = self.uniqueness.enforce(t, rows, made, uniques, ledgers)
                if self.plan.tables[t].sequence_columns and made.primary_idx is not None:
                    frame = self.features.sequence_values(t, rows, frame, fk_idx, made.primary_idx)
            if t in self._second:
                if getattr(made, "written", None) is not None:
                    raise GenerationError(
                        "aggregates via a second foreign key are not made when the workers write the parts "
                        "(generate them without --engine dask)",
                        location=Location(table=t),
                    )
                frame = self._fill_second_link(t, frame)
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

    def frames(self) -> dict[str, pl.DataFrame]:
        """The whole dataset in memory (small data, tests)."""
        out: dict[str, pl.DataFrame] = {}
        for t, chunks in self.tables():
            parts = list(chunks)
            out[t] = pl.concat(parts) if parts else pl.DataFrame(schema=self._schemas[t])
        return out


def refuse_unkept(plan: Plan) -> None:
    """Refuse, before any row is written, a rule that generation does not keep: ``tally`` (a summary's column
    counted from a detail table, which ``sample`` writes after it), and ``once: [a, b]`` with ``per``
    (an entity in either key once per group, a team once per matchday). Its rows are drawn one by one, so only a
    schedule built per group keeps it, and that is built by ``sample`` from a fitted model (``synth._schedule``);
    ``generate`` would write rows that ``validate`` then fails, with exit 0. ``spec validate`` still accepts the
    rule: a reviewed draft of ``inspect`` holds it for ``fit --spec`` and ``sample``. A ``periods`` rule is laid
    (``generation.periods``), refused there where it cannot be."""
    problems = []
    for ci, con in enumerate(plan.spec.constraints):
        if con.once is not None:
            rule = f"'once: [{', '.join(con.once)}]' per [{', '.join(con.per or [])}]"
            how = "a fitted model builds the schedule"
        elif con.tally is not None:  # a summary's column counted from a detail table: sample writes it after it
            rule = f"'tally: {con.tally}' ({con.table}'s {con.tally} = {con.tally_text()})"
            how = "a fitted model makes it from the sampled detail rows"
        else:
            continue
        problems.append(
            Problem(
                plan.index.location(("constraints", ci), table=con.table),
                f"{rule} is kept by `sample` ({how}) but not by `generate`, which would write rows breaking it: "
                "remove the rule to generate, or `fit` the spec on data and `sample`",
            )
        )
    if problems:
        raise SpecValidationError(problems)
    laid_periods(plan)


def parent_needs(plan: Plan) -> dict[str, set[str]]:
    """Per table, the columns of it that other tables read once it is made: keys children reference, dotted
    parent references (``__idx__<fk>`` for each hop after the first), and what features read (``where``,
    ``match``, processes). Learned sampling keeps the same (``synth.dataset``)."""
    needs: dict[str, set[str]] = {t: set() for t in plan.tables}
    for tp in plan.tables.values():
        for lk in tp.links.values():
            needs[lk.table].add(lk.key)
        for ref in tp.parent_refs:
            parts = ref.split(".")
            cur = tp
            for i, alias in enumerate(parts[:-1]):
                fk = cur.aliases[alias]
                if i > 0:
                    needs[cur.name].add("__idx__" + fk)
                cur = plan.tables[cur.links[fk].table]
            needs[cur.name].add(parts[-1])
    features.add_needs(plan, needs)
    return needs


def _no_parent(ref: str) -> pl.Series:  # pragma: no cover - keys unique by construction read no other column
    raise GenerationError(f"a key made from its row index cannot read '{ref}'")


def _no_fk(fk: str) -> NDArray[np.int64]:  # pragma: no cover - as above
    raise GenerationError(f"a key made from its row index cannot read foreign key '{fk}'")
