"""Text dates: the formats the readers know and the one way text is read in one of them.

The ground floor (it imports nothing of simulacra): the sources type text with these, and a learned model
(``synth``) or an evaluation meets text no reader typed (a frame passed in memory) and reads it the same way.
"""

from __future__ import annotations

import polars as pl

__all__ = [
    "DATETIME_FORMATS",
    "DATE_FORMATS",
    "EPOCH_MILLIS",
    "EPOCH_SECONDS",
    "PIVOT",
    "TEXT_DATE_FORMATS",
    "parse_datetime",
    "read_text_dates",
    "strptime_exact",
]

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
#: date-times stored as numbers (issue 13): seconds since 1970-01-01 UTC (``%s``, which polars writes and reads) and
#: milliseconds (written ``%s%3f``, 983707507123; polars writes it but cannot read it back, so it is read here)
EPOCH_SECONDS = "%s"
EPOCH_MILLIS = "%s%3f"
#: digit forms whose integers lose their leading zeros (2000-01-01 as yymmdd is 000101, stored as the integer 101)
_PADDED = {"%y%m%d": 6}


def strptime_exact(text: pl.Series, fmt: str) -> pl.Series:
    """Text (or integers) read exactly in ``fmt`` as Datetime (microseconds), nulls where a value does not read; no
    century pivot. Integers or digits of a ``_PADDED`` form get their lost leading zeros back (101 is 000101), and
    ``EPOCH_MILLIS`` is read as the number of milliseconds it is."""
    if fmt == EPOCH_MILLIS:
        digits = text.cast(pl.String).str.strip_chars()
        ms = pl.select(
            pl.when(digits.str.contains(r"^-?[0-9]+$")).then(digits.cast(pl.Int64, strict=False)).otherwise(None)
        ).to_series()
        return pl.from_epoch(ms, time_unit="ms").cast(pl.Datetime("us")).alias(text.name)
    text = text if text.dtype == pl.String else text.cast(pl.String)
    if fmt in _PADDED:
        width = _PADDED[fmt]
        short = text.str.contains(rf"^[0-9]{{1,{width - 1}}}$")
        text = pl.select(pl.when(short).then(text.str.zfill(width)).otherwise(text)).to_series().alias(text.name)
    return text.str.strptime(pl.Datetime("us"), fmt, strict=False, exact=True)


def parse_datetime(s: pl.Series, fmt: str | None) -> pl.Series:
    text = s if s.dtype == pl.String else s.cast(pl.String)
    text = text.str.strip_chars()
    if fmt is None:
        out = text.str.to_datetime(strict=False, time_unit="us")
    else:
        out = strptime_exact(text, fmt)
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
