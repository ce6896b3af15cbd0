"""A statement's total over a sibling table's events in its month: a bill's ``amount`` = its plan's fee + the costs
of that month's calls, a card statement's ``total`` = that month's transactions, a payslip's ``gross`` = the
employee's base pay + that month's overtime (issue 13, learn69).

A parent (a subscription, a card, an employee) has two child tables: a statement, one row per parent and month (a
``YYYY-MM`` text or a date), and events, each with a date and an amount. The statement's number is the sum of its
parent's events in its month, plus nothing or a number of the parent's row (its fee, its base pay). ``inspect``
drafts it as a ``tally`` rule (a side summing the events matched on the parent's key and the month; a side adding
the parent's number, matched on its key), which ``sample`` writes from the sampled events and ``validate`` checks.

Drafted where, from the data alone:

* the statement names each (parent, month) once, on at least ``MIN_ROWS`` rows, its number with ``MIN_DISTINCT``
  values;
* the events add something to at least ``MIN_SUMMED`` of the statements (else a constant alone explains it);
* the number equals the sum (plus the parent's number) within the column's rounding on ``MIN_SHARE`` of the rows;
  the plain sum is tried first, then each number of the parent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from simulacra._frames import stat

__all__ = ["PeriodTotal", "find_period_totals"]

MIN_ROWS = 20  # statements needed to tell a rule from a coincidence
MIN_DISTINCT = 3  # distinct values of the statement's number needed
MIN_SUMMED = 0.2  # share of statements with events in their month needed
MIN_SHARE = 0.99  # share of statements equal to the sum within rounding


@dataclass(frozen=True)
class PeriodTotal:
    column: str  # the statement's number
    sides: list[dict[str, object]]  # the tally's sides: the events in the month, then the parent's number if any
    why: str


def _month(s: pl.Series) -> pl.Series | None:
    """A column's month as ``YYYY-MM`` text: a date's, or an ISO text's (``2023-04``, ``2023-04-17``,
    ``2023-04-17 09:30:00``: what the rule's arithmetic, ``constraints._month_of``, reads), else None."""
    if s.dtype.is_temporal() and s.dtype != pl.Time and s.dtype != pl.Duration:
        return s.dt.strftime("%Y-%m")
    if s.dtype == pl.String:
        head = s.drop_nulls()
        if head.len() and bool(head.str.contains(r"^\d{4}-(0[1-9]|1[0-2])(-\d{2}([ T]\d{2}:\d{2}.*)?)?$").all()):
            return s.str.slice(0, 7)
    return None


def find_period_totals(
    statement: pl.DataFrame,
    events: pl.DataFrame,
    key: str,
    fk: str,
    columns: Sequence[str],
    amounts: Sequence[str],
    parent: tuple[str, pl.DataFrame, str, Sequence[str]] | None,
    decimals: Mapping[str, int],
) -> list[PeriodTotal]:
    """The ``statement`` ``columns`` (numbers) equal to the sum of an ``events`` amount (one of ``amounts``) over
    the events whose ``fk`` is the statement's ``key`` and whose date falls in the statement's month (a month
    column of each), plus nothing or a number of the parent row (``parent``: its table name, rows, key and
    numbers; matched on ``key``), within each column's ``decimals`` on ``MIN_SHARE`` of the rows."""
    n = statement.height
    if n < MIN_ROWS or events.height == 0 or not columns or not amounts or statement.get_column(key).null_count():
        return []
    s_months = {c: m for c in statement.columns if c != key and (m := _month(statement.get_column(c))) is not None}
    e_months = {c: m for c in events.columns if c != fk and (m := _month(events.get_column(c))) is not None}
    out: list[PeriodTotal] = []
    left = list(columns)
    for sm, smv in s_months.items():
        pair = pl.DataFrame({"_k": statement.get_column(key), "_m": smv})
        if pair.null_count().sum_horizontal().item() or pair.is_duplicated().any():
            continue  # not one statement per (parent, month)
        for em, emv in e_months.items():
            ev = events.select(pl.col(fk).alias("_k"), *(pl.col(a).cast(pl.Float64) for a in amounts)).with_columns(
                emv.alias("_m")
            )
            grouped = ev.group_by("_k", "_m").agg(*(pl.col(a).sum() for a in amounts), pl.len().alias("_n"))
            if grouped.schema["_k"] != pair.schema["_k"]:
                grouped = grouped.with_columns(pl.col("_k").cast(pair.schema["_k"], strict=False))
            joined = pair.join(grouped, on=["_k", "_m"], how="left", maintain_order="left")
            if stat((joined.get_column("_n").fill_null(0) > 0).mean()) < MIN_SUMMED:
                continue
            for col in list(left):
                found = _match(statement, col, joined, amounts, parent, decimals.get(col, 2))
                if found is None:
                    continue
                amount, plus, share = found
                sides: list[dict[str, object]] = [{"match": {key: fk}, "month": {sm: em}, "sum": amount}]
                said = f"the sum of its {amount} over the rows with its {key} in its {sm}'s month (their {em})"
                if plus is not None:
                    ptable, pkey, pcol = plus
                    sides.append({"of": ptable, "match": {key: pkey}, "sum": pcol})
                    said = f"the {pcol} of its {ptable} row + {said}"
                out.append(PeriodTotal(col, sides, f"a total by month: {col} = {said} in {share:.1%} of {n:,} rows"))
                left.remove(col)
    return out


def _match(
    statement: pl.DataFrame,
    col: str,
    joined: pl.DataFrame,
    amounts: Sequence[str],
    parent: tuple[str, pl.DataFrame, str, Sequence[str]] | None,
    decimals: int,
) -> tuple[str, tuple[str, str, str] | None, float] | None:
    """(the amount summed, the parent's number added or None, the share equal) for the first that holds."""
    y = statement.get_column(col).cast(pl.Float64).to_numpy()
    if np.isnan(y).any() or len(np.unique(y)) < MIN_DISTINCT:
        return None
    tol = 10.0 ** (-decimals) / 2 + 1e-9
    extras: list[tuple[tuple[str, str, str] | None, np.ndarray]] = [(None, np.zeros(len(y)))]
    if parent is not None:
        ptable, prows, pkey, pnums = parent
        at = pl.DataFrame({"_k": joined.get_column("_k")}).join(
            prows.select(pl.col(pkey).alias("_k"), *(pl.col(c).cast(pl.Float64) for c in pnums)).unique(
                "_k", keep="first", maintain_order=True
            ),
            on="_k",
            how="left",
            maintain_order="left",
        )
        extras += [((ptable, pkey, c), at.get_column(c).to_numpy()) for c in pnums]
    for a in amounts:
        summed = joined.get_column(a).fill_null(0.0).to_numpy()
        for plus, extra in extras:
            got = np.round(summed + extra, decimals)
            share = float(np.mean(np.abs(y - got) <= tol))
            if share >= MIN_SHARE:
                return a, plus, share
    return None
