"""Dates and date-times a source stores as plain numbers, found by evidence over every value (issue 13): yymmdd
integers whose leading zeros were lost (2000-01-01 is ``000101``, stored as the integer ``101``), and seconds or
milliseconds since 1970-01-01 UTC.

A number alone is rarely a date, so each reading asks what a real number column almost never shows:

* yymmdd integers with lost zeros: every distinct value (at least ``MIN_DAYS``), padded to six digits, is a real
  day (month 01-12, a day that month has) and they span two months or more. A random integer of up to six digits
  passes that one value in ~30 (month and day both valid); twenty in a row by chance is under 1e-29. Counters and
  ids fail at once (1..99 pad to month ``00``; 10000..99999 pad to ``01``-``09`` years with months 00-99: most
  are no month). Six-digit values only (no zero lost) are left to the readers that were there
  (``six_digit_reading``, a name that speaks of a date): this reading is only for the zeros a number drops.
* epoch seconds / milliseconds: the name speaks of a date or a time (the caller says) AND every value lies in
  ``EPOCH_WINDOW`` (1990-2039) at that scale: 631,152,000..2,208,988,799 seconds, or a thousand times that in
  milliseconds. The two scales are disjoint. Without such a name a ten-digit number is kept a number: a range
  alone cannot tell an order number 1,000,000,000..2,000,000,000 from an instant, so the name is needed (a name
  alone never makes a date either: one value outside the window, or a fraction, keeps it a number).

What is found is a strftime form the readers (``_text_dates.parse_datetime``) and writers (``dt.strftime``) share,
so a column is learned as dates and written back as the integers it was: ``%y%m%d`` (``strftime`` writes ``000101``,
which cast to the source's integer is ``101``), ``%s``, ``%s%3f``.

Excel serial day numbers (days since 1899-12-30, 25569 = 1970-01-01) are not read: five-digit serials are exactly
the range of five-digit ids and amounts, and no strftime form writes them back.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from simulacra._date_codes import MIN_DAYS, SHORT_DAY_CODE
from simulacra._text_dates import EPOCH_MILLIS, EPOCH_SECONDS, parse_datetime

__all__ = ["EPOCH_WINDOW", "number_dates"]

#: the instants an epoch number is read as: 1990-01-01 (inclusive) to 2040-01-01 (exclusive), UTC
EPOCH_WINDOW = (dt.datetime(1990, 1, 1, tzinfo=dt.UTC), dt.datetime(2040, 1, 1, tzinfo=dt.UTC))
_SECONDS = (int(EPOCH_WINDOW[0].timestamp()), int(EPOCH_WINDOW[1].timestamp()))


def number_dates(values: pl.Series, *, named: bool) -> tuple[str, str, str] | None:
    """``(form, "date" | "datetime", evidence)`` when the integers ``values`` are dates stored as numbers (see the
    module): yymmdd with lost leading zeros on the values alone, epoch seconds or milliseconds where ``named`` (the
    column's name speaks of a date or a time); None otherwise (a number stays a number)."""
    if not values.dtype.is_integer():
        return None
    vals = values.drop_nulls()
    if vals.len() == 0:
        return None
    lo, hi = int(vals.min()), int(vals.max())  # type: ignore[arg-type]
    distinct = vals.unique().sort()
    if 0 <= lo < 100_000 and hi <= 991_231 and distinct.len() >= MIN_DAYS:
        return _short_days(distinct)
    if not named:
        return None
    for form, scale, unit in ((EPOCH_SECONDS, 1, "seconds"), (EPOCH_MILLIS, 1_000, "milliseconds")):
        if _SECONDS[0] * scale <= lo and hi < _SECONDS[1] * scale:
            read = parse_datetime(distinct, form)
            if read.null_count():
                return None
            midnight = bool((distinct % (86_400 * scale) == 0).all())
            return (
                form,
                "date" if midnight else "datetime",
                f"integers read as {unit} since 1970-01-01 UTC ({form}): the name speaks of a date or time and "
                f"every one of {distinct.len():,} distinct values is an instant of 1990-2039; "
                + _span(read, "%Y-%m-%d %H:%M:%S"),
            )
    return None


def _short_days(distinct: pl.Series) -> tuple[str, str, str] | None:
    """yymmdd integers some of which lost leading zeros: every distinct value a day, two months or more."""
    if parse_datetime(distinct.head(1_000), SHORT_DAY_CODE).null_count():
        return None  # the smallest values first: a count or an amount fails here, before every value is read
    read = parse_datetime(distinct, SHORT_DAY_CODE)
    if read.null_count() or read.dt.strftime("%Y%m").n_unique() < 2:
        return None
    lost = int((distinct < 100_000).sum())
    return (
        SHORT_DAY_CODE,
        "date",
        f"integers read as dates ({SHORT_DAY_CODE}, leading zeros lost: {lost:,} of {distinct.len():,} distinct "
        f"values have fewer than six digits, e.g. {int(distinct[0])} for {read.dt.strftime('%Y-%m-%d')[0]}): every "
        "distinct value is a day; " + _span(read, "%Y-%m-%d"),
    )


def _span(read: pl.Series, fmt: str) -> str:
    """The first and last of the dates ``read``, written ``fmt``: ``first..last``."""
    text = read.sort().dt.strftime(fmt)
    return f"{text[0]}..{text[-1]}"
