"""Validate a dataset too large to hold in memory: the checks of ``constraints.check_dataset``, in chunks.

The dataset is read table by table in chunks (``io.ChunkedDataset``) into a DuckDB database in a temp
folder (removed at the end), with each row's position in its table as ``__row``. DuckDB runs under a
memory limit and spills its joins, groupings and sorts to that folder; this process holds a chunk of rows
at a time (its peak is flat in the row count once DuckDB's limit is full: benchmarks/RESULTS.md, validate_memory.py):

- keys, unique columns, unique constraints, foreign keys and aggregates are SQL over the staged tables
  (groupings and anti-joins: the same rows counted as the in-memory checks count them);
- row checks (constraints, derived columns recomputed, dates after their column, ranges, scenario labels
  and their 'where') run chunk by chunk on the same polars code as the in-memory checks, each chunk with
  the parent values it references (``a.b``) joined in by DuckDB; counts and first rows are added up;
- running sums are recomputed over chunks cut at parent boundaries; children per parent and scenario
  rates are counted over the whole table.

The spec features (``_feature_checks``) run chunk by chunk too, each chunk cut where a parent's rows end
and given the parent rows it references: filtered and matched foreign keys, positions and lags, processes;
exact scenarios are counted and shared unique columns checked in SQL. Still read whole: static tables (they
do not grow), tables with a self-reference within a group or by seniority (a row's parent may sit in any
chunk) with their parents, tables whose parents' rows are not together, and for cycles the key and
reference columns of a self-referencing table.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import polars as pl

from simulacra import _dataset_checks as C
from simulacra._feature_checks import scenario_mask, shared_columns
from simulacra._rare import OutsideTally
from simulacra._row_constraints import RowConstraint
from simulacra._tally_rules import tally_reads, tally_tables
from simulacra.errors import SourceError
from simulacra.io import ChunkedDataset, read_dataset
from simulacra.spec import model as m
from simulacra.spec.plan import Plan
from simulacra.spec.refs import root_names

__all__ = ["DEFAULT_CHUNK_ROWS", "DEFAULT_DUCKDB_MEMORY", "check_streaming", "feature_names"]

DEFAULT_CHUNK_ROWS = 100_000
DEFAULT_DUCKDB_MEMORY = 256 * 1024 * 1024  # bytes DuckDB may hold before it spills to the temp folder

_AGG = {
    "sum": "CAST(sum({c}) AS DOUBLE)",
    "count": "count(*)",
    "mean": "avg({c})",
    "min": "min({c})",
    "max": "max({c})",
}


_FLUSH_BYTES = 8 << 20  # freed memory DuckDB's allocator may keep after a task
_BYTES_PER_THREAD = 256 << 20


def _threads(memory: int) -> int:
    """DuckDB threads for a memory limit: one per 256 MiB, at least one, at most the CPUs."""
    return max(1, min(os.cpu_count() or 1, memory // _BYTES_PER_THREAD))


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _to_stage(frame: pl.DataFrame) -> pl.DataFrame:
    """Types DuckDB holds the same in every chunk: categoricals as text, durations as integers."""
    return frame.with_columns(
        pl.col(c).cast(pl.String)
        if isinstance(dt, (pl.Categorical, pl.Enum))
        else pl.col(c).to_physical()
        if isinstance(dt, (pl.Duration, pl.Time))
        else pl.col(c)
        for c, dt in frame.schema.items()
    )


class _Stage:
    """The dataset's tables in a temp DuckDB database, each row numbered ``__row`` in its table's order."""

    def __init__(self, source: str | Path, dataset: ChunkedDataset, chunk_rows: int, memory: int) -> None:
        self.source = source
        self.dataset = dataset
        self.rows = chunk_rows
        self.dir = Path(tempfile.mkdtemp(prefix="simulacra-validate-"))
        self.con = duckdb.connect(str(self.dir / "stage.duckdb"))
        spill = str(self.dir / "spill").replace("'", "''")
        self.con.execute(f"SET memory_limit = '{int(memory)}B'")
        self.con.execute(f"SET temp_directory = '{spill}'")
        self.con.execute("SET preserve_insertion_order = true")
        self.con.execute("SET enable_progress_bar = false")
        # What DuckDB holds outside its buffer limit (benchmarks/RESULTS.md, validate_memory.py): freed memory its
        # allocator keeps for reuse (up to 128 MiB by default: handed back past a few MiB here), and per-thread
        # working memory (a thread per 256 MiB of the limit: more threads than that ran out of memory at 64 MiB)
        self.con.execute(f"SET allocator_flush_threshold = '{_FLUSH_BYTES}B'")
        self.con.execute(f"SET threads = {_threads(memory)}")
        self.schema: dict[str, dict[str, pl.DataType]] = {}
        self.height: dict[str, int] = {}

    def close(self) -> None:
        try:
            self.con.close()
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def load(self, name: str) -> None:
        n = 0
        for chunk in self.dataset.chunks(name, self.rows):
            self._append(name, chunk, n)
            n += chunk.height
        if name not in self.schema:  # no rows: the empty table, for its columns
            self._append(name, read_dataset(self.source, tables=[name], format=self.dataset.format)[name], 0)
        self.height[name] = n

    def _append(self, name: str, chunk: pl.DataFrame, start: int) -> None:
        staged = _to_stage(chunk).select(
            pl.int_range(start, start + chunk.height, dtype=pl.Int64).alias("__row"), pl.all()
        )
        self.con.register("__chunk", staged.to_arrow())
        try:
            if name not in self.schema:
                self.schema[name] = dict(chunk.schema)
                self.con.execute(f"CREATE TABLE {_q(name)} AS SELECT * FROM __chunk")
            else:
                self.con.execute(f"INSERT INTO {_q(name)} SELECT * FROM __chunk")
        finally:
            self.con.unregister("__chunk")

    def one(self, sql: str) -> tuple[Any, ...]:
        rows = self.con.execute(sql).fetchall()
        return tuple(rows[0])

    def fetch(self, sql: str, dtypes: dict[str, pl.DataType]) -> Iterator[pl.DataFrame]:
        """The query's rows a chunk at a time, columns named in ``dtypes`` cast back to them."""
        cur = self.con.cursor()  # (its own result: other queries may run while this one is read)
        try:
            for batch in cur.sql(sql).to_arrow_reader(self.rows):
                yield _restore(pl.DataFrame(pl.from_arrow(batch)), dtypes)
        finally:
            cur.close()

    def whole(self, name: str, columns: list[str] | None = None) -> pl.DataFrame:
        """A table (or some of its columns) read whole, in its order."""
        cols = ", ".join(_q(c) for c in columns) if columns else "* EXCLUDE (__row)"
        parts = list(self.fetch(f"SELECT {cols} FROM {_q(name)} ORDER BY __row", self.schema[name]))
        if parts:
            return pl.concat(parts)
        schema = self.schema[name]
        return pl.DataFrame(schema={c: schema[c] for c in (columns or list(schema))})


