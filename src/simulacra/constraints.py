"""Constraints: ``check(frame) -> bool mask`` of the rows that satisfy them.

Used twice: during generation (failing rows are regenerated, a bounded number of
times) and by ``validate``, which checks any dataset, however it was made,
against a spec — keys, foreign keys, uniqueness and every declared constraint.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra.errors import Location, Problem
from simulacra.spec.model import AggregateColumn, ConstraintSpec, DatasetSpec, ForeignKeyColumn
from simulacra.spec.plan import Plan
from simulacra.spec.refs import expression, root_names

__all__ = ["Finding", "RowConstraint", "check_dataset", "row_constraints"]


@dataclass(frozen=True)
class RowConstraint:
    """A constraint that each row can be checked against on its own."""

    spec: ConstraintSpec
    index: int  # position in the spec's constraint list

    def names(self) -> list[str]:
        if self.spec.check is not None:
            return root_names(self.spec.check)
        return [self.spec.column] if self.spec.column else []

    def describe(self) -> str:
        return self.spec.describe()

    def check(self, frame: pl.DataFrame) -> NDArray[np.bool_]:
        """True for rows that satisfy the constraint (nulls satisfy all but not_null)."""
        c = self.spec
        if c.check is not None:
            s = frame.select(expression(c.check)).to_series()
            return s.fill_null(True).to_numpy().astype(bool)
        col = frame.get_column(c.column)  # type: ignore[arg-type]
        ok = pl.Series(np.ones(len(col), dtype=bool))
        if c.not_null:
            ok = ok & col.is_not_null()
        if c.min is not None:
            ok = ok & (col >= _bound(c.min, col.dtype)).fill_null(True)
        if c.max is not None:
            ok = ok & (col <= _bound(c.max, col.dtype)).fill_null(True)
        if c.regex is not None:
            ok = ok & col.cast(pl.String).str.contains(_anchored(c.regex)).fill_null(True)
        return ok.to_numpy().astype(bool)


def _anchored(rx: str) -> str:
    """A regex constraint matches the whole value (anchors already present are harmless)."""
    return "^(?:" + rx + ")$"


def _bound(value: Any, dtype: pl.DataType) -> Any:
    """A min/max written as ISO text compares as a date or date-time on such columns."""
    if isinstance(value, str) and dtype == pl.Date:
        return dt.date.fromisoformat(value)
    if isinstance(value, str) and isinstance(dtype, pl.Datetime):
        return dt.datetime.fromisoformat(value)
    return value


def row_constraints(spec: DatasetSpec, table: str) -> list[RowConstraint]:
    return [RowConstraint(c, i) for i, c in enumerate(spec.constraints) if c.table == table and c.unique is None]


@dataclass(frozen=True)
class Finding:
    """The result of one check on one table."""

    table: str
    check: str
    failed: int
    total: int
    first_row: int | None = None
    column: str | None = None

    @property
    def ok(self) -> bool:
        return self.failed == 0

    def problem(self, file: str | None = None) -> Problem:
        rate = self.failed / self.total if self.total else 0.0
        where = f" (first at row {self.first_row})" if self.first_row is not None else ""
        return Problem(Location(file=file, table=self.table, column=self.column),
                       f"{self.check}: {self.failed} of {self.total} rows fail ({rate:.2%}){where}")


def _first(mask_bad: NDArray[np.bool_]) -> int | None:
    idx = np.flatnonzero(mask_bad)
    return int(idx[0]) if len(idx) else None


def _feature_findings(plan: Plan, frames: Mapping[str, pl.DataFrame]) -> list[Finding]:
    """Checks of the spec features of issue 11 (static tables, exact scenarios, chosen parents, processes...)."""
    from simulacra._feature_checks import feature_findings

    return feature_findings(plan, frames, _with_parent_refs)


def _shared_columns(plan: Plan, table: str) -> set[str]:
    """Unique columns a scenario shares: their uniqueness is checked with the exception by _feature_checks."""
    from simulacra._feature_checks import shared_columns

    return shared_columns(plan, table)


def _with_parent_refs(plan: Plan, table: str, frames: Mapping[str, pl.DataFrame], names: list[str]) -> pl.DataFrame:
    """The table's frame plus dotted parent references, resolved by joining on keys."""
    frame = frames[table]
    tp = plan.tables[table]
    for ref in sorted({n for n in names if "." in n}):
        parts = ref.split(".")
        vals = frame.select(pl.col(tp.aliases[parts[0]]).alias("__k"))
        cur_t = table
        for i, alias in enumerate(parts[:-1]):
            ctp = plan.tables[cur_t]
            lk = ctp.links[ctp.aliases[alias]]
            last = i == len(parts) - 2
            want = parts[-1] if last else plan.tables[lk.table].aliases[parts[i + 1]]
            right = frames[lk.table].select(pl.col(lk.key).alias("__k"), pl.col(want).alias("__v")).unique("__k", keep="first")
            vals = vals.join(right, on="__k", how="left", maintain_order="left").select(pl.col("__v").alias("__k"))
            cur_t = lk.table
        frame = frame.with_columns(vals.get_column("__k").alias(ref))
    return frame


