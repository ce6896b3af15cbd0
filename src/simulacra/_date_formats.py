"""Which format a column's text dates are written in: the formats ``inspect`` tries, most specific first, each
with its kind (a date or a date/time), the month-only ones among them, and the one reader that picks a column's
format from its values (``date_format``).

The ground floor (it imports nothing above ``_frames``): ``inspect`` drafts a date column's format with these, and
``validate`` (``_dataset_checks.iso_dates``) reads a source's date text back in the same format, so the check and the
draft agree without the constraints importing the inspection above them. ``_text_dates`` holds the other list, the
formats a reader tries on text it meets typed as nothing (no kind, no ranking for drafting).
"""

from __future__ import annotations

import polars as pl

from simulacra._frames import stat

__all__ = ["DATE_FORMATS", "MONTH_FORMATS", "date_format"]

#: strptime formats tried on text, most specific first; the first that parses >= 99% wins
DATE_FORMATS: tuple[tuple[str, str], ...] = (
    ("%Y-%m-%dT%H:%M:%S", "datetime"),
    ("%Y-%m-%d %H:%M:%S", "datetime"),
    ("%Y-%m-%dT%H:%M:%S%.f", "datetime"),
    ("%Y-%m-%d %H:%M:%S%.f", "datetime"),
    # ISO 8601 in UTC, as JSON APIs and logs write it
    ("%Y-%m-%dT%H:%M:%SZ", "datetime"),
    ("%Y-%m-%dT%H:%M:%S%.fZ", "datetime"),
    ("%Y-%m-%dT%H:%M", "datetime"),
    ("%Y-%m-%d %H:%M", "datetime"),
    ("%Y-%m-%d", "date"),
    ("%Y/%m/%d", "date"),
    ("%d.%m.%Y", "date"),
    ("%d/%m/%Y", "date"),
    ("%m/%d/%Y", "date"),
    # dashes between day, month and year in either order (05-04-2020): which one, _day_month decides
    ("%d-%m-%Y", "date"),
    ("%m-%d-%Y", "date"),
    ("%d.%m.%Y %H:%M", "datetime"),
    ("%m/%d/%Y %H:%M", "datetime"),
    ("%d/%m/%Y %H:%M", "datetime"),
    ("%Y%m%d", "date"),
    ("%y%m%d %H:%M:%S", "datetime"),
    ("%y%m%d", "date"),
    ("%d-%b-%Y", "date"),
    ("%d %b %Y", "date"),
    ("%d-%b-%y", "date"),
    ("%b %d, %Y", "date"),
    ("%B %d, %Y", "date"),
    # a month written as text (a bill's period): read as its 1st, drafted at month grain (MONTH_FORMATS)
    ("%Y-%m", "date"),
    ("%Y/%m", "date"),
    ("%m/%Y", "date"),
    ("%b %Y", "date"),
    ("%B %Y", "date"),
)

#: the formats of :data:`DATE_FORMATS` that write a month, no day: a column in one is a date stepped by month
#: (derived, so a month format added above is one here too)
MONTH_FORMATS: frozenset[str] = frozenset(fmt for fmt, kind in DATE_FORMATS if kind == "date" and "%d" not in fmt)


def date_format(values: pl.Series, *, allow_compact: bool) -> tuple[str, str, float] | None:
    """(strptime format, 'date' | 'datetime', share parsed) of the first format parsing >= 99%.

    Compact digit formats (``%Y%m%d``, ``%y%m%d``) are tried only when
    ``allow_compact`` (the column's name speaks of a date): six digits are as often
    codes or amounts as dates.
    """
    n = values.len()
    if n == 0:
        return None
    compact = values.str.contains(r"^[0-9]{6}([0-9]{2})?( .*)?$")
    for fmt, kind in (*DATE_FORMATS, *((z, "datetime") for z in _zoned(values))):
        # digits only (20230415): a month's name (%b, %B) is never a code's
        is_compact = "-" not in fmt and "/" not in fmt and "." not in fmt.replace("%.f", "") and "%b" not in fmt.lower()
        if is_compact and not allow_compact:
            continue
        if not is_compact and bool(compact.all()):
            continue
        parsed = values.str.strptime(pl.Datetime("us"), fmt, strict=False, exact=True)
        ok = stat(parsed.is_not_null().mean())
        if ok >= 0.99:
            if kind == "datetime":
                p = parsed.drop_nulls()
                if p.len() and bool((p.dt.truncate("1d") == p).all()):
                    kind = "date"  # every time is midnight: a date written with a time
            return fmt, kind, ok
    return None


#: a zone offset written after a date-time: +01:00, -0500
_OFFSET = r"[+-][0-9]{2}:?[0-9]{2}$"


def _zoned(values: pl.Series) -> tuple[str, ...]:
    """The date-time formats of :data:`DATE_FORMATS` with the one zone offset every value ends with written after
    them as it stands (``%Y-%m-%dT%H:%M:%S+01:00``): read as the wall-clock time the source wrote and written back
    with the same offset, as a ``Z`` is. Values with different offsets (several instants' zones) give none."""
    offsets = values.str.extract(f"({_OFFSET})", 1)
    if offsets.null_count() or offsets.n_unique() != 1:
        return ()
    zone = str(offsets[0])
    return tuple(f + zone for f, kind in DATE_FORMATS if kind == "datetime" and not f.endswith("Z"))
