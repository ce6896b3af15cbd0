"""A date that is another date of its row plus a whole number of days from a third column (a loan's
``due_date`` = ``loan_date`` + ``loan_days``), drafted as the ``expression`` ``loan_date + loan_days``
(issue 13, found on the library network of ``benchmarks/heldout_library.py``).

Learned on its own, the date is an offset after the other date drawn apart from the number: 25% of
sampled loans were due on their loan date plus their period. Kept when the sum holds in every row
holding all three (at least ``MIN_ROWS``), the number has two values or more (one value is a fixed
offset, which ``after`` learns), and both operands come before the date in the table (an expression
reads earlier columns).
"""

from __future__ import annotations

import polars as pl

__all__ = ["MIN_ROWS", "find_date_offset"]

MIN_ROWS = 30


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
