"""One child per month of its parent's period (issue 13): a subscription's bills, one for each month from its
start month to its end month (to the data's last month while it is open); a lease's rent invoices, an
employee's payslips, a meter's monthly readings.

Learned as a count per parent, a mobile operator's sampled subscriptions had as many bills as their months in
35% of parents (``benchmarks/learn_heldout_telecom.py``): the count model reads the parent's codes, not its
period, and the bills' months were drawn apart, not onto the parent's months. Drafted as ``rows.months``
(``inspection._parent_months`` finds it), a sampled parent's child count is its sampled period's months
(:func:`months_counts`) and its children's month column holds exactly those months, in order
(:func:`place_months`). One home for ``generate``, ``sample`` and ``validate``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra.spec import model as m

if TYPE_CHECKING:
    from simulacra.spec.plan import TablePlan

__all__ = [
    "month_index",
    "months_counts",
    "months_not_held",
    "months_values",
    "parent_months",
    "parent_months_of",
    "place_months",
    "places",
]

_EPOCH = 1970 * 12  # numpy's months count from 1970-01


def month_index(values: pl.Series) -> NDArray[np.float64]:
    """Each date (or date-time, or ISO text) as its month index, year * 12 + month - 1; NaN where null."""
    s = values
    if s.dtype == pl.String:
        s = s.str.to_date(strict=False)
    elif isinstance(s.dtype, pl.Datetime):
        s = s.dt.date()
    if s.dtype != pl.Date:
        raise TypeError(f"a month needs a date, got {values.dtype} ({values.name})")
    idx = (s.dt.year().cast(pl.Int64) * 12 + s.dt.month().cast(pl.Int64) - 1).cast(pl.Float64)
    return idx.fill_null(float("nan")).to_numpy()


def parent_months(rule: m.MonthsOfParent, parents: pl.DataFrame) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Per parent row: its period's first and last month index (``until``'s month where ``end`` is null);
    NaN first where its start is null."""
    for c in (rule.start, rule.end):
        if c is not None and c not in parents.columns:
            raise ValueError(f"rows.months: the parent has no column {c!r} (it has {', '.join(parents.columns)})")
    first = month_index(parents.get_column(rule.start))
    until = dt.date.fromisoformat(rule.until)
    last = np.full(len(first), float(until.year * 12 + until.month - 1))
    if rule.end is not None:
        end = month_index(parents.get_column(rule.end))
        last = np.where(np.isnan(end), last, end)
    return first, last


def months_counts(rule: m.MonthsOfParent, parents: pl.DataFrame, drawn: NDArray[np.int64]) -> NDArray[np.int64]:
    """Children per parent row: its period's months (none where it ends before it starts); a parent whose start
    is null keeps its ``drawn`` count."""
    first, last = parent_months(rule, parents)
    ok = ~np.isnan(first)
    n = np.maximum(np.where(ok, last - first + 1, 0), 0)
    return np.where(ok, n, drawn).astype(np.int64)


def months_values(values: pl.Series, first: NDArray[np.float64], place: NDArray[np.int64]) -> pl.Series:
    """``values`` (a month column) set to their parent's months: each row's parent's first month (``first``, a
    month index per row) plus its place among its parent's children (``place``, 0 for the first); a row whose
    parent's start is null keeps its value."""
    if not len(first):
        return values
    month = first + place
    ok = ~np.isnan(month)
    idx = np.where(ok, month, _EPOCH).astype(np.int64)
    days = (idx - _EPOCH).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)  # 1st, days since 1970
    new = pl.Series(values.name, days, dtype=pl.Int32).cast(pl.Date)
    placed = pl.select(pl.when(pl.Series(ok)).then(new).otherwise(values.cast(pl.Date, strict=False))).to_series()
    return placed.cast(values.dtype, strict=False).alias(values.name)


def place_months(
    rule: m.MonthsOfParent, frame: pl.DataFrame, first: NDArray[np.float64], place: NDArray[np.int64]
) -> pl.DataFrame:
    """``frame``'s month column (``rule.column``) set by :func:`months_values`."""
    if rule.column not in frame.columns:
        raise ValueError(f"rows.months: the table has no column {rule.column!r}")
    return frame.with_columns(months_values(frame.get_column(rule.column), first, place))


def parent_months_of(tp: TablePlan, column: str) -> m.MonthsOfParent | None:
    """The table's ``rows.months`` where ``column`` is its month column (else None)."""
    rows = tp.spec.rows
    if isinstance(rows, m.RowsPerParent) and rows.months is not None and rows.months.column == column:
        return rows.months
    return None


def places(pidx: NDArray[np.int64]) -> NDArray[np.int64]:
    """Each row's place among its parent's (rows grouped by parent, in order): 0, 1, ..."""
    if not len(pidx):
        return np.zeros(0, np.int64)
    starts = np.r_[0, np.flatnonzero(np.diff(pidx)) + 1]
    head = np.zeros(len(pidx), np.int64)
    head[starts] = starts
    return np.arange(len(pidx)) - np.maximum.accumulate(head)


def months_not_held(
    rule: m.MonthsOfParent, parents: pl.DataFrame, prow: NDArray[np.int64], months: pl.Series
) -> NDArray[np.bool_]:
    """Per parent row (with a start): whether its children (``prow``: each child's parent row, -1 none;
    ``months``: their month column) are not exactly one per month of its period (``validate``)."""
    want = months_counts(rule, parents, np.zeros(parents.height, np.int64))
    first, last = parent_months(rule, parents)
    has = prow >= 0
    got = np.bincount(prow[has], minlength=parents.height)
    cm = month_index(months)[has]
    p = prow[has]
    inside = (cm >= first[p]) & (cm <= last[p])
    stray = np.bincount(p[~inside], minlength=parents.height) > 0  # null, outside, or
    pairs = pl.DataFrame({"p": p, "m": cm}).is_duplicated().to_numpy()
    twice = np.bincount(p[pairs], minlength=parents.height) > 0  # a month twice
    return ~np.isnan(first) & ((got != want) | stray | twice)