def check_dataset(plan: Plan, frames: Mapping[str, pl.DataFrame]) -> list[Finding]:
    """Every check of a spec against a dataset: tables, columns, keys, FKs, uniqueness, constraints."""
    spec = plan.spec
    out: list[Finding] = _feature_findings(plan, frames)
    for tname, tp in plan.tables.items():
        if tname not in frames:
            out.append(Finding(tname, "table is missing", 1, 1))
            continue
        df = frames[tname]
        missing = [c for c in list(tp.spec.columns) + list(tp.label_columns) if c not in df.columns]
        for c in missing:
            out.append(Finding(tname, f"column '{c}' is missing", 1, 1, column=c))
        if missing:
            continue
        n = df.height
        keys = tp.spec.key_columns
        if keys:
            dup = df.select(pl.struct(list(keys)).is_duplicated()).to_series().to_numpy()
            nul = df.select(pl.any_horizontal([pl.col(k).is_null() for k in keys])).to_series().to_numpy()
            bad = dup | nul
            out.append(Finding(tname, f"primary key ({', '.join(keys)}) unique and not null", int(bad.sum()), n, _first(bad)))
        for cname, c in tp.spec.columns.items():
            if c.unique and cname not in keys and cname not in _shared_columns(plan, tname):
                s = df.get_column(cname)
                bad = (s.is_duplicated() & s.is_not_null()).to_numpy()
                out.append(Finding(tname, f"'{cname}' unique", int(bad.sum()), n, _first(bad), column=cname))
            if isinstance(c, ForeignKeyColumn):
                lk = tp.links[cname]
                parent = frames.get(lk.table)
                if parent is None or lk.key not in parent.columns:
                    continue
                s = df.get_column(cname)
                ok = s.is_in(parent.get_column(lk.key).implode()) | s.is_null()
                bad = (~ok).to_numpy()
                out.append(Finding(tname, f"foreign key {cname} -> {lk.table}.{lk.key}", int(bad.sum()), n, _first(bad), column=cname))
                if lk.self_ref:
                    bad_cycle = _self_ref_cycles(df, keys[0] if keys else lk.key, cname)
                    out.append(Finding(tname, f"self-reference {cname} acyclic", bad_cycle, n, column=cname))
        for ci, c in enumerate(spec.constraints):
            if c.table != tname:
                continue
            if c.unique is not None:
                bad = df.select(pl.struct(c.unique).is_duplicated()).to_series().to_numpy()
                out.append(Finding(tname, c.describe(), int(bad.sum()), n, _first(bad)))
                continue
            rc = RowConstraint(c, ci)
            try:
                view = _with_parent_refs(plan, tname, frames, rc.names())
                ok = rc.check(view)
            except Exception as exc:  # a constraint that cannot run on this data
                out.append(Finding(tname, f"{c.describe()} could not be checked: {exc}", n, n))
                continue
            bad = ~ok
            out.append(Finding(tname, c.describe(), int(bad.sum()), n, _first(bad), column=c.column))
        for cname, c in tp.spec.columns.items():
            if isinstance(c, AggregateColumn):
                out.append(_aggregate_finding(plan, frames, tname, cname, c))
    return out


def _aggregate_finding(plan: Plan, frames: Mapping[str, pl.DataFrame], tname: str, cname: str, c: AggregateColumn) -> Finding:
    child, _, ccol = c.of.partition(".")
    ctp = plan.tables[child]
    lk = ctp.primary_link
    parent = frames[tname]
    n = parent.height
    if lk is None or child not in frames:
        return Finding(tname, f"aggregate {cname} = {c.function}({c.of})", n, n, column=cname)
    kids = frames[child]
    fn = {"sum": pl.sum, "count": pl.len, "mean": pl.mean, "min": pl.min, "max": pl.max}[c.function]
    agg = kids.group_by(lk.column).agg((fn(ccol) if c.function != "count" else pl.len()).alias("__agg"))
    joined = parent.select([pl.col(lk.key), pl.col(cname)]).join(agg, left_on=lk.key, right_on=lk.column, how="left", maintain_order="left")
    default = c.default if c.default is not None else (0 if c.function in ("sum", "count") else None)
    expect = joined.get_column("__agg")
    if default is not None:
        expect = expect.fill_null(default)
    got = joined.get_column(cname)
    tol = 10 ** -(c.round if c.round is not None else 6) / 2 + 1e-9
    diff = (got.cast(pl.Float64) - expect.cast(pl.Float64)).abs()
    bad = ((diff > tol) | (got.is_null() != expect.is_null())).fill_null(True).to_numpy()
    return Finding(tname, f"aggregate {cname} = {c.function}({c.of})", int(bad.sum()), n, _first(bad), column=cname)


def _self_ref_cycles(df: pl.DataFrame, key: str, ref: str) -> int:
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