def _restore(frame: pl.DataFrame, dtypes: dict[str, pl.DataType]) -> pl.DataFrame:
    fix = []
    for c, want in dtypes.items():
        if c in frame.columns and frame.schema[c] != want:
            if isinstance(want, (pl.Duration, pl.Time)):
                fix.append(pl.col(c).cast(pl.Int64).cast(want))
            else:
                fix.append(pl.col(c).cast(want, strict=False))
    return frame.with_columns(fix) if fix else frame


class _Merged:
    """Row findings of one table added up over its chunks, in the order first seen."""

    def __init__(self) -> None:
        self.items: dict[tuple[str, str | None], list[Any]] = {}

    def add(self, f: C.Finding, offset: int) -> None:
        key = (f.check, f.column)
        got = self.items.setdefault(key, [f.table, 0, 0, None])
        got[1] += f.failed
        got[2] += f.total
        if f.first_row is not None and got[3] is None:
            got[3] = f.first_row + offset

    def findings(self, n: int) -> list[C.Finding]:
        """The added-up findings, each over the table's ``n`` rows (a chunk without rows it applies to adds none)."""
        return [
            C.Finding(t, check, min(failed, n), n, first, column)
            for (check, column), (t, failed, _, first) in self.items.items()
        ]


def _ref_sql(plan: Plan, stage: _Stage, table: str, ref: str, j: int) -> tuple[str, str, pl.DataType] | None:
    """LEFT JOINs that bring ``ref`` (``alias.….column``) beside the table's rows, the value's expression, its dtype."""
    tp = plan.tables[table]
    parts = ref.split(".")
    if parts[0] not in tp.aliases:
        return None
    cur = f"t.{_q(tp.aliases[parts[0]])}"
    cur_t = table
    joins = []
    dtype: pl.DataType = pl.Null()
    for i, alias in enumerate(parts[:-1]):
        ctp = plan.tables[cur_t]
        col = ctp.aliases.get(alias)
        if col is None or col not in ctp.links:
            return None
        lk = ctp.links[col]
        last = i == len(parts) - 2
        want = parts[-1] if last else plan.tables[lk.table].aliases.get(parts[i + 1], "")
        if lk.table not in stage.schema or want not in stage.schema[lk.table] or lk.key not in stage.schema[lk.table]:
            return None
        name = f"__j{j}_{i}"
        joins.append(
            f"LEFT JOIN (SELECT {_q(lk.key)} AS k, arg_min_null({_q(want)}, __row) AS v FROM {_q(lk.table)} GROUP BY 1)"
            f" {name} ON {name}.k = {cur}"
        )
        cur = f"{name}.v"
        cur_t = lk.table
        dtype = stage.schema[lk.table][want]
    return " ".join(joins), cur, dtype


