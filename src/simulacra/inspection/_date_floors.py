"""A least gap of whole years between two dates of a row (a member joins at 6 or older: ``joined`` is never
before ``birth_date`` + 6 years), drafted as the check ``joined >= DATE_ADD(birth_date, 6, year)`` (issue 13,
found on the library probe of ``benchmarks/heldout_library.py``: both dates learned on their own, 11-18% of
sampled members joined younger than any source member).

The two ranges need not overlap (births end before the first joining), so no order of the row is drafted for
them; the evidence is chance: had the later date fallen independently of the earlier one, at least
``MIN_EXPECTED`` rows would have had a gap under the floor, and none has. The floor is the least whole number
of calendar years between the dates in the source's rows (at least one). Taken at the least gap seen, a floor
of dates that fall independently has about one row under it by chance (the least of many gaps is where the
shares run out); ``MIN_EXPECTED`` rows is well past that.
"""

from __future__ import annotations

import numpy as np
import polars as pl

__all__ = ["MIN_EXPECTED", "MIN_ROWS", "find_year_floor"]

MIN_ROWS = 30
MIN_EXPECTED = 5.0


def _whole_years(a: pl.Series, b: pl.Series) -> pl.Series:
    """Full calendar years from ``a`` to ``b``, row by row."""

    def day_of(s: pl.Series) -> pl.Series:
        return s.dt.month().cast(pl.Int32) * 100 + s.dt.day().cast(pl.Int32)

    later = day_of(b) < day_of(a)
    return b.dt.year().cast(pl.Int64) - a.dt.year().cast(pl.Int64) - later.cast(pl.Int64)


def find_year_floor(a: pl.Series, b: pl.Series) -> tuple[int, str] | None:
    """``(years, evidence)`` when ``b`` is at least ``years`` (>= 1) whole years after ``a`` in every row holding
    both (at least ``MIN_ROWS``), and chance would have broken that floor in ``MIN_EXPECTED`` rows or more."""
    both = a.is_not_null() & b.is_not_null()
    x, y = a.filter(both).cast(pl.Date), b.filter(both).cast(pl.Date)
    n = x.len()
    if n < MIN_ROWS:
        return None
    years = int(_whole_years(x, y).min())  # type: ignore[arg-type]
    if years < 1:
        return None
    # rows of an independent pairing under the floor: for each earlier date, the share of later dates before
    # it plus the floor (in days, as an estimate)
    start = x.cast(pl.Int64).to_numpy() + int(round(years * 365.25))
    ends = np.sort(y.cast(pl.Int64).to_numpy())
    expected = float(np.searchsorted(ends, start, side="left").sum()) / n
    if expected < MIN_EXPECTED:
        return None
    why = (
        f"at least {years} whole year{'s' if years > 1 else ''} after the earlier date in all {n:,} rows holding "
        f"both, although about {expected:,.0f} rows would be under that floor had the dates fallen independently"
    )
    return years, why
