"""A statement's total over a sibling table's events in its month: a bill's ``amount`` = its plan's fee + the costs
of that month's calls, a card statement's ``total`` = that month's transactions, a payslip's ``gross`` = the
employee's base pay + that month's overtime (issue 13, learn69); the fixed part may be kept one step further, in a
row the parent refers to (a plan's fee, the subscription only naming its plan: a side ``via`` the parent), and the
statement's month may be any month text ``inspect`` reads (``04/2023``, ``Apr 2023``: learn76).

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
  the plain sum is tried first, then each number of the parent, then each number of a table it refers to.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from simulacra._date_formats import MONTH_FORMATS
from simulacra._frames import stat
from simulacra._tally_rules import month_of

__all__ = ["Lookup", "PeriodTotal", "find_period_totals"]

MIN_ROWS = 20  # statements needed to tell a rule from a coincidence
MIN_DISTINCT = 3  # distinct values of the statement's number needed
MIN_SUMMED = 0.2  # share of statements with events in their month needed
MIN_SHARE = 0.99  # share of statements equal to the sum within rounding


#: a table a parent's rows refer to, for a fixed number kept there (a plan's fee): (its name, its rows, the
#: parent's column naming its row, its key column, its numbers)
Lookup = tuple[str, pl.DataFrame, str, str, Sequence[str]]


@dataclass(frozen=True)
class PeriodTotal:
    column: str  # the statement's number
    sides: list[dict[str, object]]  # the tally's sides: the events in the month, then the parent's number if any
    why: str


def _month(s: pl.Series) -> pl.Series | None:
    """A column's month as ``YYYY-MM`` text: a date's, an ISO text's (``2023-04``, ``2023-04-17``,
    ``2023-04-17 09:30:00``), or a month text's in one format ``inspect`` reads as a month (``04/2023``,
    ``2023/04``, ``Apr 2023``, ``April 2023``: ``MONTH_FORMATS``) on every value: what the rule's arithmetic,
    ``constraints.month_of``, reads; else None."""
    if s.dtype.is_temporal() and s.dtype != pl.Time and s.dtype != pl.Duration:
        return s.dt.strftime("%Y-%m")
    if s.dtype != pl.String:
        return None
    head = s.drop_nulls()
    if not head.len():
        return None
    if bool(head.str.contains(r"^\d{4}-(0[1-9]|1[0-2])(-\d{2}([ T]\d{2}:\d{2}.*)?)?$").all()):
        return s.str.slice(0, 7)
    text = head.str.strip_chars()
    for fmt in sorted(MONTH_FORMATS):
        if bool(text.str.strptime(pl.Datetime("us"), fmt, strict=False, exact=True).is_not_null().all()):
            return s.to_frame().select(month_of(pl.col(s.name), s.dtype)).to_series()
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
    lookups: Sequence[Lookup] = (),
) -> list[PeriodTotal]:
    """The ``statement`` ``columns`` (numbers) equal to the sum of an ``events`` amount (one of ``amounts``) over
    the events whose ``fk`` is the statement's ``key`` and whose date falls in the statement's month (a month
    column of each), plus nothing or a number of the parent row (``parent``: its table name, rows, key and
    numbers; matched on ``key``) or, failing those, of a row the parent's row refers to (``lookups``: a bill's
    plan fee kept only in ``plans``), within each column's ``decimals`` on ``MIN_SHARE`` of the rows."""
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
                found = _match(statement, col, joined, amounts, key, parent, lookups, decimals.get(col, 2))
                if found is None:
                    continue
                amount, plus, share = found
                sides: list[dict[str, object]] = [{"match": {key: fk}, "month": {sm: em}, "sum": amount}]
                said = f"the sum of its {amount} over the rows with its {key} in its {sm}'s month (their {em})"
                if plus is not None:
                    side, what = plus
                    sides.append(side)
                    said = f"{what} + {said}"
                out.append(PeriodTotal(col, sides, f"a total by month: {col} = {said} in {share:.1%} of {n:,} rows"))
                left.remove(col)
    return out


def _match(
    statement: pl.DataFrame,
    col: str,
    joined: pl.DataFrame,
    amounts: Sequence[str],
    key: str,
    parent: tuple[str, pl.DataFrame, str, Sequence[str]] | None,
    lookups: Sequence[Lookup],
    decimals: int,
) -> tuple[str, tuple[dict[str, object], str] | None, float] | None:
    """(the amount summed, the side adding a fixed number and its words or None, the share equal) for the first
    that holds: the plain sum, then each number of the parent's row, then each of a row it refers to."""
    y = statement.get_column(col).cast(pl.Float64).to_numpy()
    if np.isnan(y).any() or len(np.unique(y)) < MIN_DISTINCT:
        return None
    tol = 10.0 ** (-decimals) / 2 + 1e-9
    extras: list[tuple[tuple[dict[str, object], str] | None, np.ndarray]] = [(None, np.zeros(len(y)))]
    if parent is not None:
        ptable, prows, pkey, pnums = parent
        keys = pl.DataFrame({"_k": joined.get_column("_k")})
        at = keys.join(_first(prows, pkey, pnums), on="_k", how="left", maintain_order="left")
        extras += [
            (({"of": ptable, "match": {key: pkey}, "sum": c}, f"the {c} of its {ptable} row"), _numbers(at, c))
            for c in pnums
        ]
        for ltable, lrows, link, lkey, lnums in lookups:
            # the parent's row's link, then the row of the lookup it names: one step more
            links = _first(prows, pkey, [link], floats=False)
            numbers = _first(lrows, lkey, lnums)
            links = links.with_columns(pl.col(link).cast(numbers.schema["_k"], strict=False))
            linked = links.join(numbers, left_on=link, right_on="_k", how="left", maintain_order="left")
            at = keys.join(linked.drop(link), on="_k", how="left", maintain_order="left")
            extras += [
                (
                    (
                        {"of": ltable, "via": {"table": ptable, "match": {link: lkey}}, "match": {key: pkey}, "sum": c},
                        f"the {c} of its {ptable} row's {ltable} row (its {link})",
                    ),
                    _numbers(at, c),
                )
                for c in lnums
            ]
    for a in amounts:
        summed = joined.get_column(a).fill_null(0.0).to_numpy()
        for plus, extra in extras:
            got = np.round(summed + extra, decimals)
            share = float(np.mean(np.abs(y - got) <= tol))
            if share >= MIN_SHARE:
                return a, plus, share
    return None


def _first(rows: pl.DataFrame, key: str, columns: Sequence[str], *, floats: bool = True) -> pl.DataFrame:
    """``rows``' ``columns`` (as floats where ``floats``) by ``key`` (as ``_k``), the first row of a key."""
    picked = [pl.col(c).cast(pl.Float64) if floats else pl.col(c) for c in columns]
    return rows.select(pl.col(key).alias("_k"), *picked).unique("_k", keep="first", maintain_order=True)


def _numbers(at: pl.DataFrame, column: str) -> np.ndarray:
    return at.get_column(column).cast(pl.Float64).to_numpy()