def _table_names(plan: Plan, tname: str, declared: bool) -> set[str]:
    """Every name the table's row checks read (dotted ones are parent values)."""
    tp = plan.tables[tname]
    names: set[str] = set()
    for ci, con in enumerate(plan.spec.constraints):
        if con.table == tname and con.per_row:
            names |= set(RowConstraint(con, ci).names())
    if declared:
        specs: list[Any] = list(tp.spec.columns.values())
        for sc in plan.spec.scenarios:
            if sc.table == tname:
                specs += list(sc.columns.values())
                if sc.where is not None:
                    names |= set(root_names(sc.where))
        for spec in specs:
            if C.deterministic(spec):
                names |= set(C.column_reads(spec))
            if isinstance(spec, m.DateColumn) and spec.after is not None:
                names.update(spec.after_refs())
    return {n for n in names if "." in n}


def _view(plan: Plan, stage: _Stage, tname: str, declared: bool) -> tuple[str, dict[str, pl.DataType]]:
    """SQL for the table's rows in order with the parent values its checks read, and the dtypes to restore."""
    return _view_of(plan, stage, tname, _table_names(plan, tname, declared))


def _view_of(plan: Plan, stage: _Stage, tname: str, names: set[str]) -> tuple[str, dict[str, pl.DataType]]:
    dtypes = dict(stage.schema[tname])
    joins, cols = [], []
    for j, ref in enumerate(sorted(names)):
        got = _ref_sql(plan, stage, tname, ref, j)
        if got is None:
            continue  # an unknown reference: the check that reads it reports it
        sql, expr, dtype = got
        joins.append(sql)
        cols.append(f"{expr} AS {_q(ref)}")
        dtypes[ref] = dtype
    select = ", ".join(["t.*", *cols])
    return f"SELECT {select} FROM {_q(tname)} t {' '.join(joins)} ORDER BY t.__row", dtypes


def _count_bad(stage: _Stage, sql: str) -> tuple[int, int | None]:
    n, first = stage.one(sql)
    return int(n or 0), (int(first) if first is not None else None)


def _duplicates(stage: _Stage, tname: str, cols: list[str]) -> tuple[int, int | None]:
    """Rows whose value of ``cols`` another row holds too; a row with a null in ``cols`` never conflicts (SQL's
    NULLS DISTINCT, as ``constraints.unique_bad`` counts it)."""
    t = _q(tname)
    on = " AND ".join(f"t.{_q(c)} IS NOT DISTINCT FROM d.{_q(c)}" for c in cols)
    keep = " WHERE " + " AND ".join(f"{_q(c)} IS NOT NULL" for c in cols)
    group = ", ".join(_q(c) for c in cols)
    return _count_bad(
        stage,
        f"SELECT count(*), min(t.__row) FROM {t} t SEMI JOIN "
        f"(SELECT {group} FROM {t}{keep} GROUP BY ALL HAVING count(*) > 1) d ON {on}",
    )


