"""Dataset validation: every check of a spec against a whole dataset, however it was made (``validate``).

Keys, foreign keys, uniqueness, every declared constraint (the per-row ones are :mod:`simulacra._row_constraints`'s,
the ``tally`` arithmetic :mod:`simulacra._tally_rules`'), and everything else the spec declares
(:func:`declared_findings`): derived columns (expression, lookup, case) recomputed, running sums, aggregates,
children per parent for fixed counts, values inside their generator's range, scenario labels consistent with their
overrides and ``where``, and scenario rates within 4 binomial standard deviations. A check that cannot be made
honestly (a scenario without labels overriding a column: its rows cannot be told apart) is not reported as passed:
it is left out.

This module sits above :mod:`simulacra.generation`: it recomputes derived columns, running sums and date windows
with generation's own column code, so it imports generation at the top, and generation never imports it (nor
:mod:`simulacra.constraints`, which re-exports it). ``tests/test_constraints_layers.py`` holds both directions.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra._date_codes import MONTH_CODE, date_code, ymd_dates
from simulacra._date_formats import date_format
from simulacra._feature_checks import feature_findings, shared_columns
from simulacra._random import root_stream
from simulacra._rare import MIN_COUNT, OutsideTally, is_listed, withheld_rows
from simulacra._row_constraints import RowConstraint
from simulacra._tally_rules import tally_bad, tally_tables
from simulacra._text_dates import parse_datetime
from simulacra.errors import Location, Problem
from simulacra.generation.columns import ColumnCtx, generate_column, parse_time, running_sum
from simulacra.generation.totals import count_reach
from simulacra.spec import model as m
from simulacra.spec.model import AggregateColumn, ConstraintSpec, ForeignKeyColumn
from simulacra.spec.plan import Plan, column_deps
from simulacra.spec.refs import expression_for, root_names

__all__ = [
    "RATE_SIGMAS",
    "CountRule",
    "Finding",
    "ScenarioTally",
    "add_tallies",
    "aggregate_bad",
    "check_dataset",
    "column_reads",
    "count_rule",
    "declared_findings",
    "declared_row_findings",
    "deterministic",
    "differs",
    "distinct_check",
    "distinct_per",
    "first_bad",
    "iso_dates",
    "once_bad",
    "periods_bad",
    "periods_finding",
    "running_sum_columns",
    "running_sum_reads",
    "scenario_rows",
    "scenario_tallies",
    "scenario_verdicts",
    "self_ref_cycles",
    "tally_finding",
    "unique_bad",
    "with_parent_refs",
    "withheld_columns",
]


def unique_bad(df: pl.DataFrame, columns: Sequence[str]) -> NDArray[np.bool_]:
    """Rows whose values of ``columns`` another row holds too: what a ``unique`` constraint forbids. A row with a
    null in ``columns`` never conflicts (SQL's NULLS DISTINCT, as PostgreSQL and DuckDB enforce the ``UNIQUE`` the
    sinks write, and as generation keeps the set: a null takes no place in its ledger)."""
    cols = list(columns)
    full = pl.all_horizontal([pl.col(c).is_not_null() for c in cols])
    held = df.select(cols).with_row_index("__row").filter(full)  # repeats among the rows without a null only
    bad = np.zeros(df.height, dtype=bool)
    bad[held.filter(pl.struct(cols).is_duplicated()).get_column("__row").to_numpy()] = True
    return bad


def once_bad(df: pl.DataFrame, once: Sequence[str], per: Sequence[str]) -> NDArray[np.bool_]:
    """Rows holding a value that ``once``'s columns hold again within the row's group of ``per`` (a team at home
    in one match and away in another of one matchday, or both sides of one row); nulls are no value."""
    n = df.height
    if n == 0:
        return np.zeros(0, dtype=bool)
    per = list(per)
    stacked = pl.concat(
        [
            df.select(
                *[pl.col(p).alias(f"__per{i}") for i, p in enumerate(per)], pl.col(c).alias("__v")
            ).with_row_index("__row")
            for c in once
        ],
        how="vertical_relaxed",
    ).filter(pl.col("__v").is_not_null())
    keys = [*(f"__per{i}" for i in range(len(per))), "__v"]
    dup = stacked.filter(pl.struct(keys).is_duplicated()).get_column("__row").to_numpy()
    bad = np.zeros(n, dtype=bool)
    bad[dup] = True
    return bad


def periods_bad(df: pl.DataFrame, periods: Sequence[str], per: Sequence[str]) -> NDArray[np.bool_]:
    """Rows whose period ``[start, end]`` overlaps the one before it in its group of ``per``, in start order: it
    starts before that one ends, or that one is open (a null end: only a group's last may be). One may start the
    day another ends (a handover); of periods starting together, the shorter is read first. A row with a null start or a null in ``per`` is no period. The one home of the
    rule's arithmetic: ``validate`` counts it, ``sample``'s tests read it."""
    n = df.height
    if n == 0:
        return np.zeros(0, dtype=bool)
    start, end = periods
    keys = [f"__per{i}" for i in range(len(per))]
    s, e = df.schema[start], df.schema[end]
    both = s if s == e else pl.Datetime("us")  # a date against a date-time: both as date-times
    d = (
        df.select(
            *[pl.col(p).alias(k) for p, k in zip(per, keys, strict=True)],
            pl.col(start).cast(both).alias("__s"),
            pl.col(end).cast(both).alias("__e"),
        )
        .with_row_index("__row")
        .filter(pl.all_horizontal([pl.col(k).is_not_null() for k in [*keys, "__s"]]))
        # equal starts: the earlier end first, an open one last (the order that overlaps least, as the laying
        # puts them): a zero-length period and an open one starting the same day follow one another
        .sort([*keys, "__s", "__e", "__row"], nulls_last=True)
    )
    before = pl.col("__e").shift(1).over(keys)
    overlap = (pl.int_range(pl.len()).over(keys) > 0) & (before.is_null() | (pl.col("__s") < before))
    rows = d.filter(overlap).get_column("__row").to_numpy()
    bad = np.zeros(n, dtype=bool)
    bad[rows] = True
    return bad


def periods_finding(df: pl.DataFrame, con: ConstraintSpec, tname: str) -> Finding:
    """A ``periods`` rule on a table: the rows overlapping a sibling's period, the first located by its group."""
    assert con.periods is not None
    per = list(con.per or [])
    bad = periods_bad(df, con.periods, per)
    first = first_bad(bad)
    group = None
    if first is not None:
        group = ", ".join(f"{p} {df.get_column(p)[first]!r}" for p in per)
    return Finding(tname, con.describe(), int(bad.sum()), df.height, first, column=con.periods[0], group=group)


@dataclass(frozen=True)
class Finding:
    """The result of one check on one table."""

    table: str
    check: str
    failed: int
    total: int
    first_row: int | None = None
    column: str | None = None
    #: the group of the first failing row, where the rule holds per group (``customer_id 17``)
    group: str | None = None

    @property
    def ok(self) -> bool:
        return self.failed == 0

    def problem(self, file: str | None = None) -> Problem:
        rate = self.failed / self.total if self.total else 0.0
        at = f"{self.first_row}, {self.group}" if self.group else f"{self.first_row}"
        where = f" (first at row {at})" if self.first_row is not None else ""
        return Problem(
            Location(file=file, table=self.table, column=self.column),
            f"{self.check}: {self.failed} of {self.total} rows fail ({rate:.2%}){where}",
        )


def tally_finding(
    con: ConstraintSpec,
    tname: str,
    n: int,
    read: Callable[[], tuple[pl.DataFrame, pl.DataFrame | None]],
    others: Callable[[], Mapping[str, pl.DataFrame]] | None = None,
) -> Finding:
    """A ``tally`` rule checked, in memory and streamed alike: ``read`` gives the summary's columns and the detail
    table (None where there is none), ``others`` the tables its sides read besides. A missing detail table, or
    data the rule cannot be read or run on, fails every one of the ``n`` summary rows, never a pass."""
    try:
        summary, detail = read()
        if detail is None:
            return Finding(tname, f"{con.describe()}: no table '{con.of}' to check it against", n, n)
        bad = tally_bad(con, summary, detail, others() if others is not None else None)
    except Exception as exc:  # a tally that cannot run on this data
        return Finding(tname, f"{con.describe()} could not be checked: {exc}", n, n)
    return Finding(tname, con.describe(), int(bad.sum()), n, first_bad(bad), column=con.tally)


def _present(frames: Mapping[str, pl.DataFrame], names: Sequence[str]) -> dict[str, pl.DataFrame]:
    return {t: frames[t] for t in names if t in frames}


def _both(summary: pl.DataFrame, detail: pl.DataFrame | None) -> tuple[pl.DataFrame, pl.DataFrame | None]:
    return summary, detail


def first_bad(mask_bad: NDArray[np.bool_]) -> int | None:
    idx = np.flatnonzero(mask_bad)
    return int(idx[0]) if len(idx) else None


def _feature_findings(plan: Plan, frames: Mapping[str, pl.DataFrame]) -> list[Finding]:
    """Checks of the spec features of issue 11 (static tables, exact scenarios, chosen parents, processes...)."""
    return feature_findings(plan, frames, with_parent_refs)


def with_parent_refs(plan: Plan, table: str, frames: Mapping[str, pl.DataFrame], names: list[str]) -> pl.DataFrame:
    """The table's frame plus dotted parent references, resolved by joining on keys."""
    frame = frames[table]
    tp = plan.tables[table]
    for ref in sorted({n for n in names if "." in n and n not in frame.columns}):  # (present: resolved already)
        parts = ref.split(".")
        vals = frame.select(pl.col(tp.aliases[parts[0]]).alias("__k"))
        cur_t = table
        for i, alias in enumerate(parts[:-1]):
            ctp = plan.tables[cur_t]
            lk = ctp.links[ctp.aliases[alias]]
            last = i == len(parts) - 2
            want = parts[-1] if last else plan.tables[lk.table].aliases[parts[i + 1]]
            right = (
                frames[lk.table]
                .select(pl.col(lk.key).alias("__k"), pl.col(want).alias("__v"))
                .unique("__k", keep="first")
            )
            vals = vals.join(right, on="__k", how="left", maintain_order="left").select(pl.col("__v").alias("__k"))
            cur_t = lk.table
        frame = frame.with_columns(vals.get_column("__k").alias(ref))
    return frame


def _dates_typed(plan: Plan, table: str, view: pl.DataFrame, names: list[str]) -> pl.DataFrame:
    """The spec's date columns an expression reads (its own, or a parent's through a dotted reference) as dates
    where the dataset holds them as ISO text (SQLite has no date type: ``YEAR(admitted_on)`` could not be
    recomputed on a source against its own draft); other text is left as it is."""
    for name in names:
        if name not in view.columns or view.schema[name] != pl.String:
            continue
        spec = _spec_of(plan, table, name)
        if not isinstance(spec, m.DateColumn):
            continue
        s = view.get_column(name).str.strip_chars().str.replace("T", " ", literal=True)
        typed = s.str.to_datetime(strict=False, time_unit="us")
        view = view.with_columns((typed.dt.date() if spec.generator == "date" else typed).alias(name))
    return view


def _spec_of(plan: Plan, table: str, name: str) -> m.ColumnSpec | None:
    """The spec of a column of ``table`` or, for ``alias.column``, of the parent the aliases lead to."""
    parts = name.split(".")
    cur = table
    for alias in parts[:-1]:
        tp = plan.tables[cur]
        fk = tp.aliases.get(alias)
        if fk is None or fk not in tp.links:
            return None
        cur = tp.links[fk].table
    return plan.tables[cur].spec.columns.get(parts[-1])


def check_dataset(plan: Plan, frames: Mapping[str, pl.DataFrame], *, declared: bool = False) -> list[Finding]:
    """Every check of a spec against a dataset: tables, columns, keys, FKs, uniqueness, constraints.

    ``declared=True`` adds :func:`declared_findings` — what the spec's generators declare (derived values,
    ranges, counts, scenarios): right for data made by rules from this spec, not for learned samples,
    whose spec is a draft the model does not follow value by value."""
    spec = plan.spec
    written = _written_findings(plan, frames)
    frames = iso_dates(plan, frames)
    out: list[Finding] = written + _feature_findings(plan, frames)
    for tname, tp in plan.tables.items():
        if tname not in frames:
            out.append(Finding(tname, "table is missing", 1, 1))
            continue
        df = frames[tname]
        missing = [col for col in list(tp.spec.columns) + list(tp.label_columns) if col not in df.columns]
        for col in missing:
            out.append(Finding(tname, f"column '{col}' is missing", 1, 1, column=col))
        if missing:
            continue
        n = df.height
        keys = tp.spec.key_columns
        if keys:
            dup = df.select(pl.struct(list(keys)).is_duplicated()).to_series().to_numpy()
            nul = df.select(pl.any_horizontal([pl.col(k).is_null() for k in keys])).to_series().to_numpy()
            bad = dup | nul
            out.append(
                Finding(
                    tname, f"primary key ({', '.join(keys)}) unique and not null", int(bad.sum()), n, first_bad(bad)
                )
            )
        for cname, c in tp.spec.columns.items():
            if c.unique and cname not in keys and cname not in shared_columns(plan, tname):
                s = df.get_column(cname)
                bad = (s.is_duplicated() & s.is_not_null()).to_numpy()
                out.append(Finding(tname, f"'{cname}' unique", int(bad.sum()), n, first_bad(bad), column=cname))
            if isinstance(c, ForeignKeyColumn):
                lk = tp.links[cname]
                parent = frames.get(lk.table)
                if parent is None or lk.key not in parent.columns:
                    continue
                s = df.get_column(cname)
                ok = s.is_in(parent.get_column(lk.key).implode()) | s.is_null()
                bad = (~ok).to_numpy()
                out.append(
                    Finding(
                        tname,
                        f"foreign key {cname} -> {lk.table}.{lk.key}",
                        int(bad.sum()),
                        n,
                        first_bad(bad),
                        column=cname,
                    )
                )
                per = distinct_per(tp, cname, c)
                if per is not None:
                    pair = df.select(per, cname)
                    bad = (pair.is_duplicated() & pair[per].is_not_null() & pair[cname].is_not_null()).to_numpy()
                    out.append(
                        Finding(tname, distinct_check(tp, cname), int(bad.sum()), n, first_bad(bad), column=cname)
                    )
                if lk.self_ref:
                    bad_cycle = self_ref_cycles(df, keys[0] if keys else lk.key, cname)
                    out.append(Finding(tname, f"self-reference {cname} acyclic", bad_cycle, n, column=cname))
        for ci, con in enumerate(spec.constraints):
            if con.table != tname:
                continue
            if con.unique is not None:
                bad = unique_bad(df, con.unique)
                out.append(Finding(tname, con.describe(), int(bad.sum()), n, first_bad(bad)))
                continue
            if con.once is not None:
                bad = once_bad(df, con.once, con.per or [])
                out.append(Finding(tname, con.describe(), int(bad.sum()), n, first_bad(bad)))
                continue
            if con.periods is not None:  # a parent's periods one after another
                out.append(periods_finding(df, con, tname))
                continue
            if con.tally is not None:  # a summary table's column against its detail table
                out.append(
                    tally_finding(
                        con,
                        tname,
                        n,
                        functools.partial(_both, df, frames.get(str(con.of))),
                        functools.partial(_present, frames, tally_tables(con)),
                    )
                )
                continue
            rc = RowConstraint(con, ci)
            try:
                view = with_parent_refs(plan, tname, frames, rc.names())
                passed = rc.check(view)
            except Exception as exc:  # a constraint that cannot run on this data
                out.append(Finding(tname, f"{con.describe()} could not be checked: {exc}", n, n))
                continue
            bad = ~passed
            out.append(Finding(tname, con.describe(), int(bad.sum()), n, first_bad(bad), column=con.column))
        for cname, c in tp.spec.columns.items():
            if isinstance(c, AggregateColumn):
                out.append(_aggregate_finding(plan, frames, tname, cname, c))
    if declared:
        out += declared_findings(plan, frames)
    return out


def distinct_per(tp: Any, cname: str, c: ForeignKeyColumn) -> str | None:
    """The column of the parent a table is made per, when ``cname`` is a ``distinct`` key: no value of
    ``cname`` twice among one such parent's rows (a student takes a course once)."""
    lk = tp.primary_link
    if not c.distinct or lk is None or lk.column == cname:
        return None
    return str(lk.column)


def distinct_check(tp: Any, cname: str) -> str:
    return f"foreign key {cname} distinct within each {tp.primary_link.table} row"


def _aggregate_finding(
    plan: Plan, frames: Mapping[str, pl.DataFrame], tname: str, cname: str, c: AggregateColumn
) -> Finding:
    child, _, ccol = c.of.partition(".")
    ctp = plan.tables[child]
    lk = ctp.links.get(c.via) if c.via is not None else ctp.primary_link
    parent = frames[tname]
    n = parent.height
    if lk is None or child not in frames:
        return Finding(tname, f"aggregate {cname} = {c.function}({c.of})", n, n, column=cname)
    kids = frames[child]
    fn: Callable[..., pl.Expr] = {"sum": pl.sum, "count": pl.len, "mean": pl.mean, "min": pl.min, "max": pl.max}[
        c.function
    ]
    agg = kids.group_by(lk.column).agg((fn(ccol) if c.function != "count" else pl.len()).alias("__agg"))
    joined = parent.select([pl.col(lk.key), pl.col(cname)]).join(
        agg, left_on=lk.key, right_on=lk.column, how="left", maintain_order="left"
    )
    bad = aggregate_bad(c, joined.get_column(cname), joined.get_column("__agg"))
    return Finding(tname, f"aggregate {cname} = {c.function}({c.of})", int(bad.sum()), n, first_bad(bad), column=cname)


def aggregate_bad(c: AggregateColumn, got: pl.Series, expect: pl.Series) -> NDArray[np.bool_]:
    """Parent rows whose aggregate column differs from the aggregate of its children (``expect``: null for none)."""
    default = c.default if c.default is not None else (0 if c.function in ("sum", "count") else None)
    if default is not None:
        expect = expect.fill_null(default)
    if got.dtype.is_temporal() and expect.dtype.is_temporal() and got.dtype != expect.dtype:
        expect = expect.cast(got.dtype)
    tol = 10 ** -(c.round if c.round is not None else 6) / 2 + 1e-9
    diff = (got.cast(pl.Float64) - expect.cast(pl.Float64)).abs()
    return ((diff > tol).fill_null(False) | (got.is_null() != expect.is_null())).to_numpy().astype(bool)


def self_ref_cycles(df: pl.DataFrame, key: str, ref: str) -> int:
    """Rows that sit on a cycle of self-references."""
    keys = df.get_column(key).to_list()
    pos = {k: i for i, k in enumerate(keys)}
    parent = [pos.get(v, -1) if v is not None else -1 for v in df.get_column(ref).to_list()]
    state = [0] * len(parent)  # 0 new, 1 on stack, 2 done
    bad = 0
    for start in range(len(parent)):
        path = []
        i = start
        while i >= 0 and state[i] == 0:
            state[i] = 1
            path.append(i)
            i = parent[i]
        if i >= 0 and state[i] == 1:
            bad += len(path) - path.index(i)
        for j in path:
            state[j] = 2
    return bad


# ---------------------------------------------------------------- what the spec declares, re-checked

RATE_SIGMAS = (
    4.0  # a scenario's share of rows may differ from its rate by this many binomial standard deviations (+1 row)
)


def scenario_rows(plan: Plan, tname: str, df: pl.DataFrame) -> dict[str, NDArray[np.bool_] | None]:
    """Per scenario of the table: its rows, told by its labels (None: it has no label that tells them apart)."""
    out: dict[str, NDArray[np.bool_] | None] = {}
    tp = plan.tables[tname]
    for sc in plan.spec.scenarios:
        if sc.table != tname:
            continue
        mask: NDArray[np.bool_] | None = None
        for label, value in sc.labels.items():
            if label not in df.columns or (label in tp.label_columns and value in (0, False, None)):
                continue
            col = df.get_column(label)
            try:
                hit = (
                    (col == pl.Series([value]).cast(col.dtype, strict=False)[0])
                    .fill_null(False)
                    .to_numpy()
                    .astype(bool)
                )
            except Exception:
                hit = (col.cast(pl.String) == str(value)).fill_null(False).to_numpy().astype(bool)
            mask = hit if mask is None else mask & hit
        out[sc.name] = mask
    return out


def deterministic(spec: Any) -> bool:
    if isinstance(spec, (m.ExpressionColumn, m.LookupColumn, m.ConstantColumn)):
        return True
    if isinstance(spec, m.CaseColumn):
        return all(
            not isinstance(t, m.BaseModel) or deterministic(t) for t in [b.then for b in spec.cases] + [spec.default]
        )
    return False


def column_reads(spec: Any) -> list[str]:
    return column_deps(spec)


def _expected(spec: Any, view: pl.DataFrame, column: str) -> tuple[pl.Series, NDArray[np.bool_]]:
    """Recomputed values of a derived column and the rows they apply to (case rows taking a random branch: not)."""
    n = view.height
    rows = np.arange(n, dtype=np.int64)

    def ctx_for(frame: pl.DataFrame) -> Any:
        return ColumnCtx(
            "",
            column,
            np.arange(frame.height, dtype=np.int64),
            root_stream(0),
            frame,
            lambda ref: frame.get_column(ref),
            lambda g: root_stream(0),
            "en_US",
            lambda c: rows,
        )

    if not isinstance(spec, m.CaseColumn):
        return generate_column(spec, ctx_for(view)), np.ones(n, dtype=bool)
    decided = np.zeros(n, dtype=bool)
    checked = np.zeros(n, dtype=bool)
    result: pl.Series | None = None
    branches = [(b.when, b.then) for b in spec.cases] + [(None, spec.default)]
    for when, then in branches:
        if when is None:
            mask = ~decided
        else:
            mask = (
                view.select(expression_for(when, view.schema).fill_null(False)).to_series().to_numpy().astype(bool)
                & ~decided
            )
        decided |= mask
        if isinstance(then, m.BaseModel):
            if not deterministic(then):
                continue
            vals = _expected(then, view, column)[0]
        else:
            vals = pl.Series([then] * n, strict=False) if n else pl.Series([], dtype=pl.Null)
        checked |= mask
        result = (
            vals
            if result is None
            else pl.select(pl.when(pl.lit(pl.Series(mask))).then(pl.lit(vals)).otherwise(pl.lit(result))).to_series()
        )
    if result is None:
        result = pl.Series([None] * n)
    return result, checked


def differs(got: pl.Series, want: pl.Series) -> NDArray[np.bool_]:
    if got.dtype.is_numeric() and (want.dtype.is_numeric() or want.dtype == pl.Null):
        g, w = got.cast(pl.Float64), want.cast(pl.Float64)
        tol = (w.abs() * 1e-9 + 1e-6).fill_null(0)
        bad = ((g - w).abs() > tol).fill_null(False) | (g.is_null() != w.is_null())
        return bad.to_numpy().astype(bool)
    if want.dtype == pl.String and got.dtype == pl.Date:
        want = want.str.to_date(strict=False)
    elif want.dtype == pl.String and isinstance(got.dtype, pl.Datetime):
        want = want.str.to_datetime(strict=False).cast(got.dtype)
    if got.dtype != want.dtype:
        try:
            want = want.cast(got.dtype)
        except Exception:
            got, want = got.cast(pl.String), want.cast(pl.String)
    return (got.ne_missing(want)).fill_null(True).to_numpy().astype(bool)


def _range_bad(spec: Any, s: pl.Series) -> NDArray[np.bool_] | None:
    """Rows whose value cannot come from ``spec`` (None: the generator declares no range to check)."""
    nn = s.is_not_null()
    try:
        if isinstance(spec, m.NumberColumn):
            # money draws from its own distribution (uniform between low and high, lognormal...)
            kind = spec.as_distribution().distribution if spec.generator == "money" else spec.generator
            lo = spec.min if spec.min is not None else (spec.low if kind in ("uniform", "integer") else None)
            hi = spec.max if spec.max is not None else (spec.high if kind in ("uniform", "integer") else None)
            if kind in ("lognormal", "exponential", "poisson", "negative_binomial") and lo is None:
                lo = 0
            if lo is None and hi is None:
                return None
            x = s.cast(pl.Float64)
            eps = 10 ** -(spec.round if spec.round is not None else 9)
            bad = pl.Series(np.zeros(len(s), dtype=bool))
            if lo is not None:
                bad = bad | (x < float(lo) - eps).fill_null(False)
            if hi is not None:
                bad = bad | (x > float(hi) + eps).fill_null(False)
            return bad.to_numpy().astype(bool)
        if isinstance(spec, m.CategoricalColumn):
            return (nn & ~is_listed(s, spec.values)).fill_null(False).to_numpy().astype(bool)
        if isinstance(spec, m.PatternColumn):
            shape = _pattern_regex(spec.pattern)
            off: NDArray[np.bool_] = (
                (nn & ~s.cast(pl.String).str.contains(shape)).fill_null(False).to_numpy().astype(bool)
            )
            if spec.check is not None:  # the check character recomputed from the digits before it
                from simulacra.spec.pattern import check_characters

                text = s.cast(pl.String).to_list()
                wrong = [
                    v is not None and v != w for v, w in zip(text, check_characters(text, spec.check), strict=True)
                ]
                off = off | np.asarray(wrong, dtype=bool)
            if spec.check_digit is not None:  # the scheme's check digits recomputed from the other characters
                from simulacra.spec.check_digits import parse_scheme

                scheme = parse_scheme(spec.check_digit)
                fails = [v is not None and not scheme.passes(v) for v in s.cast(pl.String).to_list()]
                off = off | np.asarray(fails, dtype=bool)
            return off
        if isinstance(spec, m.ConstantColumn):
            if spec.value is None:
                return nn.to_numpy().astype(bool)
            want = pl.Series([spec.value] * len(s), strict=False)
            return (nn & pl.Series(differs(s, want))).to_numpy().astype(bool)
        if isinstance(spec, m.DateColumn) and spec.start is not None and spec.end is not None and spec.after is None:
            us = _epoch_us(s)
            lo_us = int(parse_time(spec.start).astype(np.int64))
            hi_us = int(parse_time(spec.end, end=True).astype(np.int64))
            return ((us < lo_us) | (us >= hi_us)).fill_null(False).to_numpy().astype(bool)
    except Exception:
        return None
    return None


def _pattern_regex(pattern: str) -> str:
    """An anchored regular expression (Rust/polars syntax) every value of the pattern matches."""
    import re

    from simulacra.spec.pattern import ALPHABETS, parse_pattern

    out = []
    for kind, arg in parse_pattern(pattern):
        if kind == "lit":
            out.append(re.escape(arg))
        elif kind == "seq":
            width, zero = arg
            out.append(rf"[0-9]{{{width},}}" if width and zero else (r" *[0-9]+" if width else r"[0-9]+"))
        else:
            chars = arg if kind == "set" else ALPHABETS[kind]
            out.append("[" + "".join("\\" + c if c in "\\]^-[" else c for c in chars) + "]")
    return "^" + "".join(out) + "$"


def _written_findings(plan: Plan, frames: Mapping[str, pl.DataFrame]) -> list[Finding]:
    """Per column with a written form that a dataset holds as text (or digits): the values not in that form
    (``$12.50`` where the form says ``12,50 EUR``), with the first such row."""
    from simulacra.sources._written import read_written

    out: list[Finding] = []
    for tname, tp in plan.tables.items():
        frame = frames.get(tname)
        if frame is None:
            continue
        for col, spec in tp.spec.columns.items():
            form = getattr(spec, "written", None)
            dtype = frame.schema.get(col)
            if form is None or not (dtype == pl.String or (dtype and dtype.is_integer())):
                continue
            values = frame.get_column(col)
            bad = (values.is_not_null() & read_written(values, form).is_null()).arg_true()
            first = int(bad[0]) if bad.len() else None
            out.append(Finding(tname, f"values written in the form {form!r}", bad.len(), frame.height, first, col))
    return out


def iso_dates(plan: Plan, frames: Mapping[str, pl.DataFrame]) -> Mapping[str, pl.DataFrame]:
    """The spec's date columns a dataset holds as text in another format (``01-Jan-1995``, ``31/01/2024``,
    ``20210304``) or as digits (``20210304`` as an integer): a source's own form, which learned samples keep,
    rewritten as ISO text, so comparisons and the
    date checks read them as dates (``birth_date <= registered`` compared the texts, and ``after`` could
    not parse them). ISO text, and columns no single format parses, are left as they are."""
    out: dict[str, pl.DataFrame] | None = None
    read_as: dict[tuple[str, str], tuple[str, str]] = {}  # each column rewritten: the format read, the ISO form
    for tname, tp in plan.tables.items():
        frame = frames.get(tname)
        if frame is None:
            continue
        for col, spec in tp.spec.columns.items():
            dtype = frame.schema.get(col)
            written = getattr(spec, "written", None)
            if written is not None and (dtype == pl.String or (dtype and dtype.is_integer())):
                # the column's own written form ($1,234.50, 01-Jan-1995) says how to read it: amounts as numbers,
                # dates as ISO text; a value not in the form is null, and the checks name its row
                from simulacra.sources._written import read_written

                read = read_written(frame.get_column(col), written)
                if isinstance(spec, m.DateColumn):
                    read = read.dt.strftime("%Y-%m-%d" if spec.generator == "date" else "%Y-%m-%d %H:%M:%S")
                out = dict(frames) if out is None else out
                frame = out[tname] = frame.with_columns(read.alias(col))
                if isinstance(spec, m.DateColumn):
                    read_as[(tname, col)] = (written, "%Y-%m-%d" if spec.generator == "date" else "%Y-%m-%d %H:%M:%S")
                continue
            if not isinstance(spec, m.DateColumn) or not (dtype == pl.String or (dtype and dtype.is_integer())):
                continue
            written = frame.get_column(col).cast(pl.String).str.strip_chars()
            text = written.drop_nulls()
            # ISO text is read as it is, but for a zone offset after it (+01:00): read as an instant it would move
            # by the offset, where the spec's range is the wall-clock time the source wrote
            iso_text = bool(text.str.contains(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}").all())
            if not text.len() or (
                iso_text and not bool(text.str.contains(r"[T ][0-9:.]+[+-][0-9]{2}:?[0-9]{2}$").any())
            ):
                continue
            # integers a date column holds are dates written as digits (20210304, Berka's 930105)
            compact = dtype != pl.String or ymd_dates(text.unique(maintain_order=True))
            found: tuple[str, str, float] | None
            if getattr(spec, "grain", None) == "month" and date_code(text) == MONTH_CODE:
                found = (MONTH_CODE, "date", 1.0)  # months written as codes (202304): no format date_format tries
            else:
                found = date_format(text, allow_compact=compact)
            if found is None:
                continue
            iso_form = "%Y-%m-%d" if found[1] == "date" else "%Y-%m-%d %H:%M:%S"
            iso = parse_datetime(written, found[0]).dt.strftime(iso_form)
            out = dict(frames) if out is None else out
            frame = out[tname] = frame.with_columns(iso.alias(col))
            read_as[(tname, col)] = (found[0], iso_form)
    return frames if out is None else _references_alike(plan, out, read_as)


def _references_alike(
    plan: Plan, frames: dict[str, pl.DataFrame], read_as: Mapping[tuple[str, str], tuple[str, str]]
) -> dict[str, pl.DataFrame]:
    """``frames`` with each foreign key whose parent key ``iso_dates`` rewrote (a date dimension keyed 20210304)
    read in the key's format too, so the reference check compares dates with dates (an integer key against its
    ISO text stopped ``validate``)."""
    for tname, tp in plan.tables.items():
        frame = frames.get(tname)
        for link in tp.links.values():
            key = read_as.get((link.table, link.key))
            if frame is None or key is None or (tname, link.column) in read_as or link.column not in frame.columns:
                continue
            values = frame.get_column(link.column)
            # a reference no date of the key's format keeps its text: no key matches it, and the check names it
            iso = pl.coalesce(parse_datetime(values, key[0]).dt.strftime(key[1]), values.cast(pl.String))
            frame = frames[tname] = frame.with_columns(iso.alias(link.column))
    return frames


def _epoch_us(s: pl.Series) -> pl.Series:
    """Microseconds since 1970 of a date or date/time column, also when a database kept it as text
    (SQLite has no date type: ``2024-01-31 12:00:00`` or ``2024-01-31T12:00:00``); text that does not
    parse is null."""
    if s.dtype == pl.String:
        s = s.str.to_datetime(strict=False, time_unit="us")
    return s.cast(pl.Datetime("us")).dt.epoch("us")


def _after_bad(
    plan: Plan, frames: Mapping[str, pl.DataFrame], tname: str, spec: m.DateColumn, got: pl.Series
) -> NDArray[np.bool_]:
    """Rows dated before the column they come after (after several: the latest of them) or the start, or past
    the window's end (the offset's own min/max also bound it)."""
    refs = spec.after_refs()
    view = with_parent_refs(plan, tname, frames, refs)
    base = pl.select(pl.max_horizontal([pl.lit(_epoch_us(view.get_column(r))) for r in refs])).to_series()
    if spec.grain == "month":  # a month (2023-04) comes after a date in it (2023-04-15): compared as months
        base = base.cast(pl.Datetime("us")).dt.truncate("1mo").dt.epoch("us")
    at = _epoch_us(got)
    day = 86_400_000_000 if spec.generator == "date" else 1_000_000  # dates and whole seconds are truncated
    bad = (at < base - day).fill_null(False)
    if spec.start is not None:  # a floor under the date it comes after
        bad = bad | (at < int(parse_time(spec.start, end=False).astype(np.int64))).fill_null(False)
    if spec.end is not None:
        bad = bad | (at >= int(parse_time(spec.end, end=True).astype(np.int64))).fill_null(False)
    return bad.to_numpy().astype(bool)


def declared_findings(plan: Plan, frames: Mapping[str, pl.DataFrame]) -> list[Finding]:
    """Checks of what the spec declares beyond keys and constraints (see the module docstring)."""
    out: list[Finding] = []
    for tname, tp in plan.tables.items():
        df = frames.get(tname)
        if df is None or any(c not in df.columns for c in list(tp.spec.columns) + list(tp.label_columns)):
            continue
        scen_rows = scenario_rows(plan, tname, df)
        out += declared_row_findings(plan, frames, tname, scen_rows)
        for cname in running_sum_columns(plan, tname):
            spec = tp.spec.columns[cname]
            assert isinstance(spec, m.RunningSumColumn)
            view = with_parent_refs(plan, tname, frames, running_sum_reads(spec)) if running_sum_reads(spec) else df
            out.append(_running_sum_finding(plan, view, tname, cname, spec))
        out += _count_findings(plan, frames, tname)
        out += _scenario_findings(plan, frames, tname, scen_rows)
    return out


def running_sum_reads(spec: m.RunningSumColumn) -> list[str]:
    """The parents' columns a running sum's change or start reads (``meters.initial_read``)."""
    names = root_names(spec.of) + (root_names(spec.start) if isinstance(spec.start, str) else [])
    return sorted({n for n in names if "." in n})


def running_sum_columns(plan: Plan, tname: str) -> list[str]:
    """Running sums re-checked per parent row (not where a scenario overrides the column)."""
    tp = plan.tables[tname]
    if tp.primary_link is None:
        return []
    overridden = {c for sc in plan.spec.scenarios if sc.table == tname for c in sc.columns}
    return [
        c
        for c in tp.column_order
        if isinstance(tp.spec.columns[c], m.RunningSumColumn) and c not in overridden and c not in tp.sequence_columns
    ]


def withheld_columns(plan: Plan, tname: str) -> list[str]:
    """A table's columns whose draft withheld rare values (``withheld``, in its spec or a scenario's)."""
    specs = [(c, s) for c, s in plan.tables[tname].spec.columns.items()]
    specs += [(c, s) for sc in plan.spec.scenarios if sc.table == tname for c, s in sc.columns.items()]
    return sorted({c for c, s in specs if isinstance(s, (m.CategoricalColumn, m.PatternColumn)) and s.withheld})


def declared_row_findings(
    plan: Plan,
    frames: Mapping[str, pl.DataFrame],
    tname: str,
    scen_rows: Mapping[str, NDArray[np.bool_] | None],
    *,
    outside: dict[tuple[str, str], OutsideTally] | None = None,
    counting: bool = False,
) -> list[Finding]:
    """The row-by-row part of :func:`declared_findings` for one table: derived columns recomputed, dates after
    their column, values within their generator's range (each row judged on its own and its parents' values).

    A table checked a chunk at a time judges the rows a draft withheld over the whole table: a first pass over its
    chunks (``counting``: only the :func:`withheld_columns`, no findings) counts their values outside the list in
    ``outside``, keyed by column and scenario; the second reads each column's verdict there."""
    out: list[Finding] = []
    tp = plan.tables[tname]
    df = frames[tname]
    n = df.height
    scenarios = [sc for sc in plan.spec.scenarios if sc.table == tname]
    counted = withheld_columns(plan, tname) if counting else None
    for cname in tp.column_order:
        if counted is not None and cname not in counted:
            continue
        if cname in tp.sequence_columns:
            continue  # position and lag columns are recomputed by the feature checks
        spec = tp.spec.columns[cname]
        overrides = [(sc, sc.columns[cname]) for sc in scenarios if cname in sc.columns]
        if any(scen_rows[sc.name] is None for sc, _ in overrides):
            continue  # rows of an unlabelled scenario cannot be told apart: not checked
        base_rows = np.ones(n, dtype=bool)
        for sc, _ in overrides:
            base_rows &= ~scen_rows[sc.name]  # type: ignore[operator]
        variants = [(spec, base_rows, "")] + [
            (o, scen_rows[sc.name], f" in scenario '{sc.name}'") for sc, o in overrides
        ]
        got = df.get_column(cname)
        for vspec, rows_mask, where in variants:
            if not rows_mask.any():  # type: ignore[union-attr]
                continue
            if deterministic(vspec):
                try:
                    view = with_parent_refs(plan, tname, frames, column_reads(vspec))
                    view = _dates_typed(plan, tname, view, column_reads(vspec))
                    want, applies = _expected(vspec, view, cname)
                    if len(want) != n:
                        want = want.new_from_index(0, n) if len(want) else want
                    bad = differs(got, want) & applies & rows_mask  # type: ignore[operator]
                except Exception as exc:
                    out.append(
                        Finding(
                            tname,
                            f"'{cname}' = {vspec.generator}{where} could not be recomputed: {exc}",
                            n,
                            n,
                            column=cname,
                        )
                    )
                    continue
                if vspec.null_rate > 0:
                    bad &= got.is_not_null().to_numpy()
                out.append(
                    Finding(
                        tname,
                        f"'{cname}' = its {vspec.generator}{where}, recomputed",
                        int(bad.sum()),
                        n,
                        first_bad(bad),
                        column=cname,
                    )
                )
            elif isinstance(vspec, m.DateColumn) and vspec.after is not None:
                bad = _after_bad(plan, frames, tname, vspec, got) & rows_mask  # type: ignore[operator]
                out.append(
                    Finding(
                        tname,
                        f"'{cname}' after {' and '.join(repr(a) for a in vspec.after_refs())}"
                        + (f" and before {vspec.end}" if vspec.end else "")
                        + where,
                        int(bad.sum()),
                        n,
                        first_bad(bad),
                        column=cname,
                    )
                )
            else:
                rb = _range_bad(vspec, got)
                if rb is not None:
                    bad = rb & rows_mask  # type: ignore[operator]
                    held = np.zeros(n, dtype=bool)
                    withheld = vspec.withheld if isinstance(vspec, (m.CategoricalColumn, m.PatternColumn)) else None
                    if withheld and counting and outside is not None:
                        outside.setdefault((cname, where), OutsideTally(withheld)).add(got, bad)
                    elif withheld:
                        # the source's own rare values, which its draft left out and counted: reported as such
                        whole = None if outside is None else outside.get((cname, where))
                        held = withheld_rows(got, bad, withheld, whole)
                        bad = bad & ~held
                    out.append(
                        Finding(
                            tname,
                            (
                                f"'{cname}' has its pattern's shape"
                                + (f" and {vspec.check_digit} check digits" if vspec.check_digit else "")
                                + where
                                if isinstance(vspec, m.PatternColumn)
                                else f"'{cname}' within its {vspec.generator} range{where}"
                            ),
                            int(bad.sum()),
                            n,
                            first_bad(bad),
                            column=cname,
                        )
                    )
                    if held.any():
                        out.append(
                            Finding(
                                tname,
                                # no count of rows in the name: a chunked check adds its chunks' findings by name
                                f"'{cname}' rows outside its values hold values the draft withheld (each in fewer "
                                f"than {MIN_COUNT} rows, at most {withheld} rows, not listed){where}",
                                0,
                                n,
                                first_bad(held),
                                column=cname,
                            )
                        )
    return out


def _running_sum_finding(plan: Plan, df: pl.DataFrame, tname: str, cname: str, spec: m.RunningSumColumn) -> Finding:
    lk = plan.tables[tname].primary_link
    assert lk is not None
    n = df.height
    try:
        group = df.select(pl.col(lk.column).rank("dense").fill_null(0).cast(pl.Int64)).to_series().to_numpy()
        want = running_sum(spec, df, group)
        bad = differs(df.get_column(cname), want)
    except Exception as exc:
        return Finding(tname, f"running sum '{cname}' could not be recomputed: {exc}", n, n, column=cname)
    return Finding(
        tname, f"running sum '{cname}' recomputed per {lk.table} row", int(bad.sum()), n, first_bad(bad), column=cname
    )


def _allowed_counts(d: m.Distribution) -> set[int] | None:
    if d.distribution == "fixed":
        vals = {float(d.value)}  # type: ignore[arg-type]
    elif d.distribution == "categorical":
        vals = {float(v) for v, w in zip(d.values or [], d.weights or [1.0] * len(d.values or [])) if w > 0}
    else:
        return None
    return {max(int(np.floor(v)), 0) for v in vals}


@dataclass(frozen=True)
class CountRule:
    """How many children each parent row may have, where the spec fixes it (see :func:`count_rule`)."""

    link: Any
    rows: m.RowsPerParent
    allowed_default: set[int] | None
    per_value: dict[str, set[int] | None]

    @property
    def check(self) -> str:
        return (
            f"children per {self.link.table} row as declared ({self.rows.count.distribution}"  # type: ignore[union-attr]
            + (f", by {self.rows.by}" if self.rows.by else "")
            + (", within its min..max for rows.total" if self.rows.total is not None else "")
            + ")"
        )

    def bad(self, got: NDArray[np.int64], by: Sequence[Any]) -> NDArray[np.bool_]:
        """Parent rows whose child count ``got`` the rule does not allow (``by``: their 'by' values as text)."""
        out = np.zeros(len(got), dtype=bool)
        for i in range(len(got)):
            value = by[i]
            allowed = self.per_value.get(value, self.allowed_default) if value is not None else self.allowed_default
            if allowed is None:
                continue
            out[i] = not (int(got[i]) in allowed or (self.rows.zero_rate > 0 and got[i] == 0))
        return out


#: the widest reach of a count with ``rows.total`` whose counts ``validate`` checks one by one
_MAX_REACH_CHECKED = 100_000


def _reach_counts(d: m.Distribution) -> set[int] | None:
    """Every count from ``d``'s least to its largest (what a total spreads over), None past the widest checked."""
    lo, hi = count_reach(d)
    return set(range(lo, hi + 1)) if hi - lo <= _MAX_REACH_CHECKED else None


def count_rule(plan: Plan, tname: str) -> CountRule | None:
    """The table's fixed children-per-parent rule (fixed, categorical; 0 allowed with zero_rate), if any."""
    tp = plan.tables[tname]
    rows = tp.spec.rows
    lk = tp.primary_link
    if not isinstance(rows, m.RowsPerParent) or lk is None or rows.count is None:
        return None  # (a process decides its own counts: checked by the feature checks)
    if rows.equals is not None:
        return None  # the parent's numbers decide (a feature check: ``_feature_checks``)
    if any(isinstance(s, ForeignKeyColumn) and s.distinct for s in tp.spec.columns.values()):
        return None  # counts are capped by the other parent's rows
    allowed = _allowed_counts
    if rows.total is not None:  # a total spreads the counts over each count's reach, not only its values
        allowed = _reach_counts
    allowed_default = allowed(rows.count)
    per_value: dict[str, set[int] | None] = {str(k): allowed(d) for k, d in rows.counts.items()}
    if rows.by is not None and rows.counts and any(v is None for v in per_value.values()):
        return None
    if allowed_default is None and not rows.counts:
        return None
    return CountRule(lk, rows, allowed_default, per_value)


def _count_findings(plan: Plan, frames: Mapping[str, pl.DataFrame], tname: str) -> list[Finding]:
    """Children per parent row where the spec fixes the count."""
    rule = count_rule(plan, tname)
    if rule is None or rule.link.table not in frames:
        return []
    lk, rows = rule.link, rule.rows
    parent = frames[lk.table]
    n = parent.height
    counts = frames[tname].group_by(lk.column).agg(pl.len().alias("__n"))
    got = (
        parent.select(pl.col(lk.key))
        .join(counts, left_on=lk.key, right_on=lk.column, how="left", maintain_order="left")
        .get_column("__n")
        .fill_null(0)
        .to_numpy()
    )
    by = (
        parent.get_column(rows.by).cast(pl.String).to_list()
        if rows.by is not None and rows.by in parent.columns
        else [None] * n
    )
    bad = rule.bad(got, by)
    return [Finding(lk.table, f"'{tname}' {rule.check}", int(bad.sum()), n, first_bad(bad))]


@dataclass
class ScenarioTally:
    """One scenario's rows counted over a table (or over its chunks, added up)."""

    name: str
    where: str | None
    rate: float
    labelled: int = 0  # its labelled rows among the eligible ones
    eligible: int = 0  # rows it could have taken
    where_bad: int = 0  # labelled rows that do not meet its 'where'
    first_where_bad: int | None = None
    error: str | None = None  # its 'where' could not be evaluated


def scenario_tallies(
    plan: Plan, frames: Mapping[str, pl.DataFrame], tname: str, scen_rows: Mapping[str, NDArray[np.bool_] | None]
) -> list[ScenarioTally]:
    """Per rate scenario of the table: its labelled rows, the rows eligible, the labelled rows off its 'where'."""
    out: list[ScenarioTally] = []
    df = frames[tname]
    taken = np.zeros(df.height, dtype=bool)
    scenarios = [sc for sc in plan.spec.scenarios if sc.table == tname]
    # exact scenarios (count/share) take their rows first, then conditional ones
    for sc in sorted(scenarios, key=lambda s: (not s.exact, s.where is None)):
        mask = scen_rows.get(sc.name)
        if mask is None:
            continue
        if sc.exact:  # an exact count or share is checked by the feature checks, not against a rate
            taken |= mask
            continue
        t = ScenarioTally(sc.name, sc.where, sc.rate)
        out.append(t)
        eligible = ~taken
        if sc.where is not None:
            try:
                view = with_parent_refs(plan, tname, frames, root_names(sc.where))
                match = (
                    view.select(expression_for(sc.where, view.schema).fill_null(False))
                    .to_series()
                    .to_numpy()
                    .astype(bool)
                )
            except Exception as exc:
                t.error = str(exc)
                continue
            bad = mask & ~match
            t.where_bad, t.first_where_bad = int(bad.sum()), first_bad(bad)
            eligible = eligible & match
        t.labelled = int((mask & eligible).sum())
        t.eligible = int(eligible.sum())
        taken |= mask
    return out


def add_tallies(into: list[ScenarioTally], more: list[ScenarioTally], offset: int) -> None:
    """Add a later chunk's tallies (``offset``: its first row) to ``into`` (same scenarios, same order)."""
    for t, u in zip(into, more, strict=True):
        t.labelled += u.labelled
        t.eligible += u.eligible
        if u.first_where_bad is not None and t.first_where_bad is None:
            t.first_where_bad = u.first_where_bad + offset
        t.where_bad += u.where_bad
        t.error = t.error or u.error


def scenario_verdicts(tname: str, n: int, tallies: list[ScenarioTally]) -> list[Finding]:
    """Labelled rows meet their scenario's 'where'; each scenario's share is within RATE_SIGMAS of its rate."""
    out: list[Finding] = []
    for t in tallies:
        if t.error is not None:
            out.append(Finding(tname, f"scenario '{t.name}': 'where' could not be checked: {t.error}", n, n))
            continue
        if t.where is not None:
            out.append(
                Finding(
                    tname, f"scenario '{t.name}' rows meet its where ({t.where})", t.where_bad, n, t.first_where_bad
                )
            )
        k, m_rows = t.labelled, t.eligible
        expect = t.rate * m_rows
        tol = RATE_SIGMAS * float(np.sqrt(m_rows * t.rate * (1 - t.rate))) + 1
        off = abs(k - expect) > tol
        out.append(
            Finding(
                tname,
                f"scenario '{t.name}' share {k}/{m_rows} within {RATE_SIGMAS:g} sd of rate {t.rate:g} "
                f"(expected {expect:.0f} ± {tol:.0f})",
                int(off),
                1,
            )
        )
    return out


def _scenario_findings(
    plan: Plan, frames: Mapping[str, pl.DataFrame], tname: str, scen_rows: Mapping[str, NDArray[np.bool_] | None]
) -> list[Finding]:
    """Labelled rows meet their scenario's 'where'; each scenario's share is within RATE_SIGMAS of its rate."""
    return scenario_verdicts(tname, frames[tname].height, scenario_tallies(plan, frames, tname, scen_rows))
