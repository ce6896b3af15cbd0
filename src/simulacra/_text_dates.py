"""Text dates: the formats the readers know and the one way text is read in one of them.

The ground floor (it imports nothing of simulacra): the sources type text with these, and a learned model
(``synth``) or an evaluation meets text no reader typed (a frame passed in memory) and reads it the same way.
"""

from __future__ import annotations

import polars as pl

__all__ = ["DATETIME_FORMATS", "DATE_FORMATS", "PIVOT", "TEXT_DATE_FORMATS", "parse_datetime", "read_text_dates"]

#: date/datetime formats tried, in order, when the inspection did not name one
DATE_FORMATS = (
    "%Y-%m-%d",
    "%d/%m/%Y",
    "%m/%d/%Y",
    "%d.%m.%Y",
    "%Y/%m/%d",
    "%d-%b-%Y",
    "%d-%m-%Y",
    "%Y%m%d",
    "%y%m%d",
    "%b %d, %Y",
    "%d %b %Y",
)
DATETIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%dT%H:%M:%SZ",  # ISO 8601 in UTC (JSON APIs, logs)
    "%Y-%m-%dT%H:%M:%S%.fZ",
    # polars' own CSV form (six digits even when they are zeros: midnight-only values read as dates)
    "%Y-%m-%dT%H:%M:%S%.6f",
    "%Y-%m-%d %H:%M:%S%.6f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%m/%d/%Y %H:%M",
    "%y%m%d %H:%M:%S",
)
#: every text date and date/time format the readers know, date/times first (other packages type text with them)
TEXT_DATE_FORMATS: tuple[str, ...] = DATETIME_FORMATS + DATE_FORMATS
#: two-digit years after this date are read a century earlier
PIVOT = "2030-12-31"


def parse_datetime(s: pl.Series, fmt: str | None) -> pl.Series:
    text = s if s.dtype == pl.String else s.cast(pl.String)
    text = text.str.strip_chars()
    if fmt is None:
        out = text.str.to_datetime(strict=False, time_unit="us")
    else:
        out = text.str.strptime(pl.Datetime("us"), fmt, strict=False, exact=True)
        if "%y" in fmt:
            pivot = pl.lit(PIVOT).str.to_datetime(time_unit="us")
            out = pl.select(pl.when(out > pivot).then(out.dt.offset_by("-100y")).otherwise(out)).to_series()
    return out.alias(s.name)


def read_text_dates(s: pl.Series, extra: tuple[str, ...] = ()) -> pl.Series | None:
    """Text dates as date-times: ISO (polars' inference), else the first of the readers' formats (then
    ``extra``) that reads every non-null value; None where none does. One home for every caller that meets text
    a reader did not type (a frame passed in memory, an evaluation's other side)."""
    n = s.null_count()
    for fmt in (None, *TEXT_DATE_FORMATS, *extra):
        try:
            out = parse_datetime(s, fmt)
        except pl.exceptions.PolarsError:
            continue
        if out.null_count() == n:
            return out
    return None