def _core(plan: Plan, stage: _Stage, tname: str) -> list[C.Finding]:
    """Keys, unique columns, foreign keys, unique constraints and aggregates of one table, in SQL."""
    tp = plan.tables[tname]
    out: list[C.Finding] = []
    t = _q(tname)
    n = stage.height[tname]
    keys = list(tp.spec.key_columns)
    if keys:
        nul = " OR ".join(f"t.{_q(k)} IS NULL" for k in keys)
        on = " AND ".join(f"t.{_q(k)} IS NOT DISTINCT FROM d.{_q(k)}" for k in keys)
        group = ", ".join(_q(k) for k in keys)
        failed, first = _count_bad(
            stage,
            f"SELECT count(*), min(t.__row) FROM {t} t WHERE ({nul}) OR EXISTS (SELECT 1 FROM "
            f"(SELECT {group} FROM {t} GROUP BY ALL HAVING count(*) > 1) d WHERE {on})",
        )
        out.append(C.Finding(tname, f"primary key ({', '.join(keys)}) unique and not null", failed, n, first))
    shared = shared_columns(plan, tname)
    for cname, c in tp.spec.columns.items():
        if c.unique and cname not in keys and cname not in shared:
            failed, first = _duplicates(stage, tname, [cname])
            out.append(C.Finding(tname, f"'{cname}' unique", failed, n, first, column=cname))
        if isinstance(c, m.ForeignKeyColumn):
            lk = tp.links[cname]
            if lk.table not in stage.schema or lk.key not in stage.schema[lk.table]:
                continue
            anti = (
                f"SELECT count(*), min(c.__row) FROM {t} c ANTI JOIN (SELECT DISTINCT {_q(lk.key)} AS k FROM "
                f"{_q(lk.table)}) p ON c.{_q(cname)} {{cast}} = p.k {{cast}} WHERE c.{_q(cname)} IS NOT NULL"
            )
            try:
                failed, first = _count_bad(stage, anti.format(cast=""))
            except duckdb.OutOfMemoryException:
                raise
            except Exception:  # key and reference of different types: compared as text
                failed, first = _count_bad(stage, anti.format(cast="::VARCHAR"))
            out.append(C.Finding(tname, f"foreign key {cname} -> {lk.table}.{lk.key}", failed, n, first, column=cname))
            per = C.distinct_per(tp, cname, c)
            if per is not None:
                failed, first = _duplicates(stage, tname, [per, cname])
                out.append(C.Finding(tname, C.distinct_check(tp, cname), failed, n, first, column=cname))
            if lk.self_ref:
                key = keys[0] if keys else lk.key
                pair = stage.whole(tname, list(dict.fromkeys([key, cname])))
                out.append(
                    C.Finding(
                        tname, f"self-reference {cname} acyclic", C.self_ref_cycles(pair, key, cname), n, column=cname
                    )
                )
    for con in plan.spec.constraints:
        if con.table == tname and con.unique is not None:
            failed, first = _duplicates(stage, tname, list(con.unique))
            out.append(C.Finding(tname, con.describe(), failed, n, first))
        if con.table == tname and con.once is not None:  # a schedule: its columns whole (a few keys and rounds)
            cols = list(dict.fromkeys([*con.once, *(con.per or [])]))
            bad = C.once_bad(stage.whole(tname, cols), con.once, con.per or [])
            out.append(C.Finding(tname, con.describe(), int(bad.sum()), n, C.first_bad(bad)))
        if con.table == tname and con.periods is not None:  # a parent's periods: their columns whole
            cols = list(dict.fromkeys([*(con.per or []), *con.periods]))
            out.append(C.periods_finding(stage.whole(tname, cols), con, tname))
        if con.table == tname and con.tally is not None:  # a summary against its detail table: their columns whole
            out.append(_tally(stage, tname, con, n))
    return out


def _tally(stage: _Stage, tname: str, con: m.ConstraintSpec, n: int) -> C.Finding:
    """A ``tally`` rule read whole: the summary's columns it names, the detail's, and those of the tables its
    sides read besides."""
    mine = list(dict.fromkeys([con.tally or "", *(k for s in con.sides or [] for k in [*s.match, *(s.month or {})])]))
    return C.tally_finding(
        con,
        tname,
        n,
        lambda: (
            stage.whole(tname, mine),
            stage.whole(str(con.of), tally_reads(con)) if con.of in stage.height else None,
        ),
        lambda: {t: stage.whole(t, tally_reads(con, t)) for t in tally_tables(con)[1:] if t in stage.height},
    )


def _aggregate(plan: Plan, stage: _Stage, tname: str, cname: str, c: m.AggregateColumn) -> C.Finding:
    child, _, ccol = c.of.partition(".")
    lk = plan.tables[child].links.get(c.via) if c.via is not None else plan.tables[child].primary_link
    n = stage.height[tname]
    what = f"aggregate {cname} = {c.function}({c.of})"
    if lk is None or child not in stage.schema:
        return C.Finding(tname, what, n, n, column=cname)
    numeric = stage.schema[child].get(ccol, pl.Null()).is_numeric()
    fn = _AGG[c.function].format(c=_q(ccol)) if c.function != "sum" or numeric else f"sum({_q(ccol)})"
    sql = (
        f"SELECT p.__row, p.{_q(cname)} AS got, a.agg AS want FROM {_q(tname)} p LEFT JOIN "
        f"(SELECT {_q(lk.column)} AS k, {fn} AS agg FROM {_q(child)} GROUP BY 1) a ON p.{_q(lk.key)} = a.k ORDER BY p.__row"
    )
    merged = _Merged()
    for chunk in stage.fetch(sql, {"got": stage.schema[tname][cname]}):
        bad = C.aggregate_bad(c, chunk.get_column("got"), chunk.get_column("want"))
        merged.add(
            C.Finding(tname, what, int(bad.sum()), chunk.height, C.first_bad(bad), column=cname), int(chunk["__row"][0])
        )
    return merged.findings(n)[0] if merged.items else C.Finding(tname, what, 0, 0, column=cname)


