"""A date that is another date of its row plus a whole number of days from a third column (a loan's
``due_date`` = ``loan_date`` + ``loan_days``), drafted as the ``expression`` ``loan_date + loan_days``
(issue 13, found on the library network of ``benchmarks/heldout_library.py``).

Learned on its own, the date is an offset after the other date drawn apart from the number: 25% of
sampled loans were due on their loan date plus their period. Kept when the sum holds in every row
holding all three (at least ``MIN_ROWS``), the number has two values or more (one value is a fixed
offset, which ``after`` learns), and both operands come before the date in the table (an expression
reads earlier columns).

A date can also be a calendar function of another column's month (issue 13, found on the telecom of
``benchmarks/learn_heldout_telecom.py``: a bill's ``issued_on`` is the 1st of the month after its ``period``,
``2023-04``; learned on its own, 46% of sampled bills kept it): a fixed day of the month (or its last day)
``k`` months after the period's month (``k`` in ``MONTH_STEPS``), in at least ``MIN_SHARE`` of the rows holding
both. The period is a date, a month written as text (``2023-04``) or ISO date text; the expression reads its
month as the first seven characters of its text, so it holds for each of those forms (``find_month_anchor``).
"""

from __future__ import annotations

import polars as pl

__all__ = [
    "LAST",
    "MIN_ROWS",
    "MIN_SHARE",
    "MONTH_STEPS",
    "find_date_offset",
    "find_month_anchor",
    "month_anchor_expression",
]

MIN_ROWS = 30
MIN_SHARE = 0.99  # rows on the month rule (a rare late bill still leaves the rule)
MONTH_STEPS = (-1, 0, 1, 2)  # months from the period's month to the date's
MIN_MONTHS = 3  # distinct months of the period: fewer, and a date in a fixed month matches by chance
LAST = 0  # the day "last of its month"


def find_date_offset(
    date: str, dates: dict[str, pl.Series], numbers: dict[str, pl.Series], order: list[str]
) -> tuple[str, str, str] | None:
    """``(base date, days column, evidence)`` when ``dates[date]`` equals another of ``dates`` plus
    ``numbers[n]`` days in every row holding all three; the first pair in column order wins."""
    target = dates[date]
    before = order[: order.index(date)]
    for a in before:
        if a not in dates or a == date:
            continue
        base = dates[a]
        if base.dtype != target.dtype:
            continue
        for n in before:
            if n not in numbers:
                continue
            days = numbers[n]
            held = target.is_not_null() & base.is_not_null() & days.is_not_null()
            rows = int(held.sum())
            if rows < MIN_ROWS or days.filter(held).n_unique() < 2:
                continue
            total = pl.select(pl.lit(base) + pl.duration(days=pl.lit(days))).to_series()
            if bool((total.filter(held) == target.filter(held)).all()):
                return (
                    a,
                    n,
                    f"{date} is {a} plus {n} days in all {rows:,} rows holding the three: a date of the row "
                    f"plus its own number of days",
                )
    return None


def month_anchor_expression(period: str, months: int, day: int) -> str:
    """The date ``months`` after ``period``'s month on ``day`` (``LAST``: its last day), as an expression that
    reads the month from the period's text (``2023-04``, ``2023-04-17``) or date alike."""
    first = f"CAST(CONCAT(LEFT(CAST({period} AS TEXT), 7), '-01') AS DATE)"
    if day == LAST:
        return f"DATE_ADD(DATE_ADD({first}, {months + 1}, 'month'), -1)"
    base = first if months == 0 else f"DATE_ADD({first}, {months}, 'month')"
    return base if day == 1 else f"DATE_ADD({base}, {day - 1})"


def find_month_anchor(date: str, dates: dict[str, pl.Series], order: list[str]) -> tuple[str, int, int, str] | None:
    """``(period column, months, day, evidence)`` when ``dates[date]`` is ``day`` (1-28, or ``LAST``) of the month
    ``months`` after an earlier column's month in at least ``MIN_SHARE`` of the rows holding both; the best
    share wins, the first in column order on a tie. ``dates`` are dates (a month text read as its 1st)."""
    target = dates[date]
    best: tuple[float, str, int, int, int] | None = None
    for p in order[: order.index(date)]:
        if p not in dates:
            continue
        held = target.is_not_null() & dates[p].is_not_null()
        rows = int(held.sum())
        if rows < MIN_ROWS:
            continue
        x, y = dates[p].filter(held), target.filter(held)
        if (x.dt.year() * 12 + x.dt.month()).n_unique() < MIN_MONTHS:
            continue
        step = (y.dt.year().cast(pl.Int64) * 12 + y.dt.month().cast(pl.Int64)) - (
            x.dt.year().cast(pl.Int64) * 12 + x.dt.month().cast(pl.Int64)
        )
        day = y.dt.day().cast(pl.Int64)
        last = y.dt.month_end() == y
        for k in MONTH_STEPS:
            on = step == k
            if int(on.sum()) < MIN_SHARE * rows:
                continue
            mode = day.filter(on).mode().sort()
            fixed = int(mode[0]) if mode.len() and int(mode[0]) <= 28 else None
            rules = [(LAST, int((on & last).sum()))]
            if fixed is not None:
                rules.insert(0, (fixed, int((on & (day == fixed)).sum())))
            for d, hits in rules:
                if hits >= MIN_SHARE * rows and (best is None or hits / rows > best[0]):
                    best = (hits / rows, p, k, d, rows)
    if best is None:
        return None
    share, p, k, d, rows = best
    when = "the last day" if d == LAST else f"day {d}"
    rel = {-1: "the month before", 0: "the same month as", 1: "the month after", 2: "two months after"}[k]
    why = (
        f"{date} is {when} of {rel} {p}'s month in {share:.1%} of {rows:,} rows holding both: "
        f"written from the row's {p}"
    )
    return p, k, d, why
