"""Integers (or digit text) that are dates written as codes: a day ``20210304`` (``%Y%m%d``) or a month ``202304``
(``%Y%m``), found by their values alone (issue 13).

A date dimension keyed by its day (``date_key`` 20210101, 20210102, ... one row per day, facts referencing it) was
drafted as an integer sequence: its keys ran on past the month's end (20210132, no such day) and the facts
pointed at them. A report keyed by its month (``202101`` ... ``202312``) ran on to ``202113``. Read as dates, a
key is a date sequence and a column a date range, written back in the code's form.

Digits alone are as often serials (account and order numbers of 8 digits, six-digit amounts), so a code is a date
only when every distinct value is one, of 1800-2199, and the values leave the gaps only a calendar leaves: days
that span two months or more (a counter from 20210101 reaches 20210132 first), months that span two years or more
(a counter from 202101 reaches 202113). A serial whose 5th-6th digits pass 12, or whose day passes its month's
last, is no date and stays an integer.

The ground floor (it imports nothing of simulacra): ``inspect`` drafts with these readers, and ``validate``
(``constraints.iso_dates``) and ``fit`` (``_date_keys``) read the same codes back, so all three agree on what a code
is without importing the inspection above them.
"""

from __future__ import annotations

import polars as pl

__all__ = [
    "DAY_CODE",
    "MIN_DAYS",
    "MIN_MONTHS",
    "MONTH_CODE",
    "MONTH_WORDS",
    "SHORT_DAY_CODE",
    "date_code",
    "six_digit_reading",
    "ymd_dates",
]

DAY_CODE = "%Y%m%d"
MONTH_CODE = "%Y%m"
SHORT_DAY_CODE = "%y%m%d"
#: name words that speak of a month (or a period, a bill's month) or of a day: they decide six digits the values leave
#: open
MONTH_WORDS = frozenset({"month", "months", "monthly", "mon", "mth", "period", "yyyymm", "ym", "yearmonth"})
DAY_WORDS = frozenset({"day", "days", "daily", "yymmdd", "dob", "born", "birthday"})
MIN_DAYS = 20  # distinct days before digits alone are read as days (``date_code`` and ``ymd_dates``)
MIN_MONTHS = 6  # distinct months before digits alone are read as months


def date_code(values: pl.Series) -> str | None:
    """``DAY_CODE`` or ``MONTH_CODE`` when every distinct non-null value of ``values`` (integers, or text of digits
    only) is a day (``YYYYMMDD``) or month (``YYYYMM``) of 1800-2199 and they span two months (days) or two years
    (months), at least ``MIN_DAYS`` / ``MIN_MONTHS`` of them; None otherwise."""
    if not (values.dtype.is_integer() or values.dtype == pl.String):
        return None
    text = values.drop_nulls().unique().cast(pl.String).str.strip_chars()
    if text.len() < MIN_MONTHS:
        return None
    for fmt, width, least, span in ((DAY_CODE, 8, MIN_DAYS, "%Y%m"), (MONTH_CODE, 6, MIN_MONTHS, "%Y")):
        if text.len() < least or not bool(text.str.contains(rf"^(1[89]|2[01])[0-9]{{{width - 2}}}$").all()):
            continue
        read = text.str.strptime(pl.Date, fmt, strict=False, exact=True)
        if read.null_count() or read.dt.strftime(span).n_unique() < 2:
            return None
        if fmt == MONTH_CODE and read.dt.month().n_unique() < 2:
            return None  # 180101, 180201, ...: the 1sts of months written YYMMDD, not months of 1801-1812
        return fmt
    return None


def ymd_dates(values: pl.Series) -> bool:
    """Whether every one of the (at least ``MIN_DAYS``) distinct text ``values`` is an 8-digit ``YYYYMMDD`` date of
    1800-2199 (``20210304``): codes and amounts of 8 digits almost never all name a real day (a month 01-12, a day
    that month has), so such a column is a date though its name does not say so (``posted``, ``booked``). Unlike
    ``date_code`` it asks no span of months: the caller has other evidence (a date column's spec, a profile's)."""
    vals = values.drop_nulls()
    if vals.len() < MIN_DAYS or not bool(vals.str.contains(r"^(1[89]|2[01])[0-9]{6}$").all()):
        return False
    return bool(vals.str.strptime(pl.Date, DAY_CODE, strict=False, exact=True).is_not_null().all())


def six_digit_reading(values: pl.Series, words: set[str]) -> tuple[str | None, str] | None:
    """Six digits that read both as a month ``YYYYMM`` and a day ``YYMMDD`` (201105: May 2011 or 5 Nov 2020), decided
    by evidence: (``MONTH_CODE``, ``SHORT_DAY_CODE`` or None where nothing decides, why). None where the values are
    not all such six digits (one reading or none: the other rules decide).

    Both readings hold only where the YYMMDD day is the YYYYMM month, so every day part is 12 or less: six or more
    distinct true days all on the 1st-12th is rare (under (12/31)**6, 0.3%), while months spread over two years or
    more are what a month column holds. Fewer values, or months of one year only (201001..201007: seven months, or
    seven days of October 2020), leave it open: a name that speaks of a month or a day decides; else none does and
    the integers stay integers, which the caller says."""
    if not (values.dtype.is_integer() or values.dtype == pl.String):
        return None
    text = values.drop_nulls().unique().cast(pl.String).str.strip_chars()
    if text.len() == 0 or not bool(text.str.contains(r"^(1[89]|2[01])[0-9]{4}$").all()):
        return None
    months = text.str.strptime(pl.Date, MONTH_CODE, strict=False, exact=True)
    days = text.str.strptime(pl.Date, SHORT_DAY_CODE, strict=False, exact=True)
    if months.null_count() or days.null_count():
        return None
    n, years = text.len(), months.dt.year().n_unique()
    as_months = sorted(months.dt.strftime("%Y-%m").to_list())
    as_days = sorted(days.dt.strftime("%Y-%m-%d").to_list())
    span = f"{as_months[0]}..{as_months[-1]} as months or {as_days[0]}..{as_days[-1]} as days"
    if n >= MIN_MONTHS and years >= 2:
        return MONTH_CODE, (
            f"{n} distinct six-digit values read both ways ({span}); as days every day is the 1st-12th, as months "
            f"they span {years} years: months"
        )
    if words & MONTH_WORDS and not words & DAY_WORDS:
        return MONTH_CODE, f"{n} distinct six-digit values read both ways ({span}); the name speaks of a month"
    if words & DAY_WORDS and not words & MONTH_WORDS:
        return SHORT_DAY_CODE, f"{n} distinct six-digit values read both ways ({span}); the name speaks of a day"
    return None, (
        f"{n} distinct six-digit values read both ways ({span}) and neither the values (one year of months, "
        "or too few) nor the name decides: kept as written, not read as dates"
    )