def _rows(plan: Plan, stage: _Stage, tname: str, declared: bool) -> list[C.Finding]:
    """Row constraints, and (``declared``) derived columns, ranges and scenario tallies, chunk by chunk."""
    tp = plan.tables[tname]
    sql, dtypes = _view(plan, stage, tname, declared)
    merged = _Merged()
    tallies: list[C.ScenarioTally] | None = None
    all_cols = all(c in stage.schema[tname] for c in list(tp.spec.columns) + list(tp.label_columns))
    empty = pl.DataFrame(schema={"__row": pl.Int64, **dtypes})
    outside: dict[tuple[str, str], OutsideTally] = {}
    if declared and all_cols and C.withheld_columns(plan, tname):
        # the rows a draft withheld are judged over the whole table, whatever the chunk size: counted first
        for chunk in _at_least_one(stage.fetch(sql, dtypes), empty):
            view = chunk.drop("__row")
            scen = C.scenario_rows(plan, tname, view)
            C.declared_row_findings(plan, {tname: view}, tname, scen, outside=outside, counting=True)
    chunks = stage.fetch(sql, dtypes)
    for chunk in _at_least_one(chunks, empty):
        offset = int(chunk["__row"][0]) if chunk.height else 0
        view = chunk.drop("__row")
        frames = {tname: view}
        n = view.height
        for ci, con in enumerate(plan.spec.constraints):
            if con.table != tname or not con.per_row:
                continue
            rc = RowConstraint(con, ci)
            try:
                passed = rc.check(C.with_parent_refs(plan, tname, frames, rc.names()))
            except Exception as exc:
                merged.add(C.Finding(tname, f"{con.describe()} could not be checked: {exc}", n, n), offset)
                continue
            bad = ~passed
            merged.add(C.Finding(tname, con.describe(), int(bad.sum()), n, C.first_bad(bad), column=con.column), offset)
        if declared and all_cols:
            scen_rows = C.scenario_rows(plan, tname, view)
            for f in C.declared_row_findings(plan, frames, tname, scen_rows, outside=outside):
                merged.add(f, offset)
            more = C.scenario_tallies(plan, frames, tname, scen_rows)
            if tallies is None:
                tallies = more
            else:
                C.add_tallies(tallies, more, offset)
    out = merged.findings(stage.height[tname])
    if declared and all_cols:
        out += C.scenario_verdicts(tname, stage.height[tname], tallies or [])
    return out


def _at_least_one(chunks: Iterator[pl.DataFrame], empty: pl.DataFrame) -> Iterator[pl.DataFrame]:
    seen = False
    for c in chunks:
        seen = True
        yield c
    if not seen:
        yield empty


def _running_sum(plan: Plan, stage: _Stage, tname: str, cname: str, spec: m.RunningSumColumn) -> C.Finding:
    """The running sum recomputed per parent, over chunks cut where a parent's rows end."""
    from simulacra.generation.columns import running_sum

    lk = plan.tables[tname].primary_link
    assert lk is not None
    n = stage.height[tname]
    what = f"running sum '{cname}' recomputed per {lk.table} row"
    failed, first = 0, None
    fk = _q(lk.column)
    dtypes = dict(stage.schema[tname])
    refs, joins = [], []
    for j, ref in enumerate(C.running_sum_reads(spec)):  # a parent's column the start reads (meters.initial_read)
        got = _ref_sql(plan, stage, tname, ref, j)
        if got is None:
            return C.Finding(
                tname, f"running sum '{cname}' could not be recomputed: '{ref}' not found", n, n, column=cname
            )
        join, value, dtypes[ref] = got
        joins.append(join)
        refs.append(f", {value} AS {_q(ref)}")
    sql = f"SELECT t.*{''.join(refs)} FROM {_q(tname)} t {' '.join(joins)} ORDER BY t.{fk} NULLS LAST, t.__row"

    def judge(part: pl.DataFrame) -> tuple[int, int | None]:
        group = part.select(pl.col(lk.column).rank("dense").fill_null(0).cast(pl.Int64)).to_series().to_numpy()
        bad = C.differs(part.get_column(cname), running_sum(spec, part.drop("__row"), group))
        rows = part["__row"].to_numpy()
        return int(bad.sum()), (int(rows[bad].min()) if bad.any() else None)

    try:
        carry: pl.DataFrame | None = None
        for chunk in stage.fetch(sql, dtypes):
            work = chunk if carry is None else pl.concat([carry, chunk])
            last = work.get_column(lk.column)[-1]
            tail = work.select(pl.col(lk.column).eq_missing(pl.lit(last, dtype=work.schema[lk.column]))).to_series()
            cut: int = int(np.flatnonzero(~tail.to_numpy())[-1]) + 1 if (~tail).any() else 0
            if cut:
                k, f = judge(work.slice(0, cut))
                failed += k
                first = f if first is None else (min(first, f) if f is not None else first)
            carry = work.slice(cut)
        if carry is not None and carry.height:
            k, f = judge(carry)
            failed += k
            first = f if first is None else (min(first, f) if f is not None else first)
    except duckdb.OutOfMemoryException:
        raise
    except Exception as exc:
        return C.Finding(tname, f"running sum '{cname}' could not be recomputed: {exc}", n, n, column=cname)
    return C.Finding(tname, what, failed, n, first, column=cname)


def _counts(plan: Plan, stage: _Stage, tname: str) -> list[C.Finding]:
    rule = C.count_rule(plan, tname)
    if rule is None or rule.link.table not in stage.schema:
        return []
    lk, rows = rule.link, rule.rows
    parent = stage.schema[lk.table]
    by = f"p.{_q(rows.by)}" if rows.by is not None and rows.by in parent else "NULL"
    sql = (
        f"SELECT p.__row, coalesce(c.n, 0) AS n, {by} AS by FROM {_q(lk.table)} p LEFT JOIN "
        f"(SELECT {_q(lk.column)} AS k, count(*) AS n FROM {_q(tname)} GROUP BY 1) c ON p.{_q(lk.key)} = c.k ORDER BY p.__row"
    )
    dtypes = {"by": parent[rows.by]} if rows.by is not None and rows.by in parent else {}
    merged = _Merged()
    what = f"'{tname}' {rule.check}"
    for chunk in stage.fetch(sql, dtypes):
        by_vals = chunk.get_column("by").cast(pl.String).to_list() if dtypes else [None] * chunk.height
        bad = rule.bad(chunk.get_column("n").to_numpy(), by_vals)
        merged.add(C.Finding(lk.table, what, int(bad.sum()), chunk.height, C.first_bad(bad)), int(chunk["__row"][0]))
    return merged.findings(stage.height[lk.table]) or [C.Finding(lk.table, what, 0, 0)]


def _whole_features(plan: Plan, tname: str) -> bool:
    """Feature checks that need the table whole: static row counts (a static table does not grow), self-references
    within a group or by seniority (a row's parent may sit in any chunk)."""
    tp = plan.tables[tname]
    if tp.spec.static:
        return True
    rows = tp.spec.rows
    if isinstance(rows, m.RowsPerParent) and rows.equals is not None:
        return True  # children per parent counted over every parent (a match's goals, its score)
    if any(isinstance(c, m.ForeignKeyColumn) and c.match_count is not None for c in tp.spec.columns.values()):
        return True  # rows agreeing per parent, over every parent
    return any(
        isinstance(c, m.ForeignKeyColumn) and tp.links[n].self_ref and (c.within or c.senior)
        for n, c in tp.spec.columns.items()
        if n in tp.links
    )


def feature_names(plan: Plan, tname: str) -> set[str]:
    """Parent values (``a.b``) the feature checks of a table read beside its rows."""
    from simulacra.generation.sequence import is_sequence_ref

    tp = plan.tables[tname]
    names: set[str] = set()
    for n, c in tp.spec.columns.items():
        if isinstance(c, m.ForeignKeyColumn) and n in tp.links:
            names |= {v for v in (*c.match.values(), *c.match_else.values()) if "." in v}
        if n in tp.sequence_columns and isinstance(c, m.ExpressionColumn):
            names |= {x for x in root_names(c.expr) if "." in x and not is_sequence_ref(x)}
    return names


def _contiguous(stage: _Stage, tname: str, fk: str) -> bool:
    """Whether each parent's rows sit together (as the engine writes them)."""
    runs, groups = stage.one(
        f"SELECT count(*) FILTER (WHERE starts), count(DISTINCT coalesce(CAST(k AS VARCHAR), '')) FROM "
        f"(SELECT {_q(fk)} AS k, {_q(fk)} IS DISTINCT FROM lag({_q(fk)}) OVER (ORDER BY __row) "
        f"OR __row = 0 AS starts FROM {_q(tname)})"
    )
    return int(runs or 0) == int(groups or 0)


def _by_parent(chunks: Iterator[pl.DataFrame], fk: str) -> Iterator[pl.DataFrame]:
    """The chunks re-cut where a parent's rows end (a parent's rows never split across two)."""
    carry: pl.DataFrame | None = None
    for chunk in chunks:
        work = chunk if carry is None else pl.concat([carry, chunk])
        last = work.get_column(fk)[-1]
        tail = work.select(pl.col(fk).eq_missing(pl.lit(last, dtype=work.schema[fk]))).to_series().to_numpy()
        cut = int(np.flatnonzero(~tail)[-1]) + 1 if (~tail).any() else 0
        if cut:
            yield work.slice(0, cut)
        carry = work.slice(cut)
    if carry is not None and carry.height:
        yield carry


def _parents_of(plan: Plan, stage: _Stage, tname: str, chunk: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """For each table the chunk's rows reference, its rows with those keys (in its order)."""
    tp = plan.tables[tname]
    wanted: dict[tuple[str, str], list[pl.Series]] = {}
    for col, lk in tp.links.items():
        if col in chunk.columns and lk.table in stage.schema and lk.key in stage.schema[lk.table]:
            wanted.setdefault((lk.table, lk.key), []).append(chunk.get_column(col))
    out: dict[str, pl.DataFrame] = {}
    for (table, key), values in wanted.items():
        if table == tname or table in out:
            continue
        keys = pl.DataFrame({"k": pl.concat([v.cast(stage.schema[table][key], strict=False) for v in values])})
        stage.con.register("__arrow_keys", _to_stage(keys.unique()).to_arrow())
        try:  # a table (not a view of this connection) so that the reading cursor sees it
            stage.con.execute("CREATE OR REPLACE TABLE __simulacra_keys AS SELECT * FROM __arrow_keys")
        finally:
            stage.con.unregister("__arrow_keys")
        sql = f"SELECT p.* FROM {_q(table)} p SEMI JOIN __simulacra_keys k ON p.{_q(key)} = k.k ORDER BY p.__row"
        parts = list(stage.fetch(sql, stage.schema[table]))
        out[table] = pl.concat(parts).drop("__row") if parts else pl.DataFrame(schema=stage.schema[table])
    return out


def _features(plan: Plan, stage: _Stage) -> list[C.Finding]:
    """The spec-feature checks: a table chunk by chunk (cut at parent boundaries, with the parent rows it
    references), or read whole where a check needs it (see :func:`_whole_features`)."""
    from simulacra._feature_checks import feature_findings

    empty = {t: pl.DataFrame(schema=s) for t, s in stage.schema.items()}
    try:
        probe = feature_findings(plan, empty, C.with_parent_refs)
    except Exception:  # an empty table a check cannot take: every table with a feature is read whole
        probe = [C.Finding(t, "", 0, 0) for t in stage.schema]
    tables = [t for t in plan.tables if t in {f.table for f in probe} and t in stage.schema]
    out: list[C.Finding] = []
    whole, todo = set(), []
    for t in tables:
        tp = plan.tables[t]
        fk = tp.primary_link.column if tp.primary_link is not None else None
        if _whole_features(plan, t) or (fk is not None and fk in stage.schema[t] and not _contiguous(stage, t, fk)):
            whole.add(t)
        else:
            todo.append(t)
    if whole:
        need, stack = set(), list(whole)
        while stack:
            t = stack.pop()
            if t in need or t not in stage.schema:
                continue
            need.add(t)
            stack += [lk.table for lk in plan.tables[t].links.values()]
        frames = {t: stage.whole(t) for t in need}
        out += [f for f in feature_findings(plan, frames, C.with_parent_refs) if f.table in whole]
    for t in todo:
        tp = plan.tables[t]
        sql, dtypes = _view_of(plan, stage, t, feature_names(plan, t))
        chunks = stage.fetch(sql, dtypes)
        if tp.primary_link is not None and tp.primary_link.column in stage.schema[t]:
            chunks = _by_parent(chunks, tp.primary_link.column)
        totals: dict[tuple[str, str | None], list[Any]] = {}
        scen = _Scenarios(plan, stage, t)
        for chunk in _at_least_one(chunks, pl.DataFrame(schema={"__row": pl.Int64, **dtypes})):
            offset = int(chunk["__row"][0]) if chunk.height else 0
            view = chunk.drop("__row")
            scen.add(view, chunk["__row"])
            frames = {**_parents_of(plan, stage, t, view), t: view}
            for f in feature_findings(plan, frames, C.with_parent_refs):
                if f.table != t or scen.owns(f.check):
                    continue
                got = totals.setdefault((f.check, f.column), [0, 0, None])
                got[0] += f.failed
                got[1] += f.total
                if f.first_row is not None and got[2] is None:
                    got[2] = f.first_row + offset
        out += [
            C.Finding(t, check, failed, total, first, column)
            for (check, column), (failed, total, first) in totals.items()
        ]
        out += scen.findings()
    return out


class _Scenarios:
    """Exact and shared scenarios of a table checked in chunks: their rows counted (told by their labels, as
    ``_feature_checks`` tells them), their shared columns' uniqueness outside them in SQL over the staged table."""

    def __init__(self, plan: Plan, stage: _Stage, tname: str) -> None:
        self.stage = stage
        self.tname = tname
        self.scenarios = [sc for sc in plan.spec.scenarios if sc.table == tname and (sc.exact or sc.shared)]
        self.found = [0] * len(self.scenarios)
        self.labelled = [True] * len(self.scenarios)
        self.n = 0
        self.table = "__simulacra_scenarios"
        if any(sc.shared for sc in self.scenarios):
            cols = ", ".join(f"s{i} BOOLEAN" for i in range(len(self.scenarios)))
            stage.con.execute(f"CREATE OR REPLACE TABLE {self.table} (__row BIGINT, {cols})")

    def owns(self, check: str) -> bool:
        """Whether a chunk's finding is one of these (counted over the whole table here instead)."""
        return any(
            check.startswith(f"scenario '{sc.name}' ") or f"scenario '{sc.name}'" in check for sc in self.scenarios
        )

    def add(self, view: pl.DataFrame, rows: pl.Series) -> None:
        self.n += view.height
        masks = {}
        for i, sc in enumerate(self.scenarios):
            mask = scenario_mask(view, sc)
            if mask is None:
                self.labelled[i] = False
                mask = np.zeros(view.height, dtype=bool)
            self.found[i] += int(mask.sum())
            masks[f"s{i}"] = mask
        if any(sc.shared for sc in self.scenarios) and view.height:
            self.stage.con.register("__arrow_masks", pl.DataFrame({"__row": rows, **masks}).to_arrow())
            try:
                self.stage.con.execute(f"INSERT INTO {self.table} SELECT * FROM __arrow_masks")
            finally:
                self.stage.con.unregister("__arrow_masks")

    def findings(self) -> list[C.Finding]:
        out: list[C.Finding] = []
        t, n = self.tname, self.n
        for i, sc in enumerate(self.scenarios):
            if sc.exact and self.labelled[i]:
                want = sc.count if sc.count is not None else int(round((sc.share or 0.0) * n))
                got = self.found[i]
                what = f"exactly {sc.count}" if sc.count is not None else f"exactly {sc.share:.2%} ({want})"
                out.append(
                    C.Finding(t, f"scenario '{sc.name}' has {what} rows (found {got})", abs(got - want), max(want, 1))
                )
            for col in sc.shared:
                if col not in self.stage.schema[t]:
                    continue
                if not self.labelled[i]:
                    out.append(
                        C.Finding(
                            t,
                            f"'{col}' unique except scenario '{sc.name}': its rows cannot be found (labels missing)",
                            n,
                            n,
                            column=col,
                        )
                    )
                    continue
                c, m_ = _q(col), f"s{i}"
                rows = f"SELECT x.__row, x.{c} FROM {_q(t)} x JOIN {self.table} s USING (__row)"
                failed, first = _count_bad(
                    self.stage,
                    f"WITH o AS ({rows} WHERE NOT s.{m_} AND x.{c} IS NOT NULL) SELECT count(*), min(o.__row) FROM o "
                    f"SEMI JOIN (SELECT {c} FROM o GROUP BY 1 HAVING count(*) > 1) d ON o.{c} = d.{c}",
                )
                out.append(
                    C.Finding(
                        t, f"'{col}' unique (except the rows of scenario '{sc.name}')", failed, n, first, column=col
                    )
                )
                distinct, shared = self.stage.one(
                    f"SELECT count(DISTINCT x.{c}), count(*) FROM {_q(t)} x JOIN {self.table} s USING (__row) WHERE s.{m_}"
                )
                out.append(
                    C.Finding(
                        t,
                        f"scenario '{sc.name}' rows share one '{col}' (found {distinct} values)",
                        max(int(distinct) - 1, 0),
                        max(int(shared), 1),
                        column=col,
                    )
                )
        return out


def check_streaming(
    plan: Plan,
    source: str | Path,
    *,
    format: str | None = None,  # noqa: A002
    declared: bool = True,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    memory: int = DEFAULT_DUCKDB_MEMORY,
) -> list[C.Finding]:
    """Every check of :func:`simulacra.constraints.check_dataset`, holding a chunk of ``chunk_rows`` rows at a time
    (and DuckDB's ``memory`` bytes; the rest spills to a temp folder removed at the end)."""
    if chunk_rows < 1:
        raise ValueError("chunk size must be at least 1 row")
    dataset = ChunkedDataset(source, format=format)
    stage = _Stage(source, dataset, chunk_rows, memory)
    at = "staging"
    try:
        for t in plan.tables:
            if t in dataset.tables:
                at = f"staging table '{t}'"
                stage.load(t)
        at = "the spec-feature checks"
        out = _features(plan, stage)
        for tname, tp in plan.tables.items():
            at = f"checking table '{tname}'"
            if tname not in stage.schema:
                out.append(C.Finding(tname, "table is missing", 1, 1))
                continue
            cols = stage.schema[tname]
            missing = [c for c in list(tp.spec.columns) + list(tp.label_columns) if c not in cols]
            for col in missing:
                out.append(C.Finding(tname, f"column '{col}' is missing", 1, 1, column=col))
            if missing:
                continue
            out += _core(plan, stage, tname)
            out += _rows(plan, stage, tname, declared)
            for cname, c in tp.spec.columns.items():
                if isinstance(c, m.AggregateColumn):
                    out.append(_aggregate(plan, stage, tname, cname, c))
            if declared:
                for cname in C.running_sum_columns(plan, tname):
                    spec = tp.spec.columns[cname]
                    assert isinstance(spec, m.RunningSumColumn)
                    out.append(_running_sum(plan, stage, tname, cname, spec))
                out += _counts(plan, stage, tname)
        return out
    except duckdb.OutOfMemoryException as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise SourceError(
            f"{dataset.display}: {at} needs more memory than the limit of {memory >> 20} MiB"
            f" (DuckDB: {first}); raise the memory limit (validate --memory-limit)"
        ) from None
    finally:
        stage.close()
